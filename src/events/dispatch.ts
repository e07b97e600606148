// Runs a trigger for a non-HTTP event (which one: ./select.ts).
import type { LambdaContext } from '../aws-types.js';
import { LABEL, selectTrigger } from './select.js';
import { runTask } from './task.js';
import type { Trigger } from './triggers.js';
import type { S3EventRecord, SnsRecord, SqsRecord } from './types.js';

const decodeKey = (key: string): string => {
  const s = key.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Picks the trigger for a non-HTTP event and runs it; fails loudly when it cannot tell. */
export async function dispatchTrigger(triggers: ReadonlyMap<string, Trigger>, event: unknown, context: LambdaContext | undefined): Promise<unknown> {
  return run(selectTrigger(triggers, event, context), event as { Records: any[] }, context);
}

// What a record of each kind must hold for its handler's argument to be built: the source field
// and its value, then the string fields read from it.
const NEEDS = {
  s3: ['eventSource', 'aws:s3', 's3.bucket.name', 's3.object.key'],
  sqs: ['eventSource', 'aws:sqs', 'messageId', 'body'],
  sns: ['EventSource', 'aws:sns', 'Sns.Message'],
} as const;

/** The first gap in a record, named; undefined when it is complete. */
function recordGap(kind: keyof typeof NEEDS, r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return `it is ${r === null ? 'null' : Array.isArray(r) ? 'an array' : `a ${typeof r}`}, not an object`;
  const [source, value, ...fields] = NEEDS[kind];
  const rec = r as Record<string, unknown>;
  if (rec[source] !== value) return `its ${source} is ${JSON.stringify(rec[source] ?? null)}, not "${value}"`;
  for (const f of fields) {
    let v: any = rec;
    for (const part of f.split('.')) v = typeof v === 'object' && v !== null ? v[part] : undefined;
    if (typeof v !== 'string') return `its ${f} is not a string`;
  }
  return undefined;
}

/**
 * Checks every record before any handler runs: an incomplete record (possible in a direct invoke or
 * a hand-written test event) fails the whole event loudly, naming the record and what it lacks,
 * instead of a TypeError halfway through the batch.
 */
function checkRecords(t: Trigger, kind: keyof typeof NEEDS, records: unknown[]): void {
  for (let i = 0; i < records.length; i++) {
    const gap = recordGap(kind, records[i]);
    if (gap) {
      const r = records[i];
      const keys = typeof r === 'object' && r !== null && !Array.isArray(r) ? ` (keys [${Object.keys(r).slice(0, 12).join(', ')}])` : '';
      throw new Error(`Calix: ${t.what} received ${LABEL[kind]} event whose record ${i + 1} of ${records.length} is incomplete: ${gap}${keys}.`);
    }
  }
}

async function run(t: Trigger, e: { Records: any[] }, context: LambdaContext | undefined): Promise<unknown> {
  const h = t.handler;
  const kind = t.manifest.kind;
  if (kind === 's3' || kind === 'sqs' || kind === 'sns') checkRecords(t, kind, e.Records);
  switch (t.manifest.kind) {
    case 's3':
      for (const r of e.Records as S3EventRecord[]) {
        const o = r.s3;
        await h({ bucket: o.bucket.name, key: decodeKey(o.object.key), size: o.object.size ?? 0, eventName: r.eventName, eventTime: r.eventTime, record: r }, context);
      }
      return undefined;
    case 'sns':
      for (const r of e.Records as SnsRecord[]) {
        const s = r.Sns;
        await h({ message: s.Message, subject: s.Subject ?? null, topicArn: s.TopicArn, json: () => JSON.parse(s.Message), attributes: s.MessageAttributes ?? {}, record: r }, context);
      }
      return undefined;
    case 'sqs': {
      // Partial batch response: failed messages are retried, the rest are deleted. In a FIFO
      // queue, everything after a failure is reported too, so the group's order is kept.
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const r of e.Records as SqsRecord[]) {
        let ok = false;
        if (!(batchItemFailures.length && r.eventSourceARN?.endsWith('.fifo'))) {
          try {
            ok = (await h({ messageId: r.messageId, body: r.body, json: () => JSON.parse(r.body), attributes: r.attributes, messageAttributes: r.messageAttributes, record: r }, context)) !== false;
          } catch (err) {
            console.error(`Calix: ${t.manifest.name}: SQS message ${r.messageId} failed:`, err);
          }
        }
        if (!ok) batchItemFailures.push({ itemIdentifier: r.messageId });
      }
      return { batchItemFailures };
    }
    case 'task':
      return runTask(t, e, context);
    default:
      return h(e, context);
  }
}
