import type { Authorizer } from './auth/authorizers.js';
import type { CorsConfig } from './http/cors.js';
import { parsePath } from './routing/path.js';
import type { Middleware, RouteHandler, RouteOptions } from './types.js';
import { eventBridgeTrigger, functionTrigger, s3Trigger, scheduleTrigger, snsTrigger, sqsTrigger, type Trigger } from './events/triggers.js';
import type {
  EventBridgeHandler, EventBridgeOptions, LambdaFunctionHandler, S3EventOptions, S3Handler, ScheduleHandler, ScheduleOptions,
  SnsHandler, SnsOptions, SqsHandler, SqsOptions,
} from './events/types.js';

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
  /** @internal Validated now; names are checked against the app's when registered. */
  readonly triggers: Trigger[] = [];

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

  /** Like `app.schedule`: added to the app (unprefixed name) by `app.register`. */
  schedule(expression: string, handler: ScheduleHandler, options?: ScheduleOptions): this {
    this.triggers.push(scheduleTrigger('blueprint', expression, handler, options));
    return this;
  }

  /** Like `app.onS3Event`. */
  onS3Event(options: S3EventOptions, handler: S3Handler): this {
    this.triggers.push(s3Trigger('blueprint', options, handler));
    return this;
  }

  /** Like `app.onSqsMessage`. */
  onSqsMessage(options: SqsOptions, handler: SqsHandler): this {
    this.triggers.push(sqsTrigger('blueprint', options, handler));
    return this;
  }

  /** Like `app.onSnsMessage`. */
  onSnsMessage(options: SnsOptions, handler: SnsHandler): this {
    this.triggers.push(snsTrigger('blueprint', options, handler));
    return this;
  }

  /** Like `app.onEventBridge`. */
  onEventBridge<Detail = any>(options: EventBridgeOptions, handler: EventBridgeHandler<Detail>): this {
    this.triggers.push(eventBridgeTrigger('blueprint', options, handler));
    return this;
  }

  /** Like `app.lambdaFunction`. */
  lambdaFunction<Payload = any, Result = unknown>(name: string, handler: LambdaFunctionHandler<Payload, Result>): this {
    this.triggers.push(functionTrigger('blueprint', name, handler));
    return this;
  }

  /** Middleware around this blueprint's routes only (inside the app's middleware). */
  use(mw: Middleware): this {
    this.middleware.push(mw);
    return this;
  }
}
