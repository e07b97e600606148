// The trigger registration methods Calix and Blueprint share (declared, with their documentation,
// on src/registrar.ts's Registrar). They live here, installed on Registrar's prototype through the
// triggers seam, so that the router bundle of an app without triggers ships none of them.
import { taskTrigger, type Task, type TaskHandler, type TaskOptions, type TaskTrigger } from './task.js';
import { addTrigger, eventBridgeTrigger, functionTrigger, s3Trigger, scheduleTrigger, snsTrigger, sqsTrigger, type Trigger } from './triggers.js';
import type { EventBridgeOptions, S3EventOptions, ScheduleOptions, SnsOptions, SqsOptions } from './types.js';

/** What the methods use of the Registrar they run on (protected there). */
interface Host {
  readonly owner: 'app' | 'blueprint';
  addTrigger(trigger: Trigger): void;
  decorate(register: (handler: Function) => unknown): unknown;
}

/**
 * The methods' shared body: with its handler (`args[1]`), registers `make(handler)`; with fewer
 * than `n` arguments and no handler, returns the decorator that will.
 */
function register(host: Host, args: IArguments, n: number, make: (handler: any) => Trigger): unknown {
  const add = (h: unknown) => host.addTrigger(make(h));
  return args.length < n && typeof args[1] !== 'function' ? host.decorate(add) : (add(args[1]), host);
}

export const triggerMethods = {
  schedule(this: Host, expression: string, handler?: unknown, options?: ScheduleOptions): unknown {
    // Called as a decorator, the second argument is the options (and `h` is the method).
    return register(this, arguments, 3, (h) => scheduleTrigger(this.owner, expression, h, h === handler ? options : (handler as ScheduleOptions)));
  },
  onS3Event(this: Host, options: S3EventOptions): unknown {
    return register(this, arguments, 2, (h) => s3Trigger(this.owner, options, h));
  },
  onSqsMessage(this: Host, options: SqsOptions): unknown {
    return register(this, arguments, 2, (h) => sqsTrigger(this.owner, options, h));
  },
  onSnsMessage(this: Host, options: SnsOptions): unknown {
    return register(this, arguments, 2, (h) => snsTrigger(this.owner, options, h));
  },
  onEventBridge(this: Host, options: EventBridgeOptions): unknown {
    return register(this, arguments, 2, (h) => eventBridgeTrigger(this.owner, options, h));
  },
  lambdaFunction(this: Host, name: string): unknown {
    return register(this, arguments, 2, (h) => functionTrigger(this.owner, name, h));
  },
  task(this: Host, name: string, handler?: TaskHandler | TaskOptions, options?: TaskOptions): unknown {
    if (typeof handler === 'function' || arguments.length > 2) {
      const t = taskTrigger(this.owner, name, handler as TaskHandler, options);
      this.addTrigger(t);
      return t.task;
    }
    return this.decorate((h) => this.addTrigger(taskTrigger(this.owner, name, h as TaskHandler, handler)));
  },
};

/** Adds a validated trigger to the app (its name checked against the others'), and a task's handle to `app.tasks`. */
export function storeTrigger(
  app: { readonly triggers: Map<string, Trigger>; readonly authorizers: ReadonlyMap<string, { toManifest(): { kind: string; name: string } }>; readonly tasks: object },
  trigger: Trigger,
): void {
  addTrigger(app.triggers, app.authorizers, trigger);
  const task = (trigger as Partial<TaskTrigger>).task;
  if (task) (app.tasks as Record<string, Task>)[task.name] = task;
}
