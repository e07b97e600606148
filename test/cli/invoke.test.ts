import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { restApiEvent } from '../../src/emulation/http-events.js';
import { s3Event, sqsEvent } from '../../src/emulation/trigger-events.js';
import { runCli, tempProject } from '../helpers/project.js';

// Every kind of function; each reports what it received on stderr (its logs) or in its result.
const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'jobs' });
console.log('app loading');

app.route('/', () => ({ hello: 'world' }));
app.route('/items/{id}', (req) => ({ id: req.params.id }));

app.schedule('rate(10 minutes)', async function tick(event, context) {
  console.log('tick ran');
  return {
    source: event.source, detailType: event['detail-type'], resources: event.resources,
    handler: process.env.CALIX_HANDLER, greeting: process.env.GREETING, level: process.env.LEVEL,
    functionName: context?.functionName,
  };
});
app.onS3Event({ bucket: 'photo-uploads', prefix: 'photos/', suffix: '.png' }, async function thumbnails(event) {
  console.log('S3 ' + JSON.stringify({ bucket: event.bucket, key: event.key, eventName: event.eventName, size: event.size }));
});
app.onSqsMessage({ queue: 'orders' }, async function processOrder(message) {
  const order = message.json();
  console.log('SQS ' + message.body);
  if (order.total < 0) throw new Error('negative total');
});
app.onSnsMessage({ topic: 'alerts' }, async function page(message) {
  console.log('SNS ' + message.message + ' from ' + message.topicArn);
});
app.onEventBridge({ pattern: { source: ['shop.orders'], 'detail-type': ['OrderPlaced'], detail: { status: ['placed'] } } },
  async function orderPlaced(event) {
    return { source: event.source, detailType: event['detail-type'], detail: event.detail };
  });
app.lambdaFunction('echo', async (payload: unknown) => ({ payload }));
app.lambdaFunction('add', async (p: { a: number; b: number }) => p.a + p.b);
app.lambdaFunction('lingering', async () => {
  setInterval(() => {}, 1000);   // an open handle: the invocation still ends with the handler
  return 'done';
});
app.lambdaFunction('slow', () => new Promise(() => {}));
app.lambdaFunction('boom', async () => {
  const total = -1;
  if (total < 0) throw new Error('total must not be negative');
});
export const handler = app.handler;
`;
const CONFIG = JSON.stringify({
  app: 'jobs',
  environmentVariables: { GREETING: 'hello' },
  lambdaFunctions: { tick: { environmentVariables: { LEVEL: 'debug' } }, slow: { timeout: 1 } },
  stages: { dev: {}, prod: { environmentVariables: { GREETING: 'bonjour' } }, web: { api: { type: 'http' } } },
});

describe('calix invoke', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': CONFIG });
  afterAll(() => project.remove());
  const invoke = (args: string[], input?: string) => runCli(['invoke', ...args], { cwd: project.dir, input });
  const ok = (r: { code: number | null; stdout: string; stderr: string }) => {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  test('a schedule gets a scheduled event, its environment and CALIX_HANDLER; only the result is on stdout', async () => {
    const r = await invoke(['tick']);
    expect(ok(r)).toEqual({
      source: 'aws.events', detailType: 'Scheduled Event', resources: [expect.stringMatching(/^arn:aws:events:[\w-]+:\d{12}:rule\//)],
      handler: 'tick', greeting: 'hello', level: 'debug', functionName: 'jobs-dev-tick',
    });
    // The app's console output (while loading and running) goes to stderr, like Lambda's logs.
    expect(r.stderr).toContain('app loading');
    expect(r.stderr).toContain('tick ran');
    expect(r.stdout).not.toContain('tick ran');
  });

  test('--stage picks the stage whose environment the function gets', async () => {
    expect(ok(await invoke(['tick', '--stage', 'prod']))).toMatchObject({ greeting: 'bonjour', functionName: 'jobs-prod-tick' });
  });

  test('an S3 trigger gets a sample key that matches its prefix and suffix', async () => {
    const r = await invoke(['thumbnails']);
    expect(ok(r)).toBeNull();
    const seen = JSON.parse(/^S3 (.*)$/m.exec(r.stderr)![1]!);
    expect(seen).toMatchObject({ bucket: 'photo-uploads', eventName: 'ObjectCreated:Put' });
    expect(seen.key).toMatch(/^photos\/.+\.png$/);
  });

  test('--event file: the event is sent as written (an S3 key with spaces and unicode arrives decoded)', async () => {
    project.write('s3.json', JSON.stringify(s3Event({ bucket: 'photo-uploads', key: 'photos/My Trip/été.png', size: 7 })));
    const r = await invoke(['thumbnails', '--event', 's3.json']);
    expect(ok(r)).toBeNull();
    expect(JSON.parse(/^S3 (.*)$/m.exec(r.stderr)![1]!)).toEqual({ bucket: 'photo-uploads', key: 'photos/My Trip/été.png', eventName: 'ObjectCreated:Put', size: 7 });
  });

  test('an SQS trigger gets one sample message and prints the batch response', async () => {
    const r = await invoke(['processOrder']);
    expect(ok(r)).toEqual({ batchItemFailures: [] });
    expect(r.stderr.match(/^SQS /gm)).toHaveLength(1);
  });

  test('an SQS batch with a failing message prints the partial failure', async () => {
    const event = sqsEvent('arn:aws:sqs:us-east-1:123456789012:orders', [{ total: 5 }, { total: -1 }, { total: 7 }]);
    project.write('batch.json', JSON.stringify(event));
    const r = await invoke(['processOrder', '--event', join(project.dir, 'batch.json')]);
    expect(ok(r)).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    expect(r.stderr).toContain('negative total');
  });

  test('an SNS trigger gets a sample notification from its topic', async () => {
    const r = await invoke(['page']);
    expect(ok(r)).toBeNull();
    expect(r.stderr).toMatch(/^SNS .+ from arn:aws:sns:[\w-]+:\d{12}:alerts$/m);
  });

  test('an EventBridge trigger gets a sample built from its pattern', async () => {
    expect(ok(await invoke(['orderPlaced']))).toEqual({ source: 'shop.orders', detailType: 'OrderPlaced', detail: { status: 'placed' } });
  });

  test('--event - reads the event from stdin', async () => {
    const event = { version: '0', id: 'x', 'detail-type': 'OrderPlaced', source: 'shop.orders', account: '1', time: '2025-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { status: 'placed', id: 7 } };
    expect(ok(await invoke(['orderPlaced', '--event', '-'], JSON.stringify(event)))).toMatchObject({ detail: { status: 'placed', id: 7 } });
    expect(ok(await invoke(['add', '--event', '-'], '{"a": 2, "b": 3}'))).toBe(5);
  });

  test('a lambdaFunction gets {} without --event', async () => {
    expect(ok(await invoke(['echo']))).toEqual({ payload: {} });
  });

  test('api runs the router: a sample GET / without --event, or an API Gateway event', async () => {
    const sample = ok(await invoke(['api']));
    expect(sample.statusCode).toBe(200);
    expect(JSON.parse(sample.body)).toEqual({ hello: 'world' });

    project.write('get.json', JSON.stringify(restApiEvent({ method: 'GET', path: '/items/42', resource: '/items/{id}', pathParameters: { id: '42' } })));
    const r = ok(await invoke(['api', '--event', 'get.json']));
    expect(JSON.parse(r.body)).toEqual({ id: '42' });
  });

  test("on a stage with api.type http, api's sample is an HTTP API (payload format 2.0) event, and its result one", async () => {
    const r = await invoke(['api', '--stage', 'web']);
    expect(r.stderr).toContain('an API Gateway HTTP API event (payload format 2.0) for GET /');
    const result = ok(r);
    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-type': expect.stringMatching(/^application\/json/) } });
    expect(result).not.toHaveProperty('multiValueHeaders');
    expect(JSON.parse(result.body)).toEqual({ hello: 'world' });
  });

  test('the invocation ends when the handler returns, even with a timer left running', async () => {
    expect(ok(await invoke(['lingering']))).toBe('done');
  });

  test('a throwing function: exit 1 with the message and the line of the app that threw', async () => {
    const r = await invoke(['boom']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = readFileSync(join(project.dir, 'app.ts'), 'utf8').split('\n').findIndex((l) => l.includes("throw new Error('total")) + 1;
    expect(r.stderr).toContain('Error: total must not be negative');
    expect(r.stderr).toMatch(new RegExp(`at app\\.ts:${line}:\\d+`));
    expect(r.stderr).toContain("if (total < 0) throw new Error('total must not be negative');");
  });

  test('an event the function cannot take fails with the reason (exit 1)', async () => {
    const r = await invoke(['processOrder', '--event', 's3.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sqs trigger "processOrder", which cannot take an S3 event/);
  });

  test("a function that outlives its timeout fails like Lambda's", async () => {
    const r = await invoke(['slow']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/slow timed out after 1 s/);
  });

  test('an unknown name: exit 2, listing the functions', async () => {
    const r = await invoke(['nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no function named "nope"');
    for (const name of ['api', 'tick', 'thumbnails', 'processOrder', 'page', 'orderPlaced', 'echo', 'add', 'boom']) {
      expect(r.stderr).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    }
  });

  test('an event that is not JSON: exit 2 naming the file and the parse error', async () => {
    project.write('bad.json', '{"a": 1,\n  nope}');
    const r = await invoke(['echo', '--event', 'bad.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--event bad\.json is not valid JSON: .*JSON.*line 2/);

    const stdin = await invoke(['echo', '--event', '-'], 'not json');
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/--event stdin is not valid JSON/);

    const missing = await invoke(['echo', '--event', 'missing.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--event missing\.json: no such file/);
  });
});
