import type { Authorizer } from './auth/authorizers.js';
import type { CorsConfig } from './http/cors.js';
import { parsePath } from './routing/path.js';
import type { AuthenticatedRouteHandler, AuthenticatedRouteOptions, HandlerDecorator, Middleware, RouteHandler, RouteOptions } from './types.js';
import { decorator } from './decorators.js';
import { TriggerRegistrar } from './events/registrar.js';
import type { Trigger } from './events/triggers.js';

export interface BlueprintOptions {
  /** Default authorizer for the blueprint's routes (a route's own setting wins). */
  authorizer?: Authorizer | null;
  /** Default CORS for the blueprint's routes (a route's own setting wins). */
  cors?: boolean | CorsConfig;
}

export interface PendingRoute {
  path: string;
  options: RouteOptions;
  handler: RouteHandler<string>;
}

/** Splits `route(path, handler)` / `route(path, options, handler)` into its parts. */
export function routeArgs(
  path: string,
  optionsOrHandler: RouteOptions | RouteHandler<string>,
  handler?: RouteHandler<string>,
): PendingRoute {
  if (typeof optionsOrHandler === 'function') return { path, options: {}, handler: optionsOrHandler };
  if (typeof handler !== 'function') throw new TypeError(`route ${path}: the last argument must be the handler function`);
  return { path, options: optionsOrHandler ?? {}, handler };
}

/**
 * A group of routes registered on an app under a URL prefix:
 * `app.register(users, { prefix: '/users' })`.
 */
export class Blueprint extends TriggerRegistrar {
  protected readonly owner = 'blueprint';
  protected addTrigger(trigger: Trigger): void {
    this.triggers.push(trigger);
  }
  /** @internal */ readonly pending: PendingRoute[] = [];
  /** @internal */ readonly middleware: Middleware[] = [];
  /** @internal Validated now; names are checked against the app's when registered. */
  readonly triggers: Trigger[] = [];

  constructor(readonly options: BlueprintOptions = {}) {
    super();
  }

  route<P extends string>(path: P, handler: RouteHandler<P>): this;
  route<P extends string>(path: P, options: AuthenticatedRouteOptions, handler: AuthenticatedRouteHandler<P>): this;
  route<P extends string>(path: P, options: RouteOptions, handler: RouteHandler<P>): this;
  /** Without a handler: a method decorator, like `app.route`'s. */
  route<P extends string>(path: P, options?: RouteOptions): HandlerDecorator<RouteHandler<P>>;
  // An authenticated handler only narrows `req.auth`; the router calls every handler alike.
  route(path: string, a?: RouteOptions | RouteHandler<string>, b?: RouteHandler<string> | AuthenticatedRouteHandler<string>): any {
    if (typeof a !== 'function' && arguments.length < 3) return decorator((h) => this.route(path, a ?? {}, h as RouteHandler<string>));
    const r = routeArgs(path, a!, b as RouteHandler<string>);
    // Validate now so the error points at the blueprint's own registration line.
    parsePath(path, `blueprint route ${path}`);
    this.pending.push(r);
    return this;
  }


  /** Middleware around this blueprint's routes only (inside the app's middleware). */
  use(mw: Middleware): this {
    this.middleware.push(mw);
    return this;
  }
}
