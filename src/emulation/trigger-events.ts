// Builders for the non-HTTP events AWS sends to Lambda (shapes as in aws-lambda-go's
// events/testdata): used by the test client, `calix local` (schedules) and `calix invoke`.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AwsS3Event, AwsSnsEvent, AwsSqsEvent, EventBridgeEvent, ScheduledEvent, SnsMessageAttribute, SqsMessageAttribute } from '../events/types.js';
import { ACCOUNT, REGION } from './context.js';

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

