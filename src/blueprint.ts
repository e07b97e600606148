import type { Authorizer } from './auth/authorizers.js';
import type { CorsConfig } from './http/cors.js';
import { parsePath } from './routing/path.js';
import type { Middleware, RouteHandler, RouteOptions } from './types.js';

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
export class Blueprint {
  /** @internal */ readonly pending: PendingRoute[] = [];
  /** @internal */ readonly middleware: Middleware[] = [];

  constructor(readonly options: BlueprintOptions = {}) {}

  route<P extends string>(path: P, handler: RouteHandler<P>): this;
  route<P extends string>(path: P, options: RouteOptions, handler: RouteHandler<P>): this;
  route(path: string, a: RouteOptions | RouteHandler<string>, b?: RouteHandler<string>): this {
    const r = routeArgs(path, a, b);
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
