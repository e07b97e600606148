// Builders for the non-HTTP events AWS sends to Lambda (shapes as in aws-lambda-go's
// events/testdata), and the test client's `events` API that sends them through `app.handler`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Calix } from '../app.js';
import type { LambdaContext } from '../aws-types.js';
import { TARGET } from '../events/dispatch.js';
import { assertLoaded } from './loaded.js';
import type { Trigger } from '../events/triggers.js';
import type {
  AwsS3Event, AwsSnsEvent, AwsSqsEvent, EventBridgeEvent, ScheduledEvent, SnsMessageAttribute, SqsBatchResponse, SqsMessageAttribute,
} from '../events/types.js';
import type { TriggerManifest } from '../manifest.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
/** EventBridge times have no milliseconds. */
const ebTime = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Encodes an object key the way S3 writes it into event notifications (`+` for spaces, UTF-8 percent-escapes, `/` kept). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

export interface S3EventInit {
  bucket: string;
  /** The object key as stored (not encoded): the builder encodes it as S3 does. */
  key: string;
  /** @default 1024 (omitted for ObjectRemoved events, as S3 does) */
  size?: number;
  /** With or without the `s3:` prefix. @default 'ObjectCreated:Put' */
  eventName?: string;
  /** S3's notification configuration id. @default 'calix' */
  configurationId?: string;
}

/** An S3 event notification with one record. */
export function s3Event(init: S3EventInit): AwsS3Event {
  const eventName = (init.eventName ?? 'ObjectCreated:Put').replace(/^s3:/, '');
  const removed = eventName.startsWith('ObjectRemoved');
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: REGION,
        eventTime: new Date().toISOString(),
        eventName,
        userIdentity: { principalId: 'AWS:AIDAINPONIXQXHT3IKHL2' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': hex(8).toUpperCase(), 'x-amz-id-2': randomBytes(48).toString('base64') },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: init.configurationId ?? 'calix',
          bucket: { name: init.bucket, ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: `arn:aws:s3:::${init.bucket}` },
          object: {
            key: encodeS3Key(init.key),
            ...(removed ? {} : { size: init.size ?? 1024, eTag: hex(16) }),
            sequencer: hex(8).toUpperCase(),
          },
        },
      },
    ],
  };
}

/** One SQS message: a body (string, or any other value sent as JSON), or a full spec. */
export type SqsMessageInit =
  | string
  | { body: string; attributes?: Record<string, string>; messageAttributes?: Record<string, string | number | SqsMessageAttribute>; messageId?: string }
  | unknown;

const SPEC_KEYS = new Set(['body', 'attributes', 'messageAttributes', 'messageId']);

function attribute(v: string | number | SqsMessageAttribute): SqsMessageAttribute {
  if (typeof v === 'object') return v;
  return { stringValue: String(v), stringListValues: [], binaryListValues: [], dataType: typeof v === 'number' ? 'Number' : 'String' };
}

// SQS's MD5 of message attributes: for each attribute by name, length-prefixed name, type,
// a transport byte (1 string, 2 binary) and the length-prefixed value.
function md5OfAttributes(attrs: Record<string, SqsMessageAttribute>): string {
  const parts: Buffer[] = [];
  const put = (b: Buffer) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    parts.push(n, b);
  };
  for (const name of Object.keys(attrs).sort()) {
    const a = attrs[name]!;
    put(Buffer.from(name));
    put(Buffer.from(a.dataType));
    const binary = a.binaryValue !== undefined;
    parts.push(Buffer.from([binary ? 2 : 1]));
    put(binary ? Buffer.from(a.binaryValue!, 'base64') : Buffer.from(a.stringValue ?? ''));
  }
  return md5(Buffer.concat(parts));
}

/** An SQS event with one record per message, from the queue `queueArn`. */
export function sqsEvent(queueArn: string, messages: readonly SqsMessageInit[]): AwsSqsEvent {
  const fifo = queueArn.endsWith('.fifo');
  const now = Date.now();
  return {
    Records: messages.map((m, i) => {
      const spec =
        m !== null && typeof m === 'object' && typeof (m as { body?: unknown }).body === 'string' && Object.keys(m).every((k) => SPEC_KEYS.has(k))
          ? (m as { body: string; attributes?: Record<string, string>; messageAttributes?: Record<string, string | number | SqsMessageAttribute>; messageId?: string })
          : { body: typeof m === 'string' ? m : JSON.stringify(m) };
      const messageAttributes = Object.fromEntries(Object.entries(spec.messageAttributes ?? {}).map(([k, v]) => [k, attribute(v)]));
      const hasAttributes = Object.keys(messageAttributes).length > 0;
      return {
        messageId: spec.messageId ?? randomUUID(),
        receiptHandle: randomBytes(96).toString('base64'),
        body: spec.body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(now),
          SenderId: 'AIDAIENQZJOLO23YVJ4VO',
          ApproximateFirstReceiveTimestamp: String(now + 5),
          ...(fifo ? { MessageGroupId: '1', MessageDeduplicationId: md5(spec.body), SequenceNumber: String(18849496460467696128n + BigInt(i)) } : {}),
          ...spec.attributes,
        },
        messageAttributes,
        md5OfBody: md5(spec.body),
        ...(hasAttributes ? { md5OfMessageAttributes: md5OfAttributes(messageAttributes) } : {}),
        eventSource: 'aws:sqs' as const,
        eventSourceARN: queueArn,
        awsRegion: queueArn.split(':')[3] ?? REGION,
      };
    }),
  };
}

export interface SnsEventInit {
  /** @default none: SNS sends `Subject: null` */
  subject?: string;
  /** Message attributes: strings and numbers, or `{ Type, Value }`. */
  attributes?: Record<string, string | number | SnsMessageAttribute>;
}

/** An SNS event with one record; an object message is sent as JSON. */
export function snsEvent(topicArn: string, message: unknown, init: SnsEventInit = {}): AwsSnsEvent {
  const url = `https://sns.${REGION}.amazonaws.com`;
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: init.subject ?? null,
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: randomBytes(64).toString('base64'),
          SigningCertUrl: `${url}/SimpleNotificationService-${hex(16)}.pem`,
          UnsubscribeUrl: `${url}/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
          MessageAttributes: Object.fromEntries(
            Object.entries(init.attributes ?? {}).map(([k, v]) => [k, typeof v === 'object' ? v : { Type: typeof v === 'number' ? 'Number' : 'String', Value: String(v) }]),
          ),
        },
      },
    ],
  };
}

export interface EventBridgeEventInit<Detail = unknown> {
  source: string;
  detailType: string;
  detail: Detail;
  resources?: string[];
}

/** An EventBridge event as delivered to a Lambda target. */
export function eventBridgeEvent<Detail>(init: EventBridgeEventInit<Detail>): EventBridgeEvent<Detail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': init.detailType,
    source: init.source,
    account: ACCOUNT,
    time: ebTime(),
    region: REGION,
    resources: init.resources ?? [],
    detail: init.detail,
  };
}

/** The event EventBridge sends when a schedule rule fires. */
export function scheduledEvent(ruleName = 'calix-schedule'): ScheduledEvent {
  return eventBridgeEvent({ source: 'aws.events', detailType: 'Scheduled Event', detail: {}, resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${ruleName}`] });
}

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

function contextFor(name: string): LambdaContext {
  const context: LambdaContext = {
    functionName: `calix-test-${name}`, functionVersion: '$LATEST', invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:calix-test-${name}`,
    memoryLimitInMB: '1024', awsRequestId: randomUUID(), logGroupName: `/aws/lambda/calix-test-${name}`, logStreamName: 'test',
    getRemainingTimeInMillis: () => 30000,
  };
  // The target travels with this call only (no process.env change, so calls may overlap);
  // deployed functions read CALIX_HANDLER instead.
  Object.defineProperty(context, TARGET, { value: name });
  return context;
}

const json = (v: unknown): any => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

/**
 * Sends AWS-shaped trigger events to `app.handler`, as the deployed function named `name`
 * would receive them (the same as running it with `CALIX_HANDLER=<name>`).
 */
export function createEventClient(app: Calix) {
  function find<K extends TriggerManifest['kind']>(name: string, kind: K, method: string): Extract<TriggerManifest, { kind: K }> {
    const t: Trigger | undefined = app.triggers.get(name);
    const known = [...app.triggers.values()].filter((x) => x.manifest.kind === kind).map((x) => `"${x.manifest.name}"`);
    if (!t) throw new Error(`client.events.${method}("${name}"): no trigger is named "${name}"; ${kind} triggers in this app: ${known.join(', ') || 'none'}`);
    if (t.manifest.kind !== kind) throw new Error(`client.events.${method}("${name}"): "${name}" is a ${t.manifest.kind} trigger, not ${kind}; ${kind} triggers: ${known.join(', ') || 'none'}`);
    return t.manifest as Extract<TriggerManifest, { kind: K }>;
  }
  async function send<R, E>(name: string, event: E): Promise<EventResult<R, E>> {
    assertLoaded(app);
    return { result: json(await app.handler(event, contextFor(name))), event };
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
