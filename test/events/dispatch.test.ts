import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { Calix, Rate, type S3Event, type ScheduledEvent, type SnsMessage, type SqsMessage, type TriggerContext } from '../../src/index.js';
import { apiEvent, context, customEvent, s3Record, scheduledEvent, snsEvent, sqsRecord } from './fixtures.js';

// The deployed function's environment: each test sets CALIX_HANDLER as the stack would.
let saved: string | undefined;
beforeEach(() => {
  saved = process.env.CALIX_HANDLER;
  delete process.env.CALIX_HANDLER;
});
afterEach(() => {
  if (saved === undefined) delete process.env.CALIX_HANDLER;
  else process.env.CALIX_HANDLER = saved;
  vi.restoreAllMocks();
});

describe('S3 handlers through app.handler', () => {
  test('get one record at a time with the key URL-decoded (spaces and unicode)', async () => {
    const app = new Calix({ name: 'events' });
    const seen: S3Event[] = [];
    app.onS3Event({ bucket: 'photo-uploads', name: 'thumbnails' }, async (e) => {
      seen.push(e);
    });
    const first = s3Record('photos/My+Trip/%C3%A9t%C3%A9+2024.png', { size: 52_341 });
    const second = s3Record('a%2Bb+%28copy%29+100%25.txt', { size: 7 });
    process.env.CALIX_HANDLER = 'thumbnails';
    const result = await app.handler({ Records: [first, second] }, context());
    expect(result).toBeUndefined();
    expect(seen).toEqual([
      { bucket: 'photo-uploads', key: 'photos/My Trip/été 2024.png', size: 52_341, eventName: 'ObjectCreated:Put', eventTime: '2024-07-01T10:20:30.123Z', record: first },
      { bucket: 'photo-uploads', key: 'a+b (copy) 100%.txt', size: 7, eventName: 'ObjectCreated:Put', eventTime: '2024-07-01T10:20:30.123Z', record: second },
    ]);
  });

  test('a key that is not valid percent-encoding is passed with only "+" decoded; removed objects have size 0', async () => {
    const app = new Calix({ name: 'events' });
    const keys: [string, number][] = [];
    app.onS3Event({ bucket: 'photo-uploads', events: ['s3:ObjectRemoved:*'], name: 'cleanup' }, (e) => {
      keys.push([e.key, e.size]);
    });
    const removed = s3Record('100%+sure.txt', { eventName: 'ObjectRemoved:Delete' });
    delete (removed.s3.object as { size?: number }).size;
    await app.handler({ Records: [removed] }, context());
    expect(keys).toEqual([['100% sure.txt', 0]]);
  });

  test('a handler error fails the invocation (so Lambda retries it)', async () => {
    const app = new Calix({ name: 'events' });
    app.onS3Event({ bucket: 'photo-uploads', name: 'broken' }, () => {
      throw new Error('disk full');
    });
    await expect(app.handler({ Records: [s3Record('a.png')] }, context())).rejects.toThrow('disk full');
  });
});

describe('SQS handlers through app.handler', () => {
  const batch = (...bodies: string[]) => ({ Records: bodies.map((b, i) => sqsRecord(`msg-${i + 1}`, b)) });

  test('a batch of 3 with one failing message reports exactly that message', async () => {
    const app = new Calix({ name: 'events' });
    const done: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, async (m: SqsMessage) => {
      const order = m.json<{ id: number }>();
      if (order.id === 2) throw new Error('payment declined');
      done.push(`${m.messageId}:${order.id}:${m.attributes.ApproximateReceiveCount}:${m.messageAttributes.tenant?.stringValue}`);
    });
    const result = await app.handler(batch('{"id":1}', '{"id":2}', '{"id":3}'), context());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2' }] });
    expect(done).toEqual(['msg-1:1:2:acme', 'msg-3:3:2:acme']);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toContain('orders: SQS message msg-2 failed');
    expect(errors.mock.calls[0]![1]).toMatchObject({ message: 'payment declined' });
  });

  test('returning false also fails a message; a body that is not JSON fails at json()', async () => {
    const app = new Calix({ name: 'events' });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, (m) => (m.body === 'skip' ? false : m.json()));
    const result = await app.handler(batch('{"ok":true}', 'skip', 'not json', 'null'), context());
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-2' }, { itemIdentifier: 'msg-3' }] });
  });

  test('a batch where every message succeeds reports no failures', async () => {
    const app = new Calix({ name: 'events' });
    const bodies: string[] = [];
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, (m) => {
      bodies.push(m.body);
    });
    expect(await app.handler(batch('a', 'b'), context())).toEqual({ batchItemFailures: [] });
    expect(bodies).toEqual(['a', 'b']);
  });

  test('in a FIFO queue, messages after a failure are not run and are reported too (order is kept)', async () => {
    const app = new Calix({ name: 'events' });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const ran: string[] = [];
    app.onSqsMessage({ queue: 'orders.fifo', name: 'ordered' }, (m) => {
      ran.push(m.body);
      if (m.body === 'b') throw new Error('no');
    });
    const arn = 'arn:aws:sqs:us-west-2:123456789012:orders.fifo';
    const event = { Records: ['a', 'b', 'c', 'd'].map((b, i) => sqsRecord(`f-${i}`, b, arn)) };
    expect(await app.handler(event, context())).toEqual({ batchItemFailures: [{ itemIdentifier: 'f-1' }, { itemIdentifier: 'f-2' }, { itemIdentifier: 'f-3' }] });
    expect(ran).toEqual(['a', 'b']);
  });
});

describe('SNS, EventBridge, schedule and plain functions through app.handler', () => {
  test('SNS handlers get the message, subject, topic, json() and attributes', async () => {
    const app = new Calix({ name: 'events' });
    const got: SnsMessage[] = [];
    app.onSnsMessage({ topic: 'alerts', name: 'alerts' }, (m) => {
      got.push(m);
    });
    const event = snsEvent('{"level":"high"}');
    await app.handler(event, context());
    expect(got).toHaveLength(1);
    const m = got[0]!;
    expect([m.message, m.subject, m.topicArn]).toEqual(['{"level":"high"}', 'TestInvoke', 'arn:aws:sns:us-east-1:123456789012:alerts']);
    expect(m.json()).toEqual({ level: 'high' });
    expect(m.attributes.Test).toEqual({ Type: 'String', Value: 'TestString' });
    expect(m.record).toBe(event.Records[0]);

    await app.handler(snsEvent('plain', null), context());
    expect(got[1]!.subject).toBeNull();
  });

  test('EventBridge handlers get the event and the context; their result is returned', async () => {
    const app = new Calix({ name: 'events' });
    app.onEventBridge<{ orderId: string; total: number }>({ pattern: { source: ['shop.orders'] }, name: 'placed' }, (e, ctx) => ({
      source: e.source, type: e['detail-type'], order: e.detail.orderId, total: e.detail.total, requestId: ctx?.awsRequestId,
    }));
    expect(await app.handler(customEvent(), context())).toEqual({ source: 'shop.orders', type: 'OrderPlaced', order: 'o-1', total: 42, requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' });
  });

  test('schedule handlers get the scheduled event', async () => {
    const app = new Calix({ name: 'events' });
    const runs: ScheduledEvent[] = [];
    app.schedule(Rate.minutes(5), (e) => void runs.push(e), { name: 'tick' });
    const event = scheduledEvent();
    await app.handler(event, context());
    expect(runs).toEqual([event]);
  });

  test('lambdaFunction handlers get the raw payload and the context, and return their result', async () => {
    const app = new Calix({ name: 'events' });
    app.lambdaFunction('add', async (p: { a: number; b: number }, ctx: TriggerContext) => ({ sum: p.a + p.b, left: ctx?.getRemainingTimeInMillis() }));
    process.env.CALIX_HANDLER = 'add';
    expect(await app.handler({ a: 2, b: 3 }, context())).toEqual({ sum: 5, left: 12345 });
    app.lambdaFunction('echo', (p) => p);
    process.env.CALIX_HANDLER = 'echo';
    // Any payload, even one shaped like another trigger's event.
    expect(await app.handler('hello', context())).toBe('hello');
    expect(await app.handler(scheduledEvent(), context())).toEqual(scheduledEvent());
  });
});

describe('choosing the trigger: CALIX_HANDLER, else the only trigger of the event kind', () => {
  const twoQueues = () => {
    const app = new Calix({ name: 'events' });
    const log: string[] = [];
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, (m) => void log.push(`orders:${m.body}`));
    app.onSqsMessage({ queue: 'refunds', name: 'refunds' }, (m) => void log.push(`refunds:${m.body}`));
    app.onS3Event({ bucket: 'photo-uploads', name: 'thumbnails' }, () => void log.push('s3'));
    app.route('/health', () => ({ ok: true }));
    return { app, log };
  };

  test('CALIX_HANDLER picks the trigger when several could take the event', async () => {
    const { app, log } = twoQueues();
    process.env.CALIX_HANDLER = 'refunds';
    await app.handler({ Records: [sqsRecord('m1', 'x')] }, context());
    process.env.CALIX_HANDLER = 'orders';
    await app.handler({ Records: [sqsRecord('m2', 'y')] }, context());
    expect(log).toEqual(['refunds:x', 'orders:y']);
  });

  test('without CALIX_HANDLER, the only trigger of that kind runs; two of a kind is an error listing the values', async () => {
    const { app, log } = twoQueues();
    await app.handler({ Records: [s3Record('a.png')] }, context());
    expect(log).toEqual(['s3']);
    await expect(app.handler({ Records: [sqsRecord('m1', 'x')] }, context())).rejects.toThrow(
      'Calix: received an SQS event and CALIX_HANDLER is not set; 2 sqs triggers could take it. CALIX_HANDLER values in this app: orders, refunds, thumbnails',
    );
    await expect(app.handler(snsEvent('x'), context())).rejects.toThrow(/received an SNS event and CALIX_HANDLER is not set; no sns trigger is registered\. CALIX_HANDLER values in this app: orders, refunds, thumbnails/);
  });

  test('an event that does not fit the named trigger fails loudly, naming its kind and the event', async () => {
    const { app } = twoQueues();
    process.env.CALIX_HANDLER = 'thumbnails';
    await expect(app.handler({ Records: [sqsRecord('m1', 'x')] }, context())).rejects.toThrow('Calix: CALIX_HANDLER names the s3 trigger "thumbnails", which cannot take an SQS event');
    await expect(app.handler({ hello: 'world' }, context())).rejects.toThrow('Calix: CALIX_HANDLER names the s3 trigger "thumbnails", which cannot take an object with keys [hello]');
  });

  test('a CALIX_HANDLER that names no trigger is an error listing the ones that exist', async () => {
    const { app } = twoQueues();
    process.env.CALIX_HANDLER = 'order';
    await expect(app.handler({ Records: [sqsRecord('m1', 'x')] }, context())).rejects.toThrow(
      'Calix: CALIX_HANDLER is "order", but no trigger has that name. CALIX_HANDLER values in this app: orders, refunds, thumbnails',
    );
  });

  test('the router function (CALIX_HANDLER=api) answers API Gateway events and refuses others', async () => {
    const { app } = twoQueues();
    process.env.CALIX_HANDLER = 'api';
    const r = await app.handler(apiEvent('/health'), context());
    expect([r.statusCode, JSON.parse(r.body)]).toEqual([200, { ok: true }]);
    await expect(app.handler({ Records: [sqsRecord('m1', 'x')] }, context())).rejects.toThrow(
      'Calix: this is the router function (CALIX_HANDLER=api): it answers API Gateway events only, and received an SQS event',
    );
  });

  test('an EventBridge trigger takes scheduled events when named; a schedule trigger refuses other events', async () => {
    const app = new Calix({ name: 'events' });
    const seen: string[] = [];
    app.onEventBridge({ pattern: { source: ['aws.events'] }, name: 'all' }, (e) => void seen.push(e['detail-type']));
    app.schedule(Rate.hours(1), () => void seen.push('tick'), { name: 'tick' });
    process.env.CALIX_HANDLER = 'all';
    await app.handler(scheduledEvent(), context());
    expect(seen).toEqual(['Scheduled Event']);
    process.env.CALIX_HANDLER = 'tick';
    await expect(app.handler(customEvent(), context())).rejects.toThrow('Calix: CALIX_HANDLER names the schedule trigger "tick", which cannot take an EventBridge event');
    delete process.env.CALIX_HANDLER;
    await app.handler(scheduledEvent(), context());
    expect(seen).toEqual(['Scheduled Event', 'tick']);
  });

  test('shapes are told apart by several fields, not one', async () => {
    const app = new Calix({ name: 'events' });
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, () => {});
    // eventSource alone is not enough: an "SQS" record without a messageId is not an SQS event.
    const { messageId: _, ...noId } = sqsRecord('m1', 'x');
    await expect(app.handler({ Records: [noId] }, context())).rejects.toThrow(/cannot route this event.*Received an object with keys \[Records\]/);
    // An EventBridge-like object without detail is not an EventBridge event.
    const { detail: __, ...noDetail } = customEvent();
    await expect(app.handler(noDetail, context())).rejects.toThrow(/Received an object with keys \[version, id, detail-type, source/);
  });
});

describe('events nobody can route', () => {
  test('fail loudly with their shape and the CALIX_HANDLER values', async () => {
    const app = new Calix({ name: 'events' });
    app.lambdaFunction('report', () => 'ok');
    await expect(app.handler({ foo: 1, bar: [2] }, context())).rejects.toThrow(
      'Calix: cannot route this event: it is not an API Gateway REST (v1) or HTTP API (v2) event, nor a registered trigger\'s event. Received an object with keys [foo, bar]. To run a trigger, set CALIX_HANDLER to one of: report.',
    );
    await expect(app.handler('text', context())).rejects.toThrow(/Received a string value\./);
    await expect(app.handler(null)).rejects.toThrow(/Received a null value\./);
  });

  test('Records from other services name their eventSource', async () => {
    const app = new Calix({ name: 'events' });
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, () => {});
    const dynamo = { Records: [{ eventID: '1', eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: {} }] };
    await expect(app.handler(dynamo, context())).rejects.toThrow(
      /Received an object with keys \[Records\] \(its first record's eventSource is "aws:dynamodb"\)\. To run a trigger, set CALIX_HANDLER to one of: orders\.$/,
    );
    process.env.CALIX_HANDLER = 'orders';
    await expect(app.handler(dynamo, context())).rejects.toThrow(
      'Calix: CALIX_HANDLER names the sqs trigger "orders", which cannot take an object with keys [Records] (its first record\'s eventSource is "aws:dynamodb")',
    );
  });

  test('in an app without triggers, the message is the router one', async () => {
    const app = new Calix({ name: 'events' });
    await expect(app.handler({ Records: [] })).rejects.toThrow(/^Calix: cannot route this event: .* Received an object with keys \[Records\]\.$/);
  });
});
