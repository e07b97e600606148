import type { Authorizer } from './auth/authorizers.js';
import type { Blueprint, BlueprintHost } from './blueprint.js';
import type { Tasks } from './events/task.js';
import type { Trigger } from './events/triggers.js';
import type { CorsConfig } from './http/cors.js';
import { createRouterHandler, type RouterHandler } from './lambda.js';
import type { Manifest } from './manifest.js';
import { Registrar, type PendingRoute } from './registrar.js';
import type { Route } from './routing/route.js';
import { RouteTable } from './routing/table.js';
import { registerBlueprint } from './seams/blueprints.js';
import { checkAppOptions, checkPath, checkPlacement, checkRoute, manifestOf, nameRoute } from './seams/checks.js';
import { normalizeCors } from './seams/cors.js';
import { addAuthorizer } from './seams/authorizers.js';
import { readSchemas, responseCheckingHandler, responsePolicy, validatingHandler } from './seams/schemas.js';
import { storeTrigger } from './seams/triggers.js';
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

const NO_MIDDLEWARE: readonly Middleware[] = [];

/**
 * A Calix application: register routes and triggers at import time, then export
 * `app.handler` as the Lambda entry point.
 */
export class Calix extends Registrar {
  protected readonly owner = 'app';
  declare readonly name: string;
  declare readonly debug: boolean;
  /** The router Lambda's entry point: `export const handler = app.handler`. */
  declare readonly handler: RouterHandler;
  /** @internal */ readonly routes: Route[] = [];
  /** @internal */ readonly table = new RouteTable<Route>();
  /** @internal */ readonly middleware: Middleware[] = [];
  /** @internal */ readonly authorizers = new Map<string, Authorizer>();
  /** @internal Triggers by name (each becomes its own Lambda function). */
  readonly triggers = new Map<string, Trigger>();
  /** Each task's handle by name (`app.tasks.resize.send(payload)`), blueprints' included once registered. */
  readonly tasks: Tasks = {} as Tasks;
  private declare readonly defaults: { cors: boolean | CorsConfig | undefined; authorizer: Authorizer | undefined };
  /** @internal The `validateResponses` option, or the environment's answer once read (src/schema/validate.ts). */
  declare responseValidation: boolean | undefined;

  constructor(options: CalixOptions) {
    super();
    checkAppOptions(options);
    this.name = options.name;
    this.debug = options.debug ?? false;
    this.defaults = { cors: options.cors, authorizer: options.authorizer };
    if (options.authorizer) addAuthorizer(this.authorizers, this.triggers, options.authorizer, 'new Calix({ authorizer })');
    this.responseValidation = options.validateResponses;
    this.handler = createRouterHandler(this);
  }

  protected addMiddleware(mw: Middleware): void {
    this.middleware.push(mw);
    for (const r of this.routes) r.chain = undefined;
  }

  protected addTrigger(trigger: Trigger): void {
    storeTrigger(this, trigger);
  }

  /** Adds a blueprint's routes under `prefix` (e.g. `/admin`). */
  register(bp: Blueprint, options: { prefix?: string } = {}): this {
    registerBlueprint(this as unknown as BlueprintHost, bp, options);
    return this;
  }

  /** @internal Whether a blueprint was registered (a Lambda bundle without any leaves their code out). */
  declare blueprints?: true;

  /** @internal A route registered here, or (with its middleware) from blueprint `bp`. */
  protected addRoute(r: PendingRoute, middleware: readonly Middleware[] = NO_MIDDLEWARE, bp?: Blueprint): void {
    const o = r.options;
    const methods = o.methods ? o.methods.map((m) => String(m).toUpperCase()) : ['GET'];
    const what = `route ${methods.join(',')} ${r.path}`;
    const contentTypes = o.contentTypes ? o.contentTypes.map((t) => t.toLowerCase()) : ['application/json'];
    checkRoute(methods, r.handler, contentTypes, what);
    checkPath(r.path, what);
    const authorizer = o.authorizer !== undefined ? o.authorizer : bp?.options.authorizer !== undefined ? bp.options.authorizer : (this.defaults.authorizer ?? null);
    const cors = normalizeCors(o.cors !== undefined ? o.cors : bp?.options.cors !== undefined ? bp.options.cors : this.defaults.cors);
    checkPlacement(r.path, methods, cors, this.routes, what);
    const schemas = readSchemas(o, what);
    let invoke = r.handler;
    if (schemas?.response) invoke = responseCheckingHandler(what, schemas.response, responsePolicy(this), invoke);
    if (schemas) invoke = validatingHandler(schemas, invoke, contentTypes);
    const name = nameRoute(o.name, r.handler, methods, r.path, this.routes, what);
    // Last: the only check with a side effect. A failed registration leaves nothing registered.
    if (authorizer) addAuthorizer(this.authorizers, this.triggers, authorizer, what);

    const route: Route = {
      name,
      path: r.path,
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
    this.table.add(r.path, methods, route);
    this.routes.push(route);
  }

  /** The registry as plain, versioned JSON: what the CLI and the infrastructure read. */
  manifest(): Manifest {
    return manifestOf(this);
  }
}
