// Registration's rules: what `new Calix()`, `app.route()` and `app.register()` refuse, and the
// names routes get. They run wherever the app is loaded from its full build (tests, `calix local`,
// `routes`, `invoke`, and `calix package` before it ships anything); the router bundle
// `calix package` ships leaves them out (../seams/checks.absent.ts): the very same registrations
// were checked there, and the package step verifies the shipped bundle registers them again.
import { RegistrationError } from '../http/errors.js';
import { splitPath } from '../routing/path.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const IDENT = /^[A-Za-z_$][\w$]*$/;
// API Gateway resource path parts: a literal, a whole-segment `{name}`, or a trailing `{name+}`.
const LITERAL = /^[A-Za-z0-9._~:@!$&'()*,;=-]+$/;
const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

/** `new Calix(options)`: the name and the validateResponses flag. */
export function checkAppOptions(options: { name?: unknown; validateResponses?: unknown } | undefined): void {
  if (!options || typeof options.name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(options.name)) {
    throw new RegistrationError(`new Calix({ name }): name "${options?.name}" must start with a letter and hold only letters, digits and "-" (max 63)`);
  }
  if (options.validateResponses !== undefined && typeof options.validateResponses !== 'boolean') {
    throw new RegistrationError('new Calix({ validateResponses }): must be true or false');
  }
}

/**
 * Throws unless `path` is a route path API Gateway accepts as a resource path, saying what it
 * would accept instead; `what` names the registration.
 */
export function checkPath(path: string, what: string): void {
  const fail = (why: string): never => {
    throw new RegistrationError(`${what}: invalid path "${path}": ${why}`);
  };
  if (typeof path !== 'string' || !path.startsWith('/')) fail('a route path must start with "/"');
  if (path === '/') return;
  if (path.endsWith('/')) fail('remove the trailing "/" (API Gateway resource paths have none)');
  const parts = path.slice(1).split('/');
  const params: string[] = [];
  parts.forEach((part, i) => {
    if (part === '') fail('empty path segment ("//")');
    const v = VARIABLE.exec(part);
    if (v) {
      const name = v[1]!;
      if (params.includes(name)) fail(`parameter "{${name}}" appears twice; each name must be unique in a path`);
      params.push(name);
      if (v[2] && i !== parts.length - 1) fail(`greedy parameter "{${name}+}" must be the last segment`);
    } else if (part.includes('{') || part.includes('}')) {
      fail(`segment "${part}" must be a whole "{name}" or "{name+}" (names: letters, digits, _; no partial segments)`);
    } else if (!LITERAL.test(part)) {
      fail(`segment "${part}" has characters API Gateway does not allow in a resource path`);
    }
  });
}

/** A route's methods, handler and content types. */
export function checkRoute(methods: readonly string[], handler: unknown, contentTypes: readonly string[], what: string): void {
  if (methods.length === 0) throw new RegistrationError(`${what}: methods must not be empty`);
  for (const m of methods) if (!METHODS.has(m)) throw new RegistrationError(`${what}: unknown HTTP method "${m}"`);
  if (new Set(methods).size !== methods.length) throw new RegistrationError(`${what}: a method is listed twice`);
  if (typeof handler !== 'function') throw new RegistrationError(`${what}: handler must be a function`);
  if (contentTypes.length === 0 || contentTypes.some((t) => t !== '*/*' && !/^[\w.+-]+\/[\w.+*-]+$/.test(t))) {
    throw new RegistrationError(`${what}: contentTypes must be media types like "application/json" or "image/*"`);
  }
}

/** What the placement check reads of a route already registered. */
export interface Placed {
  readonly path: string;
  readonly methods: readonly string[];
  readonly cors: unknown;
}

const label = (s: { kind: string; name?: string }) => `{${s.name}${s.kind === 'greedy' ? '+' : ''}}`;

/**
 * Throws if a route on `path` with `methods` cannot join `routes`: a method already registered
 * on that path, CORS settings that differ from the path's other CORS routes (one path has one
 * preflight answer), or a variable where another route has a differently named one at the same
 * position of API Gateway's resource tree (it allows one variable per position).
 */
export function checkPlacement(path: string, methods: readonly string[], cors: unknown, routes: Iterable<Placed>, what: string): void {
  const parsed = splitPath(path);
  const registered = new Set<string>();
  let pathCors: unknown = null;
  for (const other of routes) {
    if (other.path === path) {
      for (const m of other.methods) registered.add(m);
      if (other.cors) pathCors = other.cors;
      continue;
    }
    // Walk the two paths from the root while they share a resource; each variable position
    // they share must hold the same variable.
    const o = splitPath(other.path);
    let prefix = '';
    for (let i = 0; i < parsed.segments.length && i < o.segments.length; i++) {
      const a = parsed.segments[i]!;
      const b = o.segments[i]!;
      if (a.kind === 'literal' || b.kind === 'literal') {
        if (a.kind !== 'literal' || b.kind !== 'literal' || a.value !== b.value) break;
        prefix += '/' + a.value;
        continue;
      }
      if (a.name !== b.name || a.kind !== b.kind) {
        throw new RegistrationError(
          `${what}: ${parsed.template} puts ${label(a)} where another route has ${label(b)} (after "${prefix || '/'}"); API Gateway allows one variable per position, so use the same name`,
        );
      }
      prefix += '/' + label(a);
    }
  }
  for (const m of methods) {
    if (registered.has(m)) throw new RegistrationError(`${what}: ${m} ${parsed.template} is already registered`);
    if (cors && pathCors && JSON.stringify(pathCors) !== JSON.stringify(cors)) {
      throw new RegistrationError(`${what}: CORS settings differ from another route on ${parsed.template}; one path has one preflight answer, so give its routes the same cors`);
    }
  }
}

/**
 * A route's name: the explicit one (checked), else its handler's function name when that is an
 * identifier no other route has, else one made from the method and path (`get_users_id`, then
 * `get_users_id_2`…).
 */
export function nameRoute(explicit: string | undefined, handler: Function, methods: readonly string[], path: string, routes: readonly { readonly name: string }[], what: string): string {
  const taken = new Set(routes.map((r) => r.name));
  if (explicit !== undefined) {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(explicit)) throw new RegistrationError(`${what}: name "${explicit}" must be 1-128 letters, digits, ".", "_" or "-"`);
    if (taken.has(explicit)) throw new RegistrationError(`${what}: route name "${explicit}" is already used by another route`);
    return explicit;
  }
  if (IDENT.test(handler.name) && !taken.has(handler.name)) return handler.name;
  const parsed = splitPath(path);
  const base = [methods[0]!.toLowerCase(), ...(parsed.segments.length ? parsed.segments.map((s) => (s.kind === 'literal' ? s.value : s.name)) : ['root'])]
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}
