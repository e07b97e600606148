// Registration's rules: what `new Calix()`, `app.route()` and `app.register()` refuse, and the
// names routes get. They run wherever the app is loaded from its full build (tests, `calix local`,
// `routes`, `invoke`, and `calix package` before it ships anything); the router bundle
// `calix package` ships leaves them out (../seams/checks.absent.ts): the very same registrations
// were checked there, and the package step verifies the shipped bundle registers them again.
import { RegistrationError } from '../http/errors.js';
import { splitPath, type ParsedPath } from '../routing/path.js';

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

/** What the placement and naming checks read of a route already registered. */
export interface Placed {
  readonly name: string;
  readonly path: string;
  readonly methods: readonly string[];
  readonly cors: unknown;
}

/** The checks' view of an app's routes so far: their names, and per path its segments, methods and CORS rule. */
interface Seen {
  count: number;
  readonly names: Set<string>;
  readonly paths: Map<string, { readonly parsed: ParsedPath; readonly methods: Set<string>; cors: unknown }>;
}
const seenByApp = new WeakMap<readonly Placed[], Seen>();

/** The view of `routes`, brought up to date with the routes added since (an app's routes only grow). */
function seen(routes: readonly Placed[]): Seen {
  let s = seenByApp.get(routes);
  if (!s) seenByApp.set(routes, (s = { count: 0, names: new Set(), paths: new Map() }));
  for (; s.count < routes.length; s.count++) {
    const r = routes[s.count]!;
    s.names.add(r.name);
    let p = s.paths.get(r.path);
    if (!p) s.paths.set(r.path, (p = { parsed: splitPath(r.path), methods: new Set(), cors: null }));
    for (const m of r.methods) p.methods.add(m);
    if (r.cors) p.cors = r.cors;
  }
  return s;
}

const label = (s: { kind: string; name?: string }) => `{${s.name}${s.kind === 'greedy' ? '+' : ''}}`;

/**
 * Throws if a route on `path` with `methods` cannot join `routes`: a method already registered
 * on that path, CORS settings that differ from the path's other CORS routes (one path has one
 * preflight answer), or a variable where another route has a differently named one at the same
 * position of API Gateway's resource tree (it allows one variable per position).
 */
export function checkPlacement(path: string, methods: readonly string[], cors: unknown, routes: readonly Placed[], what: string): void {
  const { paths } = seen(routes);
  const same = paths.get(path);
  if (same) {
    for (const m of methods) {
      if (same.methods.has(m)) throw new RegistrationError(`${what}: ${m} ${path} is already registered`);
      if (cors && same.cors && JSON.stringify(same.cors) !== JSON.stringify(cors)) {
        throw new RegistrationError(`${what}: CORS settings differ from another route on ${path}; one path has one preflight answer, so give its routes the same cors`);
      }
    }
    return;
  }
  const parsed = splitPath(path);
  for (const { parsed: o } of paths.values()) {
    // Walk the two paths from the root while they share a resource; each variable position
    // they share must hold the same variable.
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
          `${what}: ${path} puts ${label(a)} where another route has ${label(b)} (after "${prefix || '/'}"); API Gateway allows one variable per position, so use the same name`,
        );
      }
      prefix += '/' + label(a);
    }
  }
}

/**
 * A route's name: the explicit one (checked), else its handler's function name when that is an
 * identifier no other route has, else one made from the method and path (`get_users_id`, then
 * `get_users_id_2`…).
 */
export function nameRoute(explicit: string | undefined, handler: Function, methods: readonly string[], path: string, routes: readonly Placed[], what: string): string {
  const taken = seen(routes).names;
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
