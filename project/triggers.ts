// The manifest's trigger entries, checked before they become CDK resources. The manifest is read
// from a bundle (JSON), so the shapes are verified here rather than trusted.
import type { TriggerManifest } from '../src/manifest.js';

/**
 * One trigger as the infrastructure reads it. Same shapes as the runtime's `TriggerManifest`:
 * - `{ kind: 'schedule', name, expression, description: string | null }`
 * - `{ kind: 's3', name, bucket, events: string[], prefix: string | null, suffix: string | null }`
 * - `{ kind: 'sqs', name, queue: string | null, queueArn: string | null, batchSize: number | null, maxBatchingWindow: number | null }`
 * - `{ kind: 'sns', name, topic: string | null, topicArn: string | null }`
 * - `{ kind: 'eventbridge', name, pattern: object }`
 * - `{ kind: 'function', name }`
 * - `{ kind: 'task', name, queue: boolean, retries: 0 | 1 | 2 | null, onFailure: string | null }`
 */
export type TriggerSpec = TriggerManifest;

export type TriggerKind = TriggerSpec['kind'];

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strOrNull = (v: unknown): boolean => v === null || isStr(v);
const intOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

/** A trigger entry that cannot be deployed; the message names the trigger and the field. */
class BadTrigger extends Error {}

/**
 * Checks every trigger entry and returns the valid ones typed; a problem sentence for each other
 * one goes to `problems`. Whether names are free (unique, not `api`) is the stage model's check.
 */
export function parseTriggers(input: readonly unknown[], problems: string[]): TriggerSpec[] {
  if (!Array.isArray(input)) {
    problems.push('manifest.triggers must be an array');
    return [];
  }
  const out: TriggerSpec[] = [];
  input.forEach((raw, i) => {
    try {
      out.push(parseTrigger(raw, i));
    } catch (e) {
      if (!(e instanceof BadTrigger)) throw e;
      problems.push(e.message);
    }
  });
  return out;
}

function parseTrigger(raw: unknown, i: number): TriggerSpec {
  const fail = (message: string): never => {
    throw new BadTrigger(message);
  };
  if (!isObject(raw)) return fail(`manifest.triggers[${i}] must be an object`);
  const name = raw.name;
  if (typeof name !== 'string' || !NAME.test(name)) return fail(`manifest.triggers[${i}].name ${JSON.stringify(name)} must start with a letter and hold at most 64 letters, digits, "-" or "_"`);
  const where = `trigger "${name}" (${String(raw.kind)})`;
  const bad = (field: string, expected: string): never => fail(`${where}: ${field} must be ${expected}, got ${JSON.stringify(raw[field])}`);
  switch (raw.kind) {
    case 'schedule':
      if (!isStr(raw.expression) || !/^(rate|cron)\(.+\)$/.test(raw.expression)) bad('expression', 'an EventBridge "rate(...)" or "cron(...)" expression');
      if (!strOrNull(raw.description)) bad('description', 'a string or null');
      return { kind: 'schedule', name, expression: raw.expression as string, description: (raw.description as string | null) ?? null };
    case 's3':
      if (!isStr(raw.bucket)) bad('bucket', 'a bucket name');
      if (!Array.isArray(raw.events) || !raw.events.length || !raw.events.every(isStr)) bad('events', 'a non-empty list of S3 event types');
      if (!strOrNull(raw.prefix)) bad('prefix', 'a string or null');
      if (!strOrNull(raw.suffix)) bad('suffix', 'a string or null');
      return {
        kind: 's3', name, bucket: raw.bucket as string, events: [...(raw.events as string[])],
        prefix: (raw.prefix as string | null) ?? null, suffix: (raw.suffix as string | null) ?? null,
      };
    case 'sqs':
      if (!strOrNull(raw.queue)) bad('queue', 'a queue name or null');
      if (!strOrNull(raw.queueArn)) bad('queueArn', 'a queue ARN or null');
      if (!raw.queue === !raw.queueArn) fail(`${where}: exactly one of queue / queueArn must be set`);
      if (!intOrNull(raw.batchSize) || raw.batchSize === 0) bad('batchSize', 'a positive integer or null');
      if (!intOrNull(raw.maxBatchingWindow)) bad('maxBatchingWindow', 'whole seconds or null');
      return {
        kind: 'sqs', name, queue: (raw.queue as string | null) ?? null, queueArn: (raw.queueArn as string | null) ?? null,
        batchSize: (raw.batchSize as number | null) ?? null, maxBatchingWindow: (raw.maxBatchingWindow as number | null) ?? null,
      };
    case 'sns':
      if (!strOrNull(raw.topic)) bad('topic', 'a topic name or null');
      if (!strOrNull(raw.topicArn)) bad('topicArn', 'a topic ARN or null');
      if (!raw.topic === !raw.topicArn) fail(`${where}: exactly one of topic / topicArn must be set`);
      return { kind: 'sns', name, topic: (raw.topic as string | null) ?? null, topicArn: (raw.topicArn as string | null) ?? null };
    case 'eventbridge':
      if (!isObject(raw.pattern) || !Object.keys(raw.pattern).length) bad('pattern', 'a non-empty EventBridge event pattern object');
      return { kind: 'eventbridge', name, pattern: structuredClone(raw.pattern as Record<string, unknown>) };
    case 'function':
      return { kind: 'function', name };
    case 'task':
      if (typeof raw.queue !== 'boolean') bad('queue', 'true or false');
      if (!(raw.retries === null || raw.retries === 0 || raw.retries === 1 || raw.retries === 2)) bad('retries', '0, 1, 2 or null');
      if (!(raw.onFailure === null || (isStr(raw.onFailure) && /^arn:aws[a-z-]*:(sqs|sns|lambda|events):/.test(raw.onFailure)))) bad('onFailure', 'an SQS, SNS, Lambda or EventBridge ARN, or null');
      if (raw.queue && raw.onFailure) fail(`${where}: onFailure cannot be combined with queue (the queue's dead-letter queue receives failed payloads)`);
      return { kind: 'task', name, queue: raw.queue as boolean, retries: raw.retries as number | null, onFailure: raw.onFailure as string | null };
    default:
      return fail(`${where}: unknown trigger kind ${JSON.stringify(raw.kind)}; this Calix version deploys schedule, s3, sqs, sns, eventbridge, function and task triggers`);
  }
}
