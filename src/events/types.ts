// Event shapes for the non-HTTP triggers: the raw records AWS sends, and the friendlier
// objects handlers receive. Types only: nothing here exists at run time.
import type { LambdaContext } from '../aws-types.js';

type Dict<T> = Record<string, T>;

/** An EventBridge (CloudWatch Events) event. */
export interface EventBridgeEvent<Detail = any> {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, e.g. `2016-12-30T18:44:49Z`. */
  time: string;
  region: string;
  resources: string[];
  detail: Detail;
  [key: string]: unknown;
}

/** What a schedule handler receives: `source` is `aws.events`, `detail-type` is `Scheduled Event`. */
export type ScheduledEvent = EventBridgeEvent<Record<string, never>>;

/** One record of an S3 event notification, exactly as S3 sends it. */
export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  /** Without the `s3:` prefix, e.g. `ObjectCreated:Put`. */
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: Dict<string>;
  s3: {
    s3SchemaVersion: string;
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    /** `key` is URL-encoded (`+` for spaces), as S3 sends it. */
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
  [key: string]: unknown;
}

/** An S3 event notification: `{ Records: [...] }`. */
export interface AwsS3Event {
  Records: S3EventRecord[];
}

/** What an S3 handler receives: one record, with the key decoded. */
export interface S3Event {
  bucket: string;
  /** The object key, URL-decoded (`photos/My+Trip.png` arrives as `photos/My Trip.png`). */
  key: string;
  /** Object size in bytes; 0 for events that carry none (e.g. `ObjectRemoved:*`). */
  size: number;
  /** E.g. `ObjectCreated:Put` (S3 sends it without the `s3:` prefix). */
  eventName: string;
  /** ISO 8601 time of the event. */
  eventTime: string;
  /** The record exactly as received. */
  record: S3EventRecord;
}

export interface SqsMessageAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

/** One SQS message as Lambda delivers it. */
export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Dict<string>;
  messageAttributes: Dict<SqsMessageAttribute>;
  md5OfBody: string;
  md5OfMessageAttributes?: string | null;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export interface AwsSqsEvent {
  Records: SqsRecord[];
}

/** What an SQS handler receives: one message at a time. */
export interface SqsMessage {
  messageId: string;
  body: string;
  /** `JSON.parse(body)`; throws (failing this message) when the body is not JSON. */
  json<T = any>(): T;
  /** System attributes: `ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`... */
  attributes: Dict<string>;
  messageAttributes: Dict<SqsMessageAttribute>;
  record: SqsRecord;
}

/** Lambda's partial batch response for SQS: the messages to retry. */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface SnsMessageAttribute {
  Type: string;
  Value: string;
}

/** One SNS record as Lambda delivers it. */
export interface SnsRecord {
  EventVersion: string;
  EventSubscriptionArn: string;
  EventSource: 'aws:sns';
  Sns: {
    Type: string;
    MessageId: string;
    TopicArn: string;
    Subject: string | null;
    Message: string;
    Timestamp: string;
    SignatureVersion: string;
    Signature: string;
    SigningCertUrl: string;
    UnsubscribeUrl: string;
    MessageAttributes: Dict<SnsMessageAttribute>;
  };
}

export interface AwsSnsEvent {
  Records: SnsRecord[];
}

/** What an SNS handler receives. */
export interface SnsMessage {
  message: string;
  /** null when the publisher gave none. */
  subject: string | null;
  topicArn: string;
  /** `JSON.parse(message)`. */
  json<T = any>(): T;
  attributes: Dict<SnsMessageAttribute>;
  record: SnsRecord;
}

/** The Lambda context; absent only when you call `app.handler(event)` yourself without one. */
export type TriggerContext = LambdaContext | undefined;

export type ScheduleHandler = (event: ScheduledEvent, context: TriggerContext) => unknown;
export type S3Handler = (event: S3Event, context: TriggerContext) => unknown;
/** Throw, or return `false`, to report this message as failed (it is retried); others succeed. */
export type SqsHandler = (message: SqsMessage, context: TriggerContext) => unknown;
export type SnsHandler = (message: SnsMessage, context: TriggerContext) => unknown;
export type EventBridgeHandler<Detail = any> = (event: EventBridgeEvent<Detail>, context: TriggerContext) => unknown;
/** Receives the invocation payload as sent; what it returns is the invocation's result. */
export type LambdaFunctionHandler<Payload = any, Result = unknown> = (payload: Payload, context: TriggerContext) => Result | Promise<Result>;

/** The S3 event types a bucket notification can name. */
export type S3EventName =
  | 's3:ObjectCreated:*' | 's3:ObjectCreated:Put' | 's3:ObjectCreated:Post' | 's3:ObjectCreated:Copy' | 's3:ObjectCreated:CompleteMultipartUpload'
  | 's3:ObjectRemoved:*' | 's3:ObjectRemoved:Delete' | 's3:ObjectRemoved:DeleteMarkerCreated'
  | 's3:ObjectRestore:*' | 's3:ObjectRestore:Post' | 's3:ObjectRestore:Completed' | 's3:ObjectRestore:Delete'
  | 's3:ReducedRedundancyLostObject'
  | 's3:Replication:*' | 's3:Replication:OperationFailedReplication' | 's3:Replication:OperationMissedThreshold'
  | 's3:Replication:OperationReplicatedAfterThreshold' | 's3:Replication:OperationNotTracked'
  | 's3:LifecycleExpiration:*' | 's3:LifecycleExpiration:Delete' | 's3:LifecycleExpiration:DeleteMarkerCreated'
  | 's3:LifecycleTransition' | 's3:IntelligentTiering'
  | 's3:ObjectTagging:*' | 's3:ObjectTagging:Put' | 's3:ObjectTagging:Delete'
  | 's3:ObjectAcl:Put';

export interface ScheduleOptions {
  /** Function name. @default the handler function's name */
  name?: string;
  /** The EventBridge rule's description. */
  description?: string;
}

export interface S3EventOptions {
  /** Bucket name (not an ARN). */
  bucket: string;
  /** @default ['s3:ObjectCreated:*'] */
  events?: readonly S3EventName[];
  /** Only keys starting with this (e.g. `uploads/`). */
  prefix?: string;
  /** Only keys ending with this (e.g. `.png`). */
  suffix?: string;
  /** Function name. @default the handler function's name */
  name?: string;
}

interface SqsCommon {
  /** Messages per invocation: 1-10000 (1-10 for FIFO queues). @default Lambda's, 10 */
  batchSize?: number;
  /** Seconds to gather a batch, 0-300; needed (≥ 1) when batchSize > 10; not for FIFO queues. @default 0 */
  maxBatchingWindow?: number;
  /** Function name. @default the handler function's name */
  name?: string;
}
export type SqsOptions = SqsCommon & ({ queue: string; queueArn?: undefined } | { queueArn: string; queue?: undefined });

export type SnsOptions = { name?: string } & ({ topic: string; topicArn?: undefined } | { topicArn: string; topic?: undefined });

/** An EventBridge event pattern: every leaf is an array of values or matchers. */
export type EventPattern = { [key: string]: readonly unknown[] | EventPattern };

export interface EventBridgeOptions {
  pattern: EventPattern;
  /** Function name. @default the handler function's name */
  name?: string;
}
