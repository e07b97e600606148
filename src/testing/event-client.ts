// The test client's `events` API: sends AWS-shaped trigger events (src/emulation) through
// `app.handler`, as the deployed function of the trigger would receive them.
import type { Calix } from '../app.js';
import { ACCOUNT, REGION, lambdaContext } from '../emulation/context.js';
import type { LocalTasks } from '../emulation/tasks.js';
import {
  eventBridgeEvent, s3Event, scheduledEvent, snsEvent, sqsEvent,
  type EventBridgeEventInit, type S3EventInit, type SnsEventInit, type SqsMessageInit,
} from '../emulation/trigger-events.js';
import type { Trigger } from '../events/triggers.js';
import type { AwsS3Event, AwsSnsEvent, AwsSqsEvent, EventBridgeEvent, ScheduledEvent, SqsBatchResponse } from '../events/types.js';
import type { TriggerManifest } from '../manifest.js';
import { assertLoaded } from './loaded.js';

/** What `client.events.*` resolve to: the handler's result (as JSON, the way Lambda returns it) and the event sent. */
export interface EventResult<Result = unknown, Event = unknown> {
  result: Result;
  event: Event;
}

// A small subset of EventBridge pattern matching (exact values, prefix, exists), enough to tell a
// test that its event would never reach the handler. Other matchers are assumed to match.
function patternMismatch(pattern: Record<string, unknown>, event: Record<string, unknown> | undefined, path: string): string | undefined {
  for (const [key, want] of Object.entries(pattern)) {
    const got = event?.[key];
    const where = path + key;
    if (!Array.isArray(want)) {
      const m = patternMismatch(want as Record<string, unknown>, got as Record<string, unknown> | undefined, `${where}.`);
      if (m) return m;
      continue;
    }
    const values = Array.isArray(got) ? got : [got];
    const ok = want.some((w) => {
      if (w === null || typeof w !== 'object') return values.some((v) => v === w);
      const op = w as Record<string, unknown>;
      if ('prefix' in op && typeof op.prefix === 'string') return values.some((v) => typeof v === 'string' && v.startsWith(op.prefix as string));
      if ('exists' in op) return (got !== undefined) === op.exists;
      return true;
    });
    if (!ok) return `${where} ${JSON.stringify(got)} does not match ${JSON.stringify(want)}`;
  }
  return undefined;
}

const json = (v: unknown): any => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/**
 * Sends AWS-shaped trigger events to `app.handler`, as the deployed function named `name`
 * would receive them (the same as running it with `CALIX_HANDLER=<name>`). With `tasks` (the test
 * client's), tasks the handlers send run after each event's result.
 */
export function createEventClient(app: Calix, tasks?: LocalTasks) {
  function find<K extends TriggerManifest['kind']>(name: string, kind: K, method: string): Extract<TriggerManifest, { kind: K }> {
    const t: Trigger | undefined = app.triggers.get(name);
    const known = [...app.triggers.values()].filter((x) => x.manifest.kind === kind).map((x) => `"${x.manifest.name}"`);
    if (!t) throw new Error(`client.events.${method}("${name}"): no trigger is named "${name}"; ${kind} triggers in this app: ${known.join(', ') || 'none'}`);
    if (t.manifest.kind !== kind) throw new Error(`client.events.${method}("${name}"): "${name}" is a ${t.manifest.kind} trigger, not ${kind}; ${kind} triggers: ${known.join(', ') || 'none'}`);
    return t.manifest as Extract<TriggerManifest, { kind: K }>;
  }
  async function send<R, E>(name: string, event: E): Promise<EventResult<R, E>> {
    assertLoaded(app);
    const run = () => app.handler(event, lambdaContext({ functionName: `calix-test-${name}`, target: name }));
    if (!tasks) return { result: json(await run()), event };
    const [result, start] = await tasks.capture(run);
    start();
    return { result: json(result), event };
  }
  const arn = (service: string, name: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;

  // Async throughout: an event AWS would not send is a rejected promise, like a failed invocation.
  return {
    /** Fires the schedule `name` once. */
    async schedule<R = unknown>(name: string) {
      find(name, 'schedule', 'schedule');
      return send<R, ScheduledEvent>(name, scheduledEvent(name));
    },
    /** An S3 notification for `key` (bucket: the trigger's); refused if S3 would not send it to this trigger. */
    async s3<R = unknown>(name: string, init: Omit<S3EventInit, 'bucket'> & { bucket?: string }) {
      const t = find(name, 's3', 's3');
      const event = s3Event({ ...init, bucket: init.bucket ?? t.bucket });
      const r = event.Records[0]!;
      const type = `s3:${r.eventName}`;
      const why =
        r.s3.bucket.name !== t.bucket ? `it listens to bucket "${t.bucket}"`
        : !t.events.some((e) => e === type || (e.endsWith('*') && type.startsWith(e.slice(0, -1)))) ? `${type} is not one of its events ${JSON.stringify(t.events)}`
        : t.prefix && !init.key.startsWith(t.prefix) ? `the key does not start with its prefix "${t.prefix}"`
        : t.suffix && !init.key.endsWith(t.suffix) ? `the key does not end with its suffix "${t.suffix}"`
        : undefined;
      if (why) throw new Error(`client.events.s3("${name}"): S3 would not send this event to "${name}": ${why}`);
      return send<R, AwsS3Event>(name, event);
    },
    /** One SQS batch; resolves to `{ batchItemFailures }` (the messages that failed) and the event. */
    async sqs(name: string, messages: readonly SqsMessageInit[]) {
      const t = find(name, 'sqs', 'sqs');
      const max = t.batchSize ?? 10;
      if (!Array.isArray(messages) || messages.length < 1 || messages.length > max) {
        throw new Error(`client.events.sqs("${name}"): a batch holds 1 to ${max} messages (the trigger's batchSize), not ${Array.isArray(messages) ? messages.length : typeof messages}`);
      }
      return send<SqsBatchResponse, AwsSqsEvent>(name, sqsEvent(t.queueArn ?? arn('sqs', t.queue!), messages));
    },
    /** One SNS notification; an object message is sent as JSON. */
    async sns<R = unknown>(name: string, message: unknown, init?: SnsEventInit) {
      const t = find(name, 'sns', 'sns');
      return send<R, AwsSnsEvent>(name, snsEvent(t.topicArn ?? arn('sns', t.topic!), message, init));
    },
    /** One EventBridge event; refused if it plainly does not match the trigger's pattern. */
    async eventBridge<R = unknown, Detail = unknown>(name: string, init: EventBridgeEventInit<Detail>) {
      const t = find(name, 'eventbridge', 'eventBridge');
      const event = eventBridgeEvent(init);
      const why = patternMismatch(t.pattern, event as unknown as Record<string, unknown>, '');
      if (why) throw new Error(`client.events.eventBridge("${name}"): the event does not match the pattern of "${name}": ${why}`);
      return send<R, EventBridgeEvent<Detail>>(name, event);
    },
    /** Invokes the function `name` directly with `payload` (sent as JSON, as Lambda does). */
    async lambda<R = unknown, P = unknown>(name: string, payload: P) {
      find(name, 'function', 'lambda');
      return send<R, P>(name, json(payload));
    },
  };
}

export type EventClient = ReturnType<typeof createEventClient>;
