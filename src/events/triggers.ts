// Trigger registration: validates options at import time and records what the manifest and the
// dispatcher need. Nothing runs here until a registration method is called.
import { RegistrationError } from '../http/errors.js';
import type { TriggerManifest } from '../manifest.js';
import { normalizeSchedule } from './schedule.js';
import type {
  EventBridgeHandler, EventBridgeOptions, LambdaFunctionHandler, S3EventOptions, S3Handler, ScheduleHandler, ScheduleOptions,
  SnsHandler, SnsOptions, SqsHandler, SqsOptions,
} from './types.js';

/** @internal A registered trigger: its manifest entry, its handler, and how errors name it. */
export interface Trigger {
  readonly manifest: TriggerManifest;
  readonly handler: (event: any, context: any) => unknown;
  /** E.g. `app.onS3Event "resize"`. */
  readonly what: string;
}

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const S3_EVENT =
  /^s3:(ObjectCreated:(\*|Put|Post|Copy|CompleteMultipartUpload)|ObjectRemoved:(\*|Delete|DeleteMarkerCreated)|ObjectRestore:(\*|Post|Completed|Delete)|ReducedRedundancyLostObject|Replication:(\*|Operation(FailedReplication|MissedThreshold|ReplicatedAfterThreshold|NotTracked))|LifecycleExpiration:(\*|Delete|DeleteMarkerCreated)|LifecycleTransition|IntelligentTiering|ObjectTagging:(\*|Put|Delete)|ObjectAcl:Put)$/;
const ARN = (service: string) => new RegExp(`^arn:aws[a-z-]*:${service}:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:`);
const str = JSON.stringify;

type Fail = (why: string) => never;

/** Names the trigger (explicit, else the handler's name) and returns its error helper. */
function begin(where: string, method: string, handler: unknown, name: unknown, hint: string): [string, Fail, string] {
  let what = `${where}.${method}(${hint})`;
  const fail: Fail = (why) => {
    throw new RegistrationError(`${what}: ${why}`);
  };
  if (typeof handler !== 'function') fail('the handler must be a function');
  const fn = (handler as Function).name;
  if (name === undefined) {
    name = IDENT.test(fn)
      ? fn
      : fail(`cannot take a stable name from ${fn ? `the handler "${fn}"` : 'an anonymous handler'}; pass { name: "..." }: it becomes the Lambda function's name`);
  }
  if (typeof name !== 'string' || !NAME.test(name)) fail(`name ${str(name)} must start with a letter and hold at most 64 letters, digits, "-" or "_"`);
  if ((name as string).toLowerCase() === 'api') fail('the name "api" is reserved for the router function; choose another');
  what = `${where}.${method} "${name}"`;
  return [name as string, fail, what];
}

const optional = (v: unknown, key: string, fail: Fail): string | null => {
  if (v !== undefined && typeof v !== 'string') fail(`${key} must be a string`);
  return (v as string) || null;
};

/** `queue` / `topic` (a name) or `queueArn` / `topicArn`, exactly one, each checked. */
function source(o: any, key: string, service: string, max: number, fail: Fail): [string | null, string | null] {
  const name = o[key];
  const arn = o[key + 'Arn'];
  if ((name === undefined) === (arn === undefined)) fail(`give exactly one of ${key} (a name) or ${key}Arn`);
  const valid = (s: unknown) => typeof s === 'string' && s.length <= max && /^[\w-]+(\.fifo)?$/.test(s);
  if (name !== undefined && !valid(name)) {
    fail(`${key} ${str(name)} is not a ${service.toUpperCase()} ${key} name (1-${max} letters, digits, "-" or "_", optional ".fifo")${String(name).startsWith('arn:') ? `; pass an ARN as ${key}Arn` : ''}`);
  }
  if (arn !== undefined && !(typeof arn === 'string' && ARN(service).test(arn) && valid(arn.split(':')[5]))) {
    fail(`${key}Arn ${str(arn)} is not an ${service.toUpperCase()} ${key} ARN like "arn:aws:${service}:us-east-1:123456789012:my-${key}"`);
  }
  return [(name as string) ?? null, (arn as string) ?? null];
}

function isPattern(p: unknown): boolean {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return false;
  const values = Object.values(p);
  return values.length > 0 && values.every((v) => Array.isArray(v) || isPattern(v));
}

export function scheduleTrigger(where: string, expression: string, handler: ScheduleHandler, o: ScheduleOptions = {}): Trigger {
  const [name, fail, what] = begin(where, 'schedule', handler, o.name, str(expression));
  const description = optional(o.description, 'description', fail);
  if (description && description.length > 512) fail('description must be at most 512 characters');
  return { what, handler, manifest: { kind: 'schedule', name, expression: normalizeSchedule(expression, what), description } };
}

export function s3Trigger(where: string, o: S3EventOptions, handler: S3Handler): Trigger {
  const [name, fail, what] = begin(where, 'onS3Event', handler, o?.name, `{ bucket: ${str(o?.bucket)} }`);
  const b = o.bucket;
  if (typeof b !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b) || /\.\.|^\d+\.\d+\.\d+\.\d+$|^(xn--|sthree-|amzn-s3-demo-)|(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(b)) {
    fail(`bucket ${str(b)} is not an S3 bucket name (3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit; no "..", not an IP address)`);
  }
  const events = o.events ?? ['s3:ObjectCreated:*'];
  if (!Array.isArray(events) || events.length === 0) fail('events must be a non-empty array, e.g. ["s3:ObjectCreated:*"]');
  for (const e of events) {
    if (!S3_EVENT.test(e)) fail(`${str(e)} is not an S3 event type; use a documented one such as "s3:ObjectCreated:*" or "s3:ObjectRemoved:Delete"`);
  }
  const prefix = optional(o.prefix, 'prefix', fail);
  const suffix = optional(o.suffix, 'suffix', fail);
  return { what, handler, manifest: { kind: 's3', name, bucket: b, events: [...events], prefix, suffix } };
}

export function sqsTrigger(where: string, o: SqsOptions, handler: SqsHandler): Trigger {
  const [name, fail, what] = begin(where, 'onSqsMessage', handler, o?.name, `{ ${o?.queueArn ? 'queueArn' : 'queue'}: ${str(o?.queueArn ?? o?.queue)} }`);
  const [queue, queueArn] = source(o, 'queue', 'sqs', 80, fail);
  const { batchSize = null, maxBatchingWindow = null } = o;
  const fifo = (queue ?? queueArn!).endsWith('.fifo');
  const max = fifo ? 10 : 10000;
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= max)) {
    fail(`batchSize ${str(batchSize)} must be a whole number from 1 to ${max}${fifo ? ' for a FIFO queue' : ''}`);
  }
  if (maxBatchingWindow !== null) {
    if (fifo) fail('maxBatchingWindow is not supported for FIFO queues');
    if (!(Number.isInteger(maxBatchingWindow) && maxBatchingWindow >= 0 && maxBatchingWindow <= 300)) fail(`maxBatchingWindow ${str(maxBatchingWindow)} must be whole seconds from 0 to 300`);
  }
  if (batchSize !== null && batchSize > 10 && !maxBatchingWindow) fail('a batchSize above 10 needs maxBatchingWindow of at least 1 second (a Lambda rule)');
  return { what, handler, manifest: { kind: 'sqs', name, queue, queueArn, batchSize, maxBatchingWindow } };
}

export function snsTrigger(where: string, o: SnsOptions, handler: SnsHandler): Trigger {
  const [name, fail, what] = begin(where, 'onSnsMessage', handler, o?.name, `{ ${o?.topicArn ? 'topicArn' : 'topic'}: ${str(o?.topicArn ?? o?.topic)} }`);
  const [topic, topicArn] = source(o, 'topic', 'sns', 256, fail);
  return { what, handler, manifest: { kind: 'sns', name, topic, topicArn } };
}

export function eventBridgeTrigger(where: string, o: EventBridgeOptions, handler: EventBridgeHandler): Trigger {
  const [name, fail, what] = begin(where, 'onEventBridge', handler, o?.name, '{ pattern }');
  if (!isPattern(o.pattern)) fail('pattern must be a non-empty object whose values are arrays (or nested objects of arrays), e.g. { source: ["my.app"] }');
  return { what, handler, manifest: { kind: 'eventbridge', name, pattern: structuredClone(o.pattern) as Record<string, unknown> } };
}

export function functionTrigger(where: string, name: string, handler: LambdaFunctionHandler): Trigger {
  const [n, , what] = begin(where, 'lambdaFunction', handler, name ?? null, str(name));
  return { what, handler, manifest: { kind: 'function', name: n } };
}

// S3 rejects two notifications on one bucket whose event types overlap and whose prefixes and
// suffixes both overlap ("Configurations overlap"): catch it at registration, not at deploy.
const eventsOverlap = (a: string, b: string) => a === b || (a.endsWith('*') && b.startsWith(a.slice(0, -1))) || (b.endsWith('*') && a.startsWith(b.slice(0, -1)));
const affix = (a: string | null, b: string | null, end: boolean) => !a || !b || (end ? a.endsWith(b) || b.endsWith(a) : a.startsWith(b) || b.startsWith(a));

/**
 * Adds a trigger to an app's registry: names are unique (case-insensitively, and apart from
 * custom authorizers, which get functions too), S3 filters may not overlap.
 */
export function addTrigger(triggers: Map<string, Trigger>, authorizers: ReadonlyMap<string, { toManifest(): { kind: string; name: string } }>, t: Trigger): void {
  const m = t.manifest;
  for (const a of authorizers.values()) {
    const o = a.toManifest();
    if (o.kind === 'custom' && o.name.toLowerCase() === m.name.toLowerCase()) {
      throw new RegistrationError(`${t.what}: the name "${m.name}" is already used by custom authorizer "${o.name}", which has its own function; choose another name`);
    }
  }
  for (const other of triggers.values()) {
    const o = other.manifest;
    if (o.name.toLowerCase() === m.name.toLowerCase()) {
      throw new RegistrationError(`${t.what}: the name "${m.name}" is already used by ${other.what}; trigger names become Lambda function names and must be unique`);
    }
    if (m.kind === 's3' && o.kind === 's3' && o.bucket === m.bucket && affix(o.prefix, m.prefix, false) && affix(o.suffix, m.suffix, true) && m.events.some((e) => o.events.some((f) => eventsOverlap(e, f)))) {
      throw new RegistrationError(`${t.what}: overlaps ${other.what} on bucket "${m.bucket}" (same event types, overlapping prefix and suffix); S3 refuses overlapping notifications, so narrow one's events, prefix or suffix`);
    }
  }
  triggers.set(m.name, t);
}
