import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { Blueprint, Calix, Cron, Rate, type S3Event, type SnsMessage, type SqsMessage } from '../../src/index.js';
import { createTestClient, encodeS3Key, s3Event, snsEvent, sqsEvent } from '../../src/testing/index.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const keys = (o: object) => Object.keys(o).sort();

// Field names of aws-lambda-go's events/testdata files (s3-event.json, sqs-event.json,
// sns-event.json) and its scheduled event: the builders must produce the same shapes.
const S3_RECORD = ['awsRegion', 'eventName', 'eventSource', 'eventTime', 'eventVersion', 'requestParameters', 'responseElements', 's3', 'userIdentity'];
const S3_OBJECT = ['eTag', 'key', 'sequencer', 'size'];
const SQS_RECORD = ['attributes', 'awsRegion', 'body', 'eventSource', 'eventSourceARN', 'md5OfBody', 'messageAttributes', 'messageId', 'receiptHandle'];
const SNS_RECORD = ['EventSource', 'EventSubscriptionArn', 'EventVersion', 'Sns'];
const SNS_ENTITY = ['Message', 'MessageAttributes', 'MessageId', 'Signature', 'SignatureVersion', 'SigningCertUrl', 'Subject', 'Timestamp', 'TopicArn', 'Type', 'UnsubscribeUrl'];
const EB_EVENT = ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'];

describe('event builders', () => {
  test('S3: the shape of s3-event.json, with the key encoded the way S3 encodes it', () => {
    const e = s3Event({ bucket: 'photo-uploads', key: 'photos/My Trip/été 2024.png', size: 10 });
    const r = e.Records[0]!;
    expect(keys(r)).toEqual(S3_RECORD);
    expect(keys(r.s3)).toEqual(['bucket', 'configurationId', 'object', 's3SchemaVersion']);
    expect(keys(r.s3.object)).toEqual(S3_OBJECT);
    expect(r.s3.object.key).toBe('photos/My+Trip/%C3%A9t%C3%A9+2024.png');
    expect(r.s3.bucket).toMatchObject({ name: 'photo-uploads', arn: 'arn:aws:s3:::photo-uploads' });
    expect([r.eventSource, r.eventName, r.s3.object.size]).toEqual(['aws:s3', 'ObjectCreated:Put', 10]);
    expect(r.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(encodeS3Key("a+b (1)!'~*.txt")).toBe('a%2Bb+%281%29%21%27%7E*.txt');
    const removed = s3Event({ bucket: 'b-1', key: 'x', eventName: 's3:ObjectRemoved:Delete' }).Records[0]!;
    expect([removed.eventName, keys(removed.s3.object)]).toEqual(['ObjectRemoved:Delete', ['key', 'sequencer']]);
  });

  test('SQS: the shape of sqs-event.json, with real MD5s', () => {
    const e = sqsEvent('arn:aws:sqs:eu-west-1:123456789012:orders', ['hello', { id: 7 }, { body: 'raw', attributes: { ApproximateReceiveCount: '3' }, messageAttributes: { tenant: 'acme', n: 5 } }]);
    expect(e.Records.map((r) => r.body)).toEqual(['hello', '{"id":7}', 'raw']);
    for (const r of e.Records.slice(0, 2)) expect(keys(r)).toEqual(SQS_RECORD);
    const last = e.Records[2]!;
    expect(keys(last)).toEqual([...SQS_RECORD, 'md5OfMessageAttributes'].sort());
    expect(last.md5OfBody).toBe(md5('raw'));
    expect(last.attributes).toMatchObject({ ApproximateReceiveCount: '3', SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/) });
    expect(last.messageAttributes).toEqual({
      tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' },
      n: { stringValue: '5', stringListValues: [], binaryListValues: [], dataType: 'Number' },
    });
    expect(last.md5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(e.Records.map((r) => r.messageId)).size).toBe(3);
    expect(e.Records[0]).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:orders', awsRegion: 'eu-west-1' });
  });

  test('SQS message attribute MD5 matches the value SQS computes', () => {
    // A single String attribute "a" = "b": SQS's documented algorithm, computed by hand here.
    const buf = Buffer.concat([
      Buffer.from([0, 0, 0, 1]), Buffer.from('a'),
      Buffer.from([0, 0, 0, 6]), Buffer.from('String'),
      Buffer.from([1]),
      Buffer.from([0, 0, 0, 1]), Buffer.from('b'),
    ]);
    const e = sqsEvent('arn:aws:sqs:us-east-1:123456789012:q', [{ body: 'x', messageAttributes: { a: 'b' } }]);
    expect(e.Records[0]!.md5OfMessageAttributes).toBe(createHash('md5').update(buf).digest('hex'));
  });

  test('SNS: the shape of sns-event.json; no subject is null, as SNS sends it', () => {
    const e = snsEvent('arn:aws:sns:us-east-1:123456789012:alerts', { level: 'high' }, { attributes: { source: 'billing', retries: 2 } });
    const r = e.Records[0]!;
    expect(keys(r)).toEqual(SNS_RECORD);
    expect(keys(r.Sns)).toEqual(SNS_ENTITY);
    expect(r.Sns).toMatchObject({ Type: 'Notification', Message: '{"level":"high"}', Subject: null, TopicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' });
    expect(r.Sns.MessageAttributes).toEqual({ source: { Type: 'String', Value: 'billing' }, retries: { Type: 'Number', Value: '2' } });
    expect(r.EventSubscriptionArn.startsWith('arn:aws:sns:us-east-1:123456789012:alerts:')).toBe(true);
  });
});

describe('client.events through app.handler', () => {
  test('schedule(name) fires the schedule with a scheduled event naming its rule', async () => {
    const app = new Calix({ name: 'jobs' });
    let runs = 0;
    app.schedule(Cron({ minute: 0, hour: 3 }), async (e) => {
      runs++;
      return { source: e.source, type: e['detail-type'] };
    }, { name: 'nightly' });
    const client = createTestClient(app);
    const { result, event } = await client.events.schedule('nightly');
    expect(runs).toBe(1);
    expect(result).toEqual({ source: 'aws.events', type: 'Scheduled Event' });
    expect(keys(event)).toEqual(EB_EVENT);
    expect(event.resources).toEqual(['arn:aws:events:us-east-1:123456789012:rule/nightly']);
    expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('s3(name, { key }) sends the encoded key; the handler reads it decoded', async () => {
    const app = new Calix({ name: 'jobs' });
    const got: S3Event[] = [];
    app.onS3Event({ bucket: 'photo-uploads', prefix: 'photos/', suffix: '.png', name: 'thumbnails' }, (e) => void got.push(e));
    const client = createTestClient(app);
    const { event } = await client.events.s3('thumbnails', { key: 'photos/My Trip/été 2024.png', size: 2048 });
    expect(event.Records[0]!.s3.object.key).toBe('photos/My+Trip/%C3%A9t%C3%A9+2024.png');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ bucket: 'photo-uploads', key: 'photos/My Trip/été 2024.png', size: 2048, eventName: 'ObjectCreated:Put' });
  });

  test('s3() refuses events S3 would never send to that trigger', async () => {
    const app = new Calix({ name: 'jobs' });
    app.onS3Event({ bucket: 'photo-uploads', prefix: 'photos/', suffix: '.png', name: 'thumbnails' }, () => {});
    const { events } = createTestClient(app);
    await expect(events.s3('thumbnails', { key: 'photos/a.jpg' })).rejects.toThrow('client.events.s3("thumbnails"): S3 would not send this event to "thumbnails": the key does not end with its suffix ".png"');
    await expect(events.s3('thumbnails', { key: 'docs/a.png' })).rejects.toThrow(/the key does not start with its prefix "photos\/"/);
    await expect(events.s3('thumbnails', { key: 'photos/a.png', bucket: 'other' })).rejects.toThrow(/it listens to bucket "photo-uploads"/);
    await expect(events.s3('thumbnails', { key: 'photos/a.png', eventName: 'ObjectRemoved:Delete' })).rejects.toThrow(/s3:ObjectRemoved:Delete is not one of its events \["s3:ObjectCreated:\*"\]/);
  });

  test('sqs(name, messages) with one failing message reports exactly its id', async () => {
    const app = new Calix({ name: 'jobs' });
    const seen: string[] = [];
    app.onSqsMessage({ queue: 'orders', name: 'orders' }, (m: SqsMessage) => {
      seen.push(m.body);
      const order = m.json<{ id: number }>();
      return order.id !== 2;
    });
    const client = createTestClient(app);
    const { result, event } = await client.events.sqs('orders', [{ id: 1 }, { id: 2 }, '{"id":3}']);
    expect(seen).toEqual(['{"id":1}', '{"id":2}', '{"id":3}']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    expect(event.Records[0]!.eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:orders');
  });

  test('sqs() uses the trigger\'s queue ARN and batch size; a FIFO queue gets group attributes', async () => {
    const app = new Calix({ name: 'jobs' });
    const groups: (string | undefined)[] = [];
    app.onSqsMessage({ queueArn: 'arn:aws:sqs:eu-central-1:210987654321:jobs.fifo', batchSize: 2, name: 'jobs' }, (m) => void groups.push(m.attributes.MessageGroupId));
    const { events } = createTestClient(app);
    const { event } = await events.sqs('jobs', ['a', { body: 'b', messageId: 'fixed-id' }]);
    expect(event.Records.map((r) => [r.eventSourceARN, r.awsRegion])).toEqual([
      ['arn:aws:sqs:eu-central-1:210987654321:jobs.fifo', 'eu-central-1'],
      ['arn:aws:sqs:eu-central-1:210987654321:jobs.fifo', 'eu-central-1'],
    ]);
    expect(event.Records[1]!.messageId).toBe('fixed-id');
    expect(groups).toEqual(['1', '1']);
    await expect(events.sqs('jobs', ['a', 'b', 'c'])).rejects.toThrow('client.events.sqs("jobs"): a batch holds 1 to 2 messages (the trigger\'s batchSize), not 3');
    await expect(events.sqs('jobs', [])).rejects.toThrow(/not 0/);
  });

  test('sns(name, message, { subject }) delivers to the trigger\'s topic', async () => {
    const app = new Calix({ name: 'jobs' });
    const got: SnsMessage[] = [];
    app.onSnsMessage({ topic: 'alerts', name: 'alerts' }, (m) => void got.push(m));
    const client = createTestClient(app);
    await client.events.sns('alerts', { level: 'high' }, { subject: 'Disk' });
    await client.events.sns('alerts', 'plain text');
    expect(got.map((m) => [m.subject, m.topicArn, m.message])).toEqual([
      ['Disk', 'arn:aws:sns:us-east-1:123456789012:alerts', '{"level":"high"}'],
      [null, 'arn:aws:sns:us-east-1:123456789012:alerts', 'plain text'],
    ]);
    expect(got[0]!.json()).toEqual({ level: 'high' });
  });

  test('eventBridge(name, {...}) sends a matching event and refuses one the pattern rejects', async () => {
    const app = new Calix({ name: 'jobs' });
    app.onEventBridge<{ orderId: string }>({ pattern: { source: ['shop.orders'], detail: { status: ['placed', { prefix: 'pre' }] } }, name: 'placed' }, (e) => e.detail.orderId);
    const { events } = createTestClient(app);
    const { result, event } = await events.eventBridge('placed', { source: 'shop.orders', detailType: 'OrderPlaced', detail: { orderId: 'o-9', status: 'placed' } });
    expect(result).toBe('o-9');
    expect(keys(event)).toEqual(EB_EVENT);
    expect(event['detail-type']).toBe('OrderPlaced');
    expect((await events.eventBridge('placed', { source: 'shop.orders', detailType: 'X', detail: { orderId: 'o-1', status: 'preorder' } })).result).toBe('o-1');
    await expect(events.eventBridge('placed', { source: 'shop.billing', detailType: 'X', detail: { status: 'placed' } })).rejects.toThrow(
      'client.events.eventBridge("placed"): the event does not match the pattern of "placed": source "shop.billing" does not match ["shop.orders"]',
    );
    await expect(events.eventBridge('placed', { source: 'shop.orders', detailType: 'X', detail: { status: 'shipped' } })).rejects.toThrow(/detail\.status "shipped" does not match/);
  });

  test('lambda(name, payload) invokes the function with the payload as JSON and returns its JSON result', async () => {
    const app = new Calix({ name: 'jobs' });
    app.lambdaFunction('describe', (p: { when: unknown; skip?: unknown }, ctx) => ({ type: typeof p.when, when: p.when, hasSkip: 'skip' in p, fn: ctx?.functionName, at: new Date(0) }));
    app.lambdaFunction('nothing', () => undefined);
    const { events } = createTestClient(app);
    const { result } = await events.lambda('describe', { when: new Date('2024-01-02T03:04:05Z'), skip: undefined });
    expect(result).toEqual({ type: 'string', when: '2024-01-02T03:04:05.000Z', hasSkip: false, fn: 'calix-test-describe', at: '1970-01-01T00:00:00.000Z' });
    expect((await events.lambda('nothing', {})).result).toBeNull();
  });

  test('unknown names and the wrong kind are errors listing the right triggers', async () => {
    const app = new Calix({ name: 'jobs' });
    app.schedule(Rate.hours(1), () => {}, { name: 'hourly' });
    app.schedule(Rate.days(1), () => {}, { name: 'daily' });
    app.lambdaFunction('report', () => {});
    const { events } = createTestClient(app);
    await expect(events.schedule('weekly')).rejects.toThrow('client.events.schedule("weekly"): no trigger is named "weekly"; schedule triggers in this app: "hourly", "daily"');
    await expect(events.lambda('hourly', {})).rejects.toThrow('client.events.lambda("hourly"): "hourly" is a schedule trigger, not function; function triggers: "report"');
    await expect(events.sns('report', 'x')).rejects.toThrow(/sns triggers: none/);
  });

  test('calls may overlap: each goes to its own trigger, and process.env is left alone', async () => {
    const app = new Calix({ name: 'jobs' });
    const log: string[] = [];
    const slow = (label: string, ms: number) => async (m: SqsMessage) => {
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${label}:${m.body}`);
    };
    app.onSqsMessage({ queue: 'a', name: 'first' }, slow('first', 30));
    app.onSqsMessage({ queue: 'b', name: 'second' }, slow('second', 1));
    const before = process.env.CALIX_HANDLER;
    const { events } = createTestClient(app);
    const pending = [events.sqs('first', ['1']), events.sqs('second', ['2'])];
    expect(process.env.CALIX_HANDLER).toBe(before);
    await Promise.all(pending);
    expect(log).toEqual(['second:2', 'first:1']);
    expect(process.env.CALIX_HANDLER).toBe(before);
  });

  test('blueprint triggers are reachable by name once registered', async () => {
    const bp = new Blueprint();
    bp.lambdaFunction('ping', () => 'pong');
    const app = new Calix({ name: 'jobs' }).register(bp);
    expect((await createTestClient(app).events.lambda('ping', null)).result).toBe('pong');
  });
});
