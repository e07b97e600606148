import type { Authorizer } from './auth/authorizers.js';
import type { Trigger } from './events/triggers.js';
import type { CorsConfig } from './http/cors.js';
import { Registrar, type PendingRoute } from './registrar.js';
import { joinPath } from './routing/path.js';
import { checkPath } from './seams/checks.js';
import type { Middleware } from './types.js';

export interface BlueprintOptions {
  /** Default authorizer for the blueprint's routes (a route's own setting wins). */
  authorizer?: Authorizer | null;
  /** Default CORS for the blueprint's routes (a route's own setting wins). */
  cors?: boolean | CorsConfig;
}

/**
 * A group of routes registered on an app under a URL prefix:
 * `app.register(users, { prefix: '/users' })`.
 */
export class Blueprint extends Registrar {
  protected readonly owner = 'blueprint';
  /** @internal */ readonly pending: PendingRoute[] = [];
  /** @internal Middleware around this blueprint's routes only (inside the app's middleware). */
  readonly middleware: Middleware[] = [];
  /** @internal Validated now; names are checked against the app's when registered. */
  readonly triggers: Trigger[] = [];

  constructor(readonly options: BlueprintOptions = {}) {
    super();
  }

  protected addRoute(r: PendingRoute): void {
    // Validate now so the error points at the blueprint's own registration line.
    checkPath(r.path, `blueprint route ${r.path}`);
    this.pending.push(r);
  }

  protected addMiddleware(mw: Middleware): void {
    this.middleware.push(mw);
  }

  protected addTrigger(trigger: Trigger): void {
    this.triggers.push(trigger);
  }
}

/** What registering a blueprint uses of the app (protected there). */
export interface BlueprintHost {
  blueprints?: true;
  decorated?: true;
  addRoute(r: PendingRoute, middleware: readonly Middleware[], bp: Blueprint): void;
  addTrigger(t: Trigger): void;
}

/** `app.register(bp, { prefix })`: the blueprint's routes under the prefix, its triggers as they are. */
export function registerBlueprint(app: BlueprintHost, bp: Blueprint, options: { prefix?: string }): void {
  if (!(bp instanceof Blueprint)) throw new TypeError('app.register(bp): bp must be a Blueprint');
  // A trailing slash on a prefix is harmless: `/v2/` + `/users` is `/v2/users`.
  const prefix = (options.prefix ?? '').replace(/(.)\/+$/, '$1');
  if (prefix && prefix !== '/') checkPath(prefix, `app.register(prefix "${prefix}")`);
  for (const r of bp.pending) app.addRoute({ ...r, path: joinPath(prefix, r.path) }, bp.middleware, bp);
  for (const t of bp.triggers) app.addTrigger(t);
  if (bp.decorated) app.decorated = true;
  app.blueprints = true;
}
