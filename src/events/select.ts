// Which trigger a non-HTTP event is for: the function's CALIX_HANDLER environment variable (set
// per function at deploy), else the only registered trigger of the event's kind. Apart from
// dispatch.ts so that a bundle without triggers (src/seams/triggers.absent.ts) fails with the very
// same words.
import type { LambdaContext } from '../aws-types.js';
import { targetOf } from './target.js';
import type { Trigger } from './triggers.js';

/** The error for an event the router cannot route: it names the event's shape. */
function describeUnknownEvent(event: unknown): string {
  const shape =
    event === null || typeof event !== 'object'
      ? (event === undefined ? 'an undefined value' : `a ${event === null ? 'null' : typeof event} value`)
      : `an object with keys [${Object.keys(event).slice(0, 12).join(', ')}]`;
  return `Calix: cannot route this event: it is not an API Gateway REST (v1) or HTTP API (v2) event, nor a registered trigger's event. Received ${shape}.`;
}

export type Shape = 's3' | 'sqs' | 'sns' | 'schedule' | 'eventbridge';
export const LABEL: Record<Shape, string> = { s3: 'an S3', sqs: 'an SQS', sns: 'an SNS', schedule: 'a scheduled', eventbridge: 'an EventBridge' };

/** Recognises a Lambda event by several fields at once; undefined when it is none of the trigger kinds. */
export function eventShape(event: unknown): Shape | undefined {
  const e = event as Record<string, any> | null;
  if (!e || typeof e !== 'object') return undefined;
  if (Array.isArray(e.Records)) {
    const r = e.Records[0];
    if (!r || typeof r !== 'object') return undefined;
    if (r.eventSource === 'aws:s3' && typeof r.s3?.object === 'object') return 's3';
    if (r.eventSource === 'aws:sqs' && typeof r.messageId === 'string') return 'sqs';
    if (r.EventSource === 'aws:sns' && typeof r.Sns === 'object') return 'sns';
    return undefined;
  }
  if (typeof e.source === 'string' && typeof e['detail-type'] === 'string' && 'detail' in e) {
    return e.source === 'aws.events' && e['detail-type'] === 'Scheduled Event' ? 'schedule' : 'eventbridge';
  }
  return undefined;
}

/** Picks the trigger for a non-HTTP event; throws, naming the event and the choices, when it cannot tell. */
export function selectTrigger(triggers: ReadonlyMap<string, Trigger>, event: unknown, context: LambdaContext | undefined): Trigger {
  const target = targetOf(context);
  const shape = eventShape(event);
  const list = [...triggers.keys()].join(', ');
  const names = `CALIX_HANDLER values in this app: ${list || 'none'}`;
  // Records-style events of other services (DynamoDB, Kinesis...) say which service they came from.
  const records = (event as { Records?: unknown } | null)?.Records;
  const r = Array.isArray(records) ? (records[0] as Record<string, unknown> | undefined) : undefined;
  const from = !shape && r && typeof r === 'object' ? ` (its first record's eventSource is ${JSON.stringify(r.eventSource ?? r.EventSource ?? null)})` : '';
  const got = shape ? `${LABEL[shape]} event` : describeUnknownEvent(event).replace(/^.*Received /, '').replace(/\.$/, from);
  let t: Trigger | undefined;
  if (target) {
    t = triggers.get(target);
    if (!t) {
      throw new Error(
        target === 'api'
          ? `Calix: this is the router function (CALIX_HANDLER=api): it answers API Gateway events only, and received ${got}`
          : `Calix: CALIX_HANDLER is "${target}", but no trigger has that name. ${names}`,
      );
    }
    const kind = t.manifest.kind;
    if (kind !== 'function' && kind !== 'task' && kind !== shape && !(kind === 'eventbridge' && shape === 'schedule')) {
      throw new Error(`Calix: CALIX_HANDLER names the ${kind} trigger "${target}", which cannot take ${got}`);
    }
  } else {
    if (!shape) throw new Error(`${describeUnknownEvent(event).replace(/\.$/, `${from}.`)}${list ? ` To run a trigger, set CALIX_HANDLER to one of: ${list}.` : ''}`);
    const fits = [...triggers.values()].filter((x) => x.manifest.kind === shape);
    if (fits.length !== 1) {
      throw new Error(`Calix: received ${got} and CALIX_HANDLER is not set; ${fits.length ? `${fits.length} ${shape} triggers could take it` : `no ${shape} trigger is registered`}. ${names}`);
    }
    t = fits[0]!;
  }
  return t;
}
