import { describe, expect, test } from 'vitest';
import { AuthResponse, Blueprint, Calix, Cron, CustomAuthorizer, Rate, RegistrationError, type TriggerManifest } from '../../src/index.js';

const newApp = () => new Calix({ name: 'events' });
const noop = () => {};

describe('trigger names', () => {
  test('come from the handler function, or an explicit name', () => {
    const app = newApp();
    async function nightlyCleanup() {}
    const resizeImage = async () => {};
    app.schedule(Rate.days(1), nightlyCleanup);
    app.onS3Event({ bucket: 'uploads' }, resizeImage);
    expect(() => app.onSqsMessage({ queue: 'orders' }, async () => {})).toThrow(RegistrationError);
    app.onSqsMessage({ queue: 'orders', name: 'orders-worker' }, async () => {});
    expect(app.manifest().triggers.map((t) => t.name)).toEqual(['nightlyCleanup', 'resizeImage', 'orders-worker']);
  });

  test('an anonymous handler without a name is refused, saying what to do', () => {
    const app = newApp();
    expect(() => app.onSqsMessage({ queue: 'orders' }, async () => {})).toThrow(
      /^app\.onSqsMessage\(\{ queue: "orders" \}\): cannot take a stable name from an anonymous handler; pass \{ name: "\.\.\." \}: it becomes the Lambda function's name$/,
    );
    expect(() => app.schedule('rate(1 hour)', noop.bind(null))).toThrow(/cannot take a stable name from the handler "bound noop"/);
  });

  test('duplicates are refused naming both registrations', () => {
    const app = newApp();
    app.schedule(Rate.hours(1), noop, { name: 'sync' });
    expect(() => app.onSnsMessage({ topic: 'alerts', name: 'sync' }, noop)).toThrow(
      'app.onSnsMessage "sync": the name "sync" is already used by app.schedule "sync"; trigger names become Lambda function names and must be unique',
    );
    expect(() => app.lambdaFunction('SYNC', noop)).toThrow(/already used by app\.schedule "sync"/);
  });

  test('a custom authorizer\'s function name is taken too', () => {
    const gate = new CustomAuthorizer('gate', {}, () => new AuthResponse({ principalId: 'user', routes: ['*'] }));
    const app = new Calix({ name: 'events', authorizer: gate });
    expect(() => app.lambdaFunction('Gate', noop)).toThrow(
      'app.lambdaFunction "Gate": the name "Gate" is already used by custom authorizer "gate", which has its own function; choose another name',
    );
  });

  test('"api" is reserved for the router function, and names must be usable as function names', () => {
    const app = newApp();
    expect(() => app.lambdaFunction('api', noop)).toThrow(/the name "api" is reserved for the router function/);
    expect(() => app.schedule(Rate.hours(1), noop, { name: 'Api' })).toThrow(/reserved/);
    expect(() => app.lambdaFunction('has space', noop)).toThrow(/name "has space" must start with a letter and hold at most 64 letters, digits, "-" or "_"/);
    expect(() => app.lambdaFunction('x'.repeat(65), noop)).toThrow(/at most 64/);
    expect(() => app.lambdaFunction('9lives', noop)).toThrow(/must start with a letter/);
    expect(() => app.lambdaFunction('worker', 'nope' as never)).toThrow(/app\.lambdaFunction\("worker"\): the handler must be a function/);
  });

  test('a failed registration records nothing', () => {
    const app = newApp();
    expect(() => app.schedule('rate(0 minutes)', noop, { name: 'bad' })).toThrow();
    expect(app.manifest().triggers).toEqual([]);
    app.schedule('rate(1 minute)', noop, { name: 'bad' });
    expect(app.manifest().triggers).toHaveLength(1);
  });
});

describe('option validation names the trigger and the rule', () => {
  test('S3 bucket names', () => {
    const app = newApp();
    for (const bucket of ['ab', 'Uploads', 'my_bucket', '-uploads', 'uploads-', 'a..b', '192.168.5.4', 'xn--bucket', 'data-s3alias', 'x'.repeat(64), 'arn:aws:s3:::uploads']) {
      expect(() => app.onS3Event({ bucket, name: 'resize' }, noop), bucket).toThrow(/^app\.onS3Event "resize": bucket .* is not an S3 bucket name \(3-63 lowercase/);
    }
    for (const bucket of ['abc', 'my.uploads-2024', 'x'.repeat(63)]) expect(() => newApp().onS3Event({ bucket, name: 'resize' }, noop)).not.toThrow();
  });

  test('S3 event names come from the documented list', () => {
    const app = newApp();
    expect(() => app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectCreated' as never], name: 'a' }, noop)).toThrow(
      /app\.onS3Event "a": "s3:ObjectCreated" is not an S3 event type; use a documented one such as "s3:ObjectCreated:\*"/,
    );
    expect(() => app.onS3Event({ bucket: 'uploads', events: ['ObjectCreated:Put' as never], name: 'b' }, noop)).toThrow(/not an S3 event type/);
    expect(() => app.onS3Event({ bucket: 'uploads', events: [], name: 'c' }, noop)).toThrow(/events must be a non-empty array/);
    app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectRemoved:DeleteMarkerCreated', 's3:ObjectRestore:Completed', 's3:LifecycleTransition', 's3:Replication:*', 's3:ObjectAcl:Put'], name: 'd' }, noop);
    expect(() => app.onS3Event({ bucket: 'uploads', prefix: 5 as never, name: 'e' }, noop)).toThrow(/prefix must be a string/);
  });

  test('overlapping S3 notifications on one bucket are refused (S3 would refuse them at deploy)', () => {
    const app = newApp();
    app.onS3Event({ bucket: 'uploads', prefix: 'images/', suffix: '.png', name: 'png' }, noop);
    app.onS3Event({ bucket: 'uploads', prefix: 'images/', suffix: '.jpg', name: 'jpg' }, noop);
    app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectRemoved:*'], name: 'removed' }, noop);
    app.onS3Event({ bucket: 'other', name: 'other' }, noop);
    app.onS3Event({ bucket: 'uploads', prefix: 'docs/', name: 'docs' }, noop);
    expect(() => app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectCreated:Put'], prefix: 'images/thumbs/', name: 'thumbs' }, noop)).toThrow(
      /^app\.onS3Event "thumbs": overlaps app\.onS3Event "png" on bucket "uploads"/,
    );
    expect(() => app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectRemoved:Delete'], suffix: '.txt', name: 'txt' }, noop)).toThrow(/overlaps app\.onS3Event "removed"/);
  });

  test('SQS: one of queue / queueArn, names and ARNs checked, batch settings by Lambda rules', () => {
    const app = newApp();
    expect(() => app.onSqsMessage({ name: 'w' } as never, noop)).toThrow('app.onSqsMessage "w": give exactly one of queue (a name) or queueArn');
    expect(() => app.onSqsMessage({ queue: 'a', queueArn: 'arn:aws:sqs:us-east-1:123456789012:a', name: 'w' } as never, noop)).toThrow(/exactly one of queue/);
    expect(() => app.onSqsMessage({ queue: 'arn:aws:sqs:us-east-1:123456789012:orders', name: 'w' }, noop)).toThrow(/queue "arn:aws:sqs:.*" is not a SQS queue name .*; pass an ARN as queueArn/);
    expect(() => app.onSqsMessage({ queue: 'q'.repeat(81), name: 'w' }, noop)).toThrow(/1-80 letters/);
    expect(() => app.onSqsMessage({ queueArn: 'arn:aws:sns:us-east-1:123456789012:orders', name: 'w' }, noop)).toThrow(/queueArn ".*" is not an SQS queue ARN like "arn:aws:sqs:us-east-1:123456789012:my-queue"/);
    expect(() => app.onSqsMessage({ queueArn: 'arn:aws:sqs:us-east-1:1234:orders', name: 'w' }, noop)).toThrow(/not an SQS queue ARN/);
    for (const batchSize of [0, 10001, 2.5]) {
      expect(() => app.onSqsMessage({ queue: 'orders', batchSize, maxBatchingWindow: 5, name: 'w' }, noop)).toThrow(/batchSize .* must be a whole number from 1 to 10000/);
    }
    expect(() => app.onSqsMessage({ queue: 'orders', batchSize: 100, name: 'w' }, noop)).toThrow(/a batchSize above 10 needs maxBatchingWindow of at least 1 second/);
    expect(() => app.onSqsMessage({ queue: 'orders', maxBatchingWindow: 301, name: 'w' }, noop)).toThrow(/maxBatchingWindow 301 must be whole seconds from 0 to 300/);
    expect(() => app.onSqsMessage({ queue: 'orders.fifo', batchSize: 11, name: 'w' }, noop)).toThrow(/from 1 to 10 for a FIFO queue/);
    expect(() => app.onSqsMessage({ queue: 'orders.fifo', maxBatchingWindow: 1, name: 'w' }, noop)).toThrow(/not supported for FIFO queues/);
    app.onSqsMessage({ queue: 'orders', batchSize: 500, maxBatchingWindow: 30, name: 'w' }, noop);
    app.onSqsMessage({ queueArn: 'arn:aws-cn:sqs:cn-north-1:123456789012:jobs.fifo', batchSize: 10, name: 'fifo' }, noop);
    expect(app.manifest().triggers).toHaveLength(2);
  });

  test('SNS: one of topic / topicArn, each checked', () => {
    const app = newApp();
    expect(() => app.onSnsMessage({ name: 'n' } as never, noop)).toThrow('app.onSnsMessage "n": give exactly one of topic (a name) or topicArn');
    expect(() => app.onSnsMessage({ topic: 'bad topic', name: 'n' }, noop)).toThrow(/topic "bad topic" is not a SNS topic name/);
    expect(() => app.onSnsMessage({ topicArn: 'arn:aws:sns:EXAMPLE', name: 'n' }, noop)).toThrow(/topicArn "arn:aws:sns:EXAMPLE" is not an SNS topic ARN/);
    app.onSnsMessage({ topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', name: 'n' }, noop);
  });

  test('EventBridge patterns are objects whose leaves are arrays', () => {
    const app = newApp();
    for (const pattern of [{}, { source: 'my.app' }, { detail: { status: 'done' } }, [], null]) {
      expect(() => app.onEventBridge({ pattern: pattern as never, name: 'eb' }, noop), JSON.stringify(pattern)).toThrow(
        /app\.onEventBridge "eb": pattern must be a non-empty object whose values are arrays/,
      );
    }
    app.onEventBridge({ pattern: { source: ['my.app'], detail: { status: ['done', { prefix: 'fail' }] } }, name: 'eb' }, noop);
  });

  test('schedule descriptions are strings of at most 512 characters', () => {
    expect(() => newApp().schedule(Rate.hours(1), noop, { name: 's', description: 'x'.repeat(513) })).toThrow(/at most 512/);
    expect(() => newApp().schedule(Rate.hours(1), noop, { name: 's', description: 3 as never })).toThrow(/description must be a string/);
  });
});

describe('manifest entries', () => {
  test('have exactly the shapes the infrastructure reads', () => {
    const app = newApp();
    app.schedule(Cron({ minute: 0, hour: 3 }), noop, { name: 'nightly', description: 'Clean up' });
    app.schedule('rate(1 hour)', noop, { name: 'hourly' });
    app.onS3Event({ bucket: 'uploads', events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'], prefix: 'in/', suffix: '.png', name: 'resize' }, noop);
    app.onS3Event({ bucket: 'logs', name: 'logs' }, noop);
    app.onSqsMessage({ queue: 'orders', batchSize: 20, maxBatchingWindow: 5, name: 'orders' }, noop);
    app.onSqsMessage({ queueArn: 'arn:aws:sqs:us-east-1:123456789012:jobs', name: 'jobs' }, noop);
    app.onSnsMessage({ topic: 'alerts', name: 'alerts' }, noop);
    app.onSnsMessage({ topicArn: 'arn:aws:sns:us-east-1:123456789012:news', name: 'news' }, noop);
    app.onEventBridge({ pattern: { source: ['shop.orders'], 'detail-type': ['OrderPlaced'] }, name: 'placed' }, noop);
    app.lambdaFunction('add', noop);
    const expected: TriggerManifest[] = [
      { kind: 'schedule', name: 'nightly', expression: 'cron(0 3 * * ? *)', description: 'Clean up' },
      { kind: 'schedule', name: 'hourly', expression: 'rate(1 hour)', description: null },
      { kind: 's3', name: 'resize', bucket: 'uploads', events: ['s3:ObjectCreated:Put', 's3:ObjectRemoved:*'], prefix: 'in/', suffix: '.png' },
      { kind: 's3', name: 'logs', bucket: 'logs', events: ['s3:ObjectCreated:*'], prefix: null, suffix: null },
      { kind: 'sqs', name: 'orders', queue: 'orders', queueArn: null, batchSize: 20, maxBatchingWindow: 5 },
      { kind: 'sqs', name: 'jobs', queue: null, queueArn: 'arn:aws:sqs:us-east-1:123456789012:jobs', batchSize: null, maxBatchingWindow: null },
      { kind: 'sns', name: 'alerts', topic: 'alerts', topicArn: null },
      { kind: 'sns', name: 'news', topic: null, topicArn: 'arn:aws:sns:us-east-1:123456789012:news' },
      { kind: 'eventbridge', name: 'placed', pattern: { source: ['shop.orders'], 'detail-type': ['OrderPlaced'] } },
      { kind: 'function', name: 'add' },
    ];
    const manifest = app.manifest();
    expect(manifest.triggers).toStrictEqual(expected);
    // Plain JSON: survives serialization unchanged, and is a copy of the registry.
    expect(JSON.parse(JSON.stringify(manifest.triggers))).toStrictEqual(expected);
    (manifest.triggers[2] as { events: string[] }).events.push('s3:ObjectAcl:Put');
    expect(app.manifest().triggers[2]).toStrictEqual(expected[2]);
  });

  test('later changes to the options object do not change the registration', () => {
    const app = newApp();
    const events: string[] = ['s3:ObjectCreated:*'];
    const pattern = { source: ['a'] };
    app.onS3Event({ bucket: 'uploads', events: events as never, name: 's3' }, noop);
    app.onEventBridge({ pattern, name: 'eb' }, noop);
    events.push('nonsense');
    pattern.source.push('b');
    expect(app.manifest().triggers).toMatchObject([{ events: ['s3:ObjectCreated:*'] }, { pattern: { source: ['a'] } }]);
  });
});

describe('blueprints', () => {
  test('register their triggers with the app, validated at the blueprint call', () => {
    const jobs = new Blueprint();
    async function cleanup() {}
    jobs.schedule(Rate.minutes(30), cleanup);
    jobs.onS3Event({ bucket: 'uploads', suffix: '.csv', name: 'importCsv' }, noop);
    jobs.onSqsMessage({ queue: 'emails', name: 'sendEmail' }, noop);
    jobs.onSnsMessage({ topic: 'alerts', name: 'page' }, noop);
    jobs.onEventBridge({ pattern: { source: ['billing'] }, name: 'billing' }, noop);
    jobs.lambdaFunction('report', noop);
    jobs.route('/jobs', () => 'ok');
    expect(() => jobs.schedule('rate(0 days)', noop, { name: 'x' })).toThrow(/^blueprint\.schedule "x": invalid schedule "rate\(0 days\)"/);
    expect(() => jobs.onS3Event({ bucket: 'UP' }, async () => {})).toThrow(/^blueprint\.onS3Event\(\{ bucket: "UP" \}\): cannot take a stable name/);

    const app = newApp();
    expect(app.manifest().triggers).toEqual([]);
    app.register(jobs, { prefix: '/admin' });
    expect(app.manifest().triggers.map((t) => `${t.kind}:${t.name}`)).toEqual([
      'schedule:cleanup', 's3:importCsv', 'sqs:sendEmail', 'sns:page', 'eventbridge:billing', 'function:report',
    ]);
    expect(app.manifest().routes.map((r) => r.path)).toEqual(['/admin/jobs']);
  });

  test('a blueprint trigger whose name the app already uses is refused naming both', () => {
    const app = newApp();
    app.lambdaFunction('report', noop);
    const bp = new Blueprint().lambdaFunction('report', noop);
    expect(() => app.register(bp)).toThrow('blueprint.lambdaFunction "report": the name "report" is already used by app.lambdaFunction "report"; trigger names become Lambda function names and must be unique');
  });

  test('registering the same blueprint twice duplicates its trigger names, which is refused', () => {
    const bp = new Blueprint().schedule(Rate.days(1), noop, { name: 'daily' });
    const app = newApp().register(bp, { prefix: '/a' });
    expect(() => app.register(bp, { prefix: '/b' })).toThrow(/"daily" is already used by blueprint\.schedule "daily"/);
  });
});
