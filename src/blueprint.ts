import type { Authorizer } from './auth/authorizers.js';
import type { CorsConfig } from './http/cors.js';
import { parsePath } from './routing/path.js';
import type { HandlerDecorator, Middleware, RouteHandler, RouteOptions } from './types.js';
import { decorator } from './decorators.js';
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
  /** Without a handler: a method decorator, like `app.route`'s. */
  route<P extends string>(path: P, options?: RouteOptions): HandlerDecorator<RouteHandler<P>>;
  route(path: string, a?: RouteOptions | RouteHandler<string>, b?: RouteHandler<string>): any {
    if (typeof a !== 'function' && arguments.length < 3) return decorator((h) => this.route(path, a ?? {}, h as RouteHandler<string>));
    const r = routeArgs(path, a!, b);
    // Validate now so the error points at the blueprint's own registration line.
    parsePath(path, `blueprint route ${path}`);
    this.pending.push(r);
    return this;
  }

  /** Like `app.schedule`: added to the app (unprefixed name) by `app.register`. */
  schedule(expression: string, handler: ScheduleHandler, options?: ScheduleOptions): this;
  schedule(expression: string, options?: ScheduleOptions): HandlerDecorator<ScheduleHandler>;
  schedule(expression: string, handler?: ScheduleHandler | ScheduleOptions, options?: ScheduleOptions): any {
    // Called as a decorator, the second argument is the options (and `h` is the method).
    return this.trigger(arguments, 3, (h) => scheduleTrigger('blueprint', expression, h, h === handler ? options : (handler as ScheduleOptions)));
  }

  /** Like `app.onS3Event`. */
  onS3Event(options: S3EventOptions, handler: S3Handler): this;
  onS3Event(options: S3EventOptions): HandlerDecorator<S3Handler>;
  onS3Event(options: S3EventOptions, handler?: S3Handler): any {
    return this.trigger(arguments, 2, (h) => s3Trigger('blueprint', options, h));
  }

  /** Like `app.onSqsMessage`. */
  onSqsMessage(options: SqsOptions, handler: SqsHandler): this;
  onSqsMessage(options: SqsOptions): HandlerDecorator<SqsHandler>;
  onSqsMessage(options: SqsOptions, handler?: SqsHandler): any {
    return this.trigger(arguments, 2, (h) => sqsTrigger('blueprint', options, h));
  }

  /** Like `app.onSnsMessage`. */
  onSnsMessage(options: SnsOptions, handler: SnsHandler): this;
  onSnsMessage(options: SnsOptions): HandlerDecorator<SnsHandler>;
  onSnsMessage(options: SnsOptions, handler?: SnsHandler): any {
    return this.trigger(arguments, 2, (h) => snsTrigger('blueprint', options, h));
  }

  /** Like `app.onEventBridge`. */
  onEventBridge<Detail = any>(options: EventBridgeOptions, handler: EventBridgeHandler<Detail>): this;
  onEventBridge<Detail = any>(options: EventBridgeOptions): HandlerDecorator<EventBridgeHandler<Detail>>;
  onEventBridge(options: EventBridgeOptions, handler?: EventBridgeHandler): any {
    return this.trigger(arguments, 2, (h) => eventBridgeTrigger('blueprint', options, h));
  }

  /** Like `app.lambdaFunction`. */
  lambdaFunction<Payload = any, Result = unknown>(name: string, handler: LambdaFunctionHandler<Payload, Result>): this;
  lambdaFunction<Payload = any, Result = unknown>(name: string): HandlerDecorator<LambdaFunctionHandler<Payload, Result>>;
  lambdaFunction(name: string, handler?: LambdaFunctionHandler): any {
    return this.trigger(arguments, 2, (h) => functionTrigger('blueprint', name, h));
  }

  /** Like the app's: registers `make(args[1])`, or returns a decorator when called without the handler. */
  private trigger(args: IArguments, n: number, make: (handler: any) => Trigger): any {
    const add = (h: unknown) => this.triggers.push(make(h));
    return args.length < n && typeof args[1] !== 'function' ? decorator(add) : (add(args[1]), this);
  }

  /** Middleware around this blueprint's routes only (inside the app's middleware). */
  use(mw: Middleware): this {
    this.middleware.push(mw);
    return this;
  }
}
