import { decorator } from '../decorators.js';
import type { HandlerDecorator } from '../types.js';
import { eventBridgeTrigger, functionTrigger, s3Trigger, scheduleTrigger, snsTrigger, sqsTrigger, type Trigger } from './triggers.js';
import type {
  EventBridgeHandler, EventBridgeOptions, LambdaFunctionHandler, S3EventOptions, S3Handler, ScheduleHandler, ScheduleOptions,
  SnsHandler, SnsOptions, SqsHandler, SqsOptions,
} from './types.js';

/**
 * The trigger registration methods Calix and Blueprint share: an app adds triggers at once, a
 * blueprint keeps them until `app.register`. Each is also a method decorator without its handler.
 */
export abstract class TriggerRegistrar {
  /** Who registers: named in validation errors. */
  protected abstract readonly owner: 'app' | 'blueprint';
  /** Records one validated trigger. */
  protected abstract addTrigger(trigger: Trigger): void;

  /**
   * Runs `handler` on a schedule: `Rate.minutes(10)`, `Cron({ minute: 0, hour: 12 })`,
   * `'rate(1 day)'` or `'cron(0 18 ? * MON-FRI *)'` (UTC). Validated now, by EventBridge's rules.
   * Like every trigger method, it is a method decorator when called without the handler.
   */
  schedule(expression: string, handler: ScheduleHandler, options?: ScheduleOptions): this;
  schedule(expression: string, options?: ScheduleOptions): HandlerDecorator<ScheduleHandler>;
  schedule(expression: string, handler?: ScheduleHandler | ScheduleOptions, options?: ScheduleOptions): any {
    // Called as a decorator, the second argument is the options (and `h` is the method).
    return this.trigger(arguments, 3, (h) => scheduleTrigger(this.owner, expression, h, h === handler ? options : (handler as ScheduleOptions)));
  }

  /** Runs `handler` once per S3 record (key URL-decoded) for the bucket's matching events. */
  onS3Event(options: S3EventOptions, handler: S3Handler): this;
  onS3Event(options: S3EventOptions): HandlerDecorator<S3Handler>;
  onS3Event(options: S3EventOptions, handler?: S3Handler): any {
    return this.trigger(arguments, 2, (h) => s3Trigger(this.owner, options, h));
  }

  /** Runs `handler` once per SQS message; a throw or `false` reports just that message as failed. */
  onSqsMessage(options: SqsOptions, handler: SqsHandler): this;
  onSqsMessage(options: SqsOptions): HandlerDecorator<SqsHandler>;
  onSqsMessage(options: SqsOptions, handler?: SqsHandler): any {
    return this.trigger(arguments, 2, (h) => sqsTrigger(this.owner, options, h));
  }

  /** Runs `handler` for each message published to the SNS topic. */
  onSnsMessage(options: SnsOptions, handler: SnsHandler): this;
  onSnsMessage(options: SnsOptions): HandlerDecorator<SnsHandler>;
  onSnsMessage(options: SnsOptions, handler?: SnsHandler): any {
    return this.trigger(arguments, 2, (h) => snsTrigger(this.owner, options, h));
  }

  /** Runs `handler` for EventBridge events matching `pattern`. */
  onEventBridge<Detail = any>(options: EventBridgeOptions, handler: EventBridgeHandler<Detail>): this;
  onEventBridge<Detail = any>(options: EventBridgeOptions): HandlerDecorator<EventBridgeHandler<Detail>>;
  onEventBridge(options: EventBridgeOptions, handler?: EventBridgeHandler): any {
    return this.trigger(arguments, 2, (h) => eventBridgeTrigger(this.owner, options, h));
  }

  /** A plain Lambda function named `name`, invoked directly with any payload; returns the handler's result. */
  lambdaFunction<Payload = any, Result = unknown>(name: string, handler: LambdaFunctionHandler<Payload, Result>): this;
  lambdaFunction<Payload = any, Result = unknown>(name: string): HandlerDecorator<LambdaFunctionHandler<Payload, Result>>;
  lambdaFunction(name: string, handler?: LambdaFunctionHandler): any {
    return this.trigger(arguments, 2, (h) => functionTrigger(this.owner, name, h));
  }

  /**
   * The trigger methods' shared body: with its handler (`args[1]`), registers `make(handler)`;
   * with fewer than `n` arguments and no handler, returns the decorator that will.
   */
  private trigger(args: IArguments, n: number, make: (handler: any) => Trigger): any {
    const add = (h: unknown) => this.addTrigger(make(h));
    return args.length < n && typeof args[1] !== 'function' ? decorator(add) : (add(args[1]), this);
  }
}
