// Background tasks (`app.task`): registration, the typed handle whose `send` starts one, and how
// a task's own function runs what it receives. Deployed, `send` is a Lambda `Event` invocation
// (or an SQS message when the task has a queue) of the function the stack names in CALIX_TASKS;
// emulated (test client, `calix local`, `calix invoke`), a dispatcher that src/emulation/tasks.ts
// installs on globalThis runs the task in-process after the current response.
import type { LambdaContext } from '../aws-types.js';
import { RegistrationError } from '../http/errors.js';
import type { TriggerManifest } from '../manifest.js';
import type { Trigger } from './triggers.js';
import type { SqsRecord } from './types.js';

/** What a task's handler receives: the payload as sent (through JSON), and the Lambda context. */
export type TaskHandler<Payload = any> = (payload: Payload, context: LambdaContext | undefined) => unknown;

export interface TaskOptions {
  /**
   * Put an SQS queue (with a dead-letter queue) between `send` and the task: sends are kept
   * when the task is throttled or down, and a payload that fails `retries + 1` times is moved to
   * the dead-letter queue. @default false: an asynchronous (`Event`) Lambda invocation
   */
  queue?: boolean;
  /**
   * How often a failed run is retried: Lambda's async retries (0-2), or with `queue` the
   * receives before the dead-letter queue (retries + 1). @default 2
   */
  retries?: 0 | 1 | 2;
  /**
   * Where Lambda sends a payload whose every try failed (not with `queue`, whose dead-letter
   * queue is that place): the ARN of an SQS queue, an SNS topic, a Lambda function or an
   * EventBridge event bus. @default none: the failure is only logged
   */
  onFailure?: string;
}

/** A registered task: `send` starts it in the background and resolves once it is handed over. */
export interface Task<Payload = any> {
  readonly name: string;
  /**
   * Starts the task with `payload` (JSON-serializable) and returns at once, before it runs:
   * deployed, a Lambda `Event` invocation (or an SQS message with `queue: true`); under the test
   * client, `calix local` and `calix invoke`, it runs in this process after the current response.
   */
  send(payload: Payload): Promise<void>;
}

/**
 * Task payloads by name, for a typed `app.tasks`: augment it once,
 * `declare module 'calix' { interface TaskPayloads { resize: { key: string } } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TaskPayloads {}

/**
 * `app.tasks`: each task's handle by name. Once {@link TaskPayloads} is augmented, exactly the
 * tasks it lists, each typed by its payload; until then any name, possibly undefined, any payload.
 */
export type Tasks = keyof TaskPayloads extends never
  ? { readonly [name: string]: Task<unknown> }
  : { readonly [K in keyof TaskPayloads]: Task<TaskPayloads[K]> };

/** @internal The global the emulation layer sets: returns true when it took the send. */
export const TASK_DISPATCH = Symbol.for('calix.tasks.dispatch');
type LocalDispatch = (name: string, payload: unknown) => boolean;

/** @internal The environment variable naming each task's function (and queue URL) in the stack. */
export const TASKS_ENV = 'CALIX_TASKS';

const ARN = /^arn:aws[a-z-]*:(sqs|sns|lambda|events):[a-z]{2}(-[a-z]+)+-\d:\d{12}:.+/;

/** @internal The task's trigger entry, validated; the handle travels with it to `app.tasks`. */
export interface TaskTrigger extends Trigger {
  readonly task: Task;
}

export function taskTrigger(where: string, name: string, handler: TaskHandler, o: TaskOptions = {}): TaskTrigger {
  let what = `${where}.task(${JSON.stringify(name)})`;
  const fail = (why: string): never => {
    throw new RegistrationError(`${what}: ${why}`);
  };
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name)) fail('the name must start with a letter and hold at most 64 letters, digits, "-" or "_"');
  if (name.toLowerCase() === 'api') fail('the name "api" is reserved for the router function; choose another');
  what = `${where}.task "${name}"`;
  if (typeof handler !== 'function') fail('the handler must be a function (payload, context) => ...');
  if (o === null || typeof o !== 'object') fail('options must be an object { queue?, retries?, onFailure? }');
  const queue = o.queue ?? false;
  if (typeof queue !== 'boolean') fail('queue must be true or false');
  const retries = o.retries ?? null;
  if (retries !== null && retries !== 0 && retries !== 1 && retries !== 2) fail(`retries ${JSON.stringify(retries)} must be 0, 1 or 2`);
  const onFailure = o.onFailure ?? null;
  if (onFailure !== null) {
    if (queue) fail('onFailure cannot be combined with queue: true; a queued task\'s failed payloads go to its dead-letter queue');
    if (typeof onFailure !== 'string' || !ARN.test(onFailure)) {
      fail(`onFailure ${JSON.stringify(onFailure)} must be the ARN of an SQS queue, SNS topic, Lambda function or EventBridge bus, e.g. "arn:aws:sqs:us-east-1:123456789012:failed-tasks"`);
    }
  }
  const manifest: TriggerManifest = { kind: 'task', name, queue, retries, onFailure };
  return { what, handler, manifest, task: { name, send: (payload) => sendTask(name, queue, payload) } };
}

/** Where the deployed stack says the task lives: `{ "<name>": { function, queue? } }`. */
function deployedTask(name: string): { function: string; queue?: string } | undefined {
  const raw = globalThis.process?.env?.[TASKS_ENV];
  if (!raw) return undefined;
  return (JSON.parse(raw) as Record<string, { function: string; queue?: string }>)[name];
}

async function sendTask(name: string, queue: boolean, payload: unknown): Promise<void> {
  // JSON now, as Lambda and SQS carry it: a payload that cannot travel fails at the sender.
  const body = JSON.stringify(payload === undefined ? null : payload);
  const local = (globalThis as Record<symbol, LocalDispatch | undefined>)[TASK_DISPATCH];
  if (local?.(name, JSON.parse(body))) return;
  const target = deployedTask(name);
  if (!target) {
    throw new Error(
      `Calix: cannot send task "${name}": ${TASKS_ENV} does not name it. Deployed, the stack sets it on every function; ` +
        'locally, send from a request or invocation run by the test client, `calix local` or `calix invoke`.',
    );
  }
  // The SDK is loaded only when a task is sent (Lambda's Node runtime provides it); one client per
  // service is kept for the warm function's later sends.
  if (queue) {
    const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    // The client's regional endpoint, not the URL's host: the queue is in this function's stack
    // (same region), and a configured endpoint (AWS_ENDPOINT_URL) must win over the URL.
    clients.sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
    await (clients.sqs as InstanceType<typeof SQSClient>).send(new SendMessageCommand({ QueueUrl: target.queue, MessageBody: body }));
  } else {
    const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
    clients.lambda ??= new LambdaClient({});
    await (clients.lambda as InstanceType<typeof LambdaClient>).send(new InvokeCommand({ FunctionName: target.function, InvocationType: 'Event', Payload: new TextEncoder().encode(body) }));
  }
}

const clients: { sqs?: unknown; lambda?: unknown } = {};

/**
 * Runs a task in its own function: a direct (Event) invocation carries the payload; from its
 * queue, an SQS batch whose message bodies are the payloads (failed ones reported for retry).
 */
export async function runTask(t: Trigger, event: unknown, context: LambdaContext | undefined): Promise<unknown> {
  const m = t.manifest as Extract<TriggerManifest, { kind: 'task' }>;
  const records = (event as { Records?: SqsRecord[] } | null)?.Records;
  if (!(m.queue && Array.isArray(records) && records[0]?.eventSource === 'aws:sqs')) return t.handler(event, context);
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of records) {
    try {
      await t.handler(JSON.parse(r.body), context);
    } catch (err) {
      console.error(`Calix: task ${m.name}: message ${r.messageId} failed:`, err);
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}
