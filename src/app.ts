import type { Authorizer } from './auth/authorizers.js';
import { Blueprint } from './blueprint.js';
import type { Task, TaskTrigger, Tasks } from './events/task.js';
import type { Trigger } from './events/triggers.js';
import { binaryTypes } from './http/content-type.js';
import type { CorsConfig } from './http/cors.js';
import { RegistrationError } from './http/errors.js';
import { createRouterHandler, type RouterHandler } from './lambda.js';
import { MANIFEST_VERSION, type Manifest } from './manifest.js';
import { Registrar, type PendingRoute } from './registrar.js';
import { joinPath, parsePath, type ParsedPath } from './routing/path.js';
import type { Route } from './routing/route.js';
import { RouteTable } from './routing/table.js';
import type { ResponseValidation } from './schema/validate.js';
import { normalizeCors } from './seams/cors.js';
import { readSchemas, responseCheckingHandler, routeSchemasManifest, validatingHandler, VALIDATE_RESPONSES } from './seams/schemas.js';
import { addTrigger as storeTrigger } from './seams/triggers.js';
import type { Middleware } from './types.js';

export interface CalixOptions {
  /** App name: the stack is `<name>-<stage>`. Letters, digits and dashes. */
  name: string;
  /** Adds the stack trace to 500 responses. Never enable in production. @default false */
  debug?: boolean;
  /** CORS for every route unless the route says otherwise. @default off */
  cors?: boolean | CorsConfig;
  /** Authorizer for every route unless the route says `authorizer: null`. @default none */
  authorizer?: Authorizer;
  /**
   * Checks each handler's response against the route's `response` schema for its status; a
   * mismatch is a 500 with the issues logged. For tests and `calix local`, not production.
   * @default true when the environment has `CALIX_VALIDATE_RESPONSES=1` (read at the first request
   * of a route with response schemas), else false
   */
  validateResponses?: boolean;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * A Calix application: register routes and triggers at import time, then export
 * `app.handler` as the Lambda entry point.
 */
export class Calix extends Registrar {
  protected readonly owner = 'app';
  readonly name: string;
  readonly debug: boolean;
  /** The router Lambda's entry point: `export const handler = app.handler`. */
  readonly handler: RouterHandler;
  /** @internal */ readonly routes: Route[] = [];
  /** @internal */ readonly table = new RouteTable<Route>();
  /** @internal */ readonly middleware: Middleware[] = [];
  /** @internal */ readonly authorizers = new Map<string, Authorizer>();
  /** @internal Triggers by name (each becomes its own Lambda function). */
  readonly triggers = new Map<string, Trigger>();
  /** Each task's handle by name (`app.tasks.resize.send(payload)`), blueprints' included once registered. */
  readonly tasks: Tasks = {} as Tasks;
  private readonly defaults: { cors: boolean | CorsConfig | undefined; authorizer: Authorizer | undefined };
  private readonly routeNames = new Set<string>();
  /** The `validateResponses` option, or the environment's answer once read. */
  private responseValidation: boolean | undefined;
  /** How routes with response schemas decide, per request, whether to check. */
  private readonly responsePolicy: ResponseValidation;

  constructor(options: CalixOptions) {
    super();
    if (!options || typeof options.name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(options.name)) {
      throw new RegistrationError(`new Calix({ name }): name "${options?.name}" must start with a letter and hold only letters, digits and "-" (max 63)`);
    }
    this.name = options.name;
    this.debug = options.debug ?? false;
    this.defaults = { cors: options.cors, authorizer: options.authorizer };
    if (options.authorizer) this.addAuthorizer(options.authorizer, 'new Calix({ authorizer })');
    if (options.validateResponses !== undefined && typeof options.validateResponses !== 'boolean') {
      throw new RegistrationError('new Calix({ validateResponses }): must be true or false');
    }
    this.responseValidation = options.validateResponses;
    const debug = this.debug;
    this.responsePolicy = {
      debug,
      enabled: (req) =>
        (this.responseValidation ??= globalThis.process?.env?.CALIX_VALIDATE_RESPONSES === '1') ||
        (req.lambdaContext as Record<symbol, unknown> | undefined)?.[VALIDATE_RESPONSES] === true,
    };
    this.handler = createRouterHandler(this);
  }

  protected addRoute(r: PendingRoute): void {
    this.addRouteFrom(r, [], undefined);
  }

  protected addMiddleware(mw: Middleware): void {
    this.middleware.push(mw);
    for (const r of this.routes) r.chain = undefined;
  }

  protected addTrigger(trigger: Trigger): void {
    storeTrigger(this.triggers, this.authorizers, trigger);
    const task = (trigger as Partial<TaskTrigger>).task;
    if (task) (this.tasks as Record<string, Task>)[task.name] = task;
  }

  /** Adds a blueprint's routes under `prefix` (e.g. `/admin`). */
  register(bp: Blueprint, options: { prefix?: string } = {}): this {
    if (!(bp instanceof Blueprint)) throw new TypeError('app.register(bp): bp must be a Blueprint');
    // A trailing slash on a prefix is harmless: `/v2/` + `/users` is `/v2/users`.
    const prefix = (options.prefix ?? '').replace(/(.)\/+$/, '$1');
    if (prefix && prefix !== '/') parsePath(prefix, `app.register(prefix "${prefix}")`);
    for (const r of bp.pending) this.addRouteFrom({ ...r, path: joinPath(prefix, r.path) }, bp.middleware, bp);
    for (const t of bp.triggers) this.addTrigger(t);
    return this;
  }

  private addRouteFrom(r: PendingRoute, middleware: readonly Middleware[], bp: Blueprint | undefined): void {
    const o = r.options;
    const methods = (o.methods ?? ['GET']).map((m) => String(m).toUpperCase());
    const what = `route ${methods.join(',')} ${r.path}`;
    if (methods.length === 0) throw new RegistrationError(`${what}: methods must not be empty`);
    for (const m of methods) if (!METHODS.has(m)) throw new RegistrationError(`${what}: unknown HTTP method "${m}"`);
    if (new Set(methods).size !== methods.length) throw new RegistrationError(`${what}: a method is listed twice`);
    if (typeof r.handler !== 'function') throw new RegistrationError(`${what}: handler must be a function`);
    const parsed = parsePath(r.path, what);

    const authorizer = o.authorizer !== undefined ? o.authorizer : bp?.options.authorizer !== undefined ? bp.options.authorizer : (this.defaults.authorizer ?? null);
    if (authorizer) this.addAuthorizer(authorizer, what);
    const cors = normalizeCors(o.cors !== undefined ? o.cors : bp?.options.cors !== undefined ? bp.options.cors : this.defaults.cors);
    const contentTypes = (o.contentTypes ?? ['application/json']).map((t) => t.toLowerCase());
    if (contentTypes.length === 0 || contentTypes.some((t) => t !== '*/*' && !/^[\w.+-]+\/[\w.+*-]+$/.test(t))) {
      throw new RegistrationError(`${what}: contentTypes must be media types like "application/json" or "image/*"`);
    }

    const schemas = readSchemas(o, what);
    let invoke = r.handler;
    if (schemas?.response) invoke = responseCheckingHandler(what, schemas.response, this.responsePolicy, invoke);
    if (schemas) invoke = validatingHandler(schemas, invoke, contentTypes);

    const route: Route = {
      name: this.routeName(o.name, r.handler, methods, parsed, what),
      path: parsed.template,
      parsed,
      methods,
      handler: r.handler,
      invoke,
      schemas,
      authorizer,
      cors,
      contentTypes,
      apiKeyRequired: o.apiKeyRequired ?? false,
      middleware,
      acceptedType: undefined,
      chain: undefined,
    };
    this.table.add(parsed, methods, route, what);
    this.routes.push(route);
    this.routeNames.add(route.name);
  }

  private routeName(explicit: string | undefined, handler: Function, methods: string[], parsed: ParsedPath, what: string): string {
    if (explicit !== undefined) {
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(explicit)) throw new RegistrationError(`${what}: name "${explicit}" must be 1-128 letters, digits, ".", "_" or "-"`);
      if (this.routeNames.has(explicit)) throw new RegistrationError(`${what}: route name "${explicit}" is already used by another route`);
      return explicit;
    }
    if (IDENT.test(handler.name) && !this.routeNames.has(handler.name)) return handler.name;
    const base = [methods[0]!.toLowerCase(), ...(parsed.segments.length ? parsed.segments.map((s) => (s.kind === 'literal' ? s.value : s.name)) : ['root'])]
      .join('_')
      .replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 2; this.routeNames.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  private addAuthorizer(a: Authorizer, what: string): void {
    const known = this.authorizers.get(a.name);
    // Two custom authorizers of one name are two functions, even with equal settings.
    if (known && known !== a && ('fn' in a || JSON.stringify(known.toManifest()) !== JSON.stringify(a.toManifest()))) {
      throw new RegistrationError(`${what}: another authorizer is already named "${a.name}" with different settings`);
    }
    // A custom authorizer is a Lambda function named after it, like a trigger (addTrigger checks the other order).
    if (!known && 'fn' in a && [...this.triggers.keys()].some((t) => t.toLowerCase() === a.name.toLowerCase())) {
      throw new RegistrationError(`${what}: custom authorizer "${a.name}" gets a Lambda function of that name, which a trigger already has; rename one`);
    }
    if (!known) this.authorizers.set(a.name, a);
  }

  /** The registry as plain, versioned JSON: what the CLI and the infrastructure read. */
  manifest(): Manifest {
    const binary = new Set<string>();
    for (const r of this.routes) for (const t of binaryTypes(r.contentTypes)) binary.add(t);
    return {
      manifestVersion: MANIFEST_VERSION,
      app: this.name,
      routes: this.routes.map((r) => ({
        name: r.name,
        path: r.path,
        methods: [...r.methods],
        params: [...r.parsed.params],
        authorizer: r.authorizer?.name ?? null,
        // A deep copy: the rule's arrays are the ones the router answers with.
        cors: r.cors && structuredClone(r.cors),
        contentTypes: [...r.contentTypes],
        apiKeyRequired: r.apiKeyRequired,
        ...(r.schemas && { schemas: routeSchemasManifest(r.schemas) }),
      })),
      authorizers: [...this.authorizers.values()].map((a) => a.toManifest()),
      triggers: [...this.triggers.values()].map((t) => structuredClone(t.manifest)),
      binaryMediaTypes: [...binary].sort(),
    };
  }
}
