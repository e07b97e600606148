import type { Task, TaskHandler, TaskOptions } from './events/task.js';
import type { Trigger } from './events/triggers.js';
import { decorator } from './seams/decorators.js';
import { triggerMethods } from './seams/triggers.js';
import type {
  EventBridgeHandler, EventBridgeOptions, LambdaFunctionHandler, S3EventOptions, S3Handler, ScheduleHandler, ScheduleOptions,
  SnsHandler, SnsOptions, SqsHandler, SqsOptions,
} from './events/types.js';
import type { AuthenticatedRouteHandler, AuthenticatedRouteOptions, HandlerDecorator, Middleware, RouteHandler, RouteOptions, Validated } from './types.js';

/** A route as registered, before the app resolves its defaults. */
export interface PendingRoute {
  path: string;
  options: RouteOptions;
  handler: RouteHandler<string>;
}

/**
 * The registration methods Calix and Blueprint share: routes, middleware and triggers. An app
 * adds what is registered at once; a blueprint keeps it until `app.register`. Without its
 * handler, each registration method is a method decorator.
 */
export abstract class Registrar {
  /** Who registers: named in validation errors. */
  protected abstract readonly owner: 'app' | 'blueprint';
  /** Records one route. */
  protected abstract addRoute(route: PendingRoute): void;
  /** Records one middleware function. */
  protected abstract addMiddleware(mw: Middleware): void;
  /** Records one validated trigger. */
  protected abstract addTrigger(trigger: Trigger): void;
  /** @internal Whether something was registered here through a decorator (a Lambda bundle without any leaves their code out). */
  declare decorated?: true;

  /**
   * Registers an HTTP route. The path uses API Gateway syntax (`/users/{id}`,
   * `/files/{path+}`) and types `req.params`. Without a handler it is a method decorator:
   * `@app.route('/orders/{id}') static get(req: Request<{ id: string }>) {…}`.
   * Schema options (`body`, `query`, `params`, `headers`: any Standard Schema) validate the request
   * before the handler runs (422 otherwise) and type `req.valid`; `response` documents (and, where
   * turned on, checks) the response by status.
   */
  route<P extends string>(path: P, handler: RouteHandler<P>): this;
  route<P extends string, O extends AuthenticatedRouteOptions>(path: P, options: O, handler: AuthenticatedRouteHandler<P, Validated<O>>): this;
  route<P extends string, O extends RouteOptions>(path: P, options: O, handler: RouteHandler<P, Validated<O>>): this;
  route<P extends string, O extends RouteOptions = {}>(path: P, options?: O): HandlerDecorator<RouteHandler<P, Validated<O>>>;
  // An authenticated handler only narrows `req.auth`; the router calls every handler alike.
  route(path: string, a?: RouteOptions | RouteHandler<string>, b?: RouteHandler<string> | AuthenticatedRouteHandler<string>): any {
    if (typeof a !== 'function' && arguments.length < 3) return this.decorate((h) => this.route(path, a ?? {}, h as RouteHandler<string>));
    const handler = typeof a === 'function' ? a : b;
    if (typeof handler !== 'function') throw new TypeError(`route ${path}: the last argument must be the handler function`);
    this.addRoute({ path, options: typeof a === 'function' ? {} : (a ?? {}), handler: handler as RouteHandler<string> });
    return this;
  }

  /** Middleware around every route registered here, run in registration order (an app's outside a blueprint's). */
  use(mw: Middleware): this {
    if (typeof mw !== 'function') throw new TypeError(`${this.owner}.use(fn): fn must be a function (req, next) => ...`);
    this.addMiddleware(mw);
    return this;
  }

  /** @internal The decorator form of a registration method (also used by ./events/registrar-triggers.ts). */
  protected decorate(register: (handler: Function) => unknown) {
    this.decorated = true;
    return decorator(register);
  }
}

// The trigger methods, installed from the triggers seam: a router bundle without triggers ships none.
export interface Registrar {
  /**
   * Runs `handler` on a schedule: `Rate.minutes(10)`, `Cron({ minute: 0, hour: 12 })`,
   * `'rate(1 day)'` or `'cron(0 18 ? * MON-FRI *)'` (UTC). Validated now, by EventBridge's rules.
   * Like every trigger method, it is a method decorator when called without the handler.
   */
  schedule(expression: string, handler: ScheduleHandler, options?: ScheduleOptions): this;
  schedule(expression: string, options?: ScheduleOptions): HandlerDecorator<ScheduleHandler>;

  /** Runs `handler` once per S3 record (key URL-decoded) for the bucket's matching events. */
  onS3Event(options: S3EventOptions, handler: S3Handler): this;
  onS3Event(options: S3EventOptions): HandlerDecorator<S3Handler>;

  /** Runs `handler` once per SQS message; a throw or `false` reports just that message as failed. */
  onSqsMessage(options: SqsOptions, handler: SqsHandler): this;
  onSqsMessage(options: SqsOptions): HandlerDecorator<SqsHandler>;

  /** Runs `handler` for each message published to the SNS topic. */
  onSnsMessage(options: SnsOptions, handler: SnsHandler): this;
  onSnsMessage(options: SnsOptions): HandlerDecorator<SnsHandler>;

  /** Runs `handler` for EventBridge events matching `pattern`. */
  onEventBridge<Detail = any>(options: EventBridgeOptions, handler: EventBridgeHandler<Detail>): this;
  onEventBridge<Detail = any>(options: EventBridgeOptions): HandlerDecorator<EventBridgeHandler<Detail>>;

  /** A plain Lambda function named `name`, invoked directly with any payload; returns the handler's result. */
  lambdaFunction<Payload = any, Result = unknown>(name: string, handler: LambdaFunctionHandler<Payload, Result>): this;
  lambdaFunction<Payload = any, Result = unknown>(name: string): HandlerDecorator<LambdaFunctionHandler<Payload, Result>>;

  /**
   * A background task named `name` (its own Lambda function): returns its handle, whose
   * `send(payload)` starts it and returns at once; also `app.tasks[name]`. Options: `queue`
   * (an SQS queue with a dead-letter queue in between), `retries`, `onFailure`. Without the
   * handler it is a method decorator (the handle is then `app.tasks[name]`).
   */
  task<Payload = any>(name: string, handler: TaskHandler<Payload>, options?: TaskOptions): Task<Payload>;
  task<Payload = any>(name: string, options?: TaskOptions): HandlerDecorator<TaskHandler<Payload>>;
}
Object.assign(Registrar.prototype, triggerMethods);
