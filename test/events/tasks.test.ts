// Background tasks (`app.task`): registration rules, the manifest entry, how the task's own
// function runs an Event payload or its queue's SQS batch, and the test client running sent
// tasks in-process after the response, their failures logged and reported, never dropped.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Blueprint, Calix, RegistrationError } from '../../src/index.js';
import { lambdaContext } from '../../src/emulation/context.js';
import { sqsEvent } from '../../src/emulation/trigger-events.js';
import { createTestClient } from '../../src/testing/index.js';

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.CALIX_TASKS;
});

describe('registration', () => {
  test('a task is a trigger of kind "task" with its options in the manifest; app.tasks holds its handle', () => {
    const app = new Calix({ name: 'jobs' });
    const resize = app.task('resize', async (p: { key: string }) => p.key);
    app.task('report', () => undefined, { queue: true, retries: 0 });
    app.task('notify', () => undefined, { retries: 1, onFailure: 'arn:aws:sqs:us-east-1:123456789012:failed' });
    expect(resize.name).toBe('resize');
    expect(app.tasks.resize).toBe(resize);
    expect(app.manifest().triggers).toEqual([
      { kind: 'task', name: 'resize', queue: false, retries: null, onFailure: null },
      { kind: 'task', name: 'report', queue: true, retries: 0, onFailure: null },
      { kind: 'task', name: 'notify', queue: false, retries: 1, onFailure: 'arn:aws:sqs:us-east-1:123456789012:failed' },
    ]);
  });

  test.each([
    ['a bad name', () => new Calix({ name: 'a' }).task('1x', () => 1), 'app.task("1x"): the name must start with a letter'],
    ['the router\'s name', () => new Calix({ name: 'a' }).task('API', () => 1), 'the name "api" is reserved for the router function'],
    ['retries out of range', () => new Calix({ name: 'a' }).task('t', () => 1, { retries: 3 as 2 }), 'app.task "t": retries 3 must be 0, 1 or 2'],
    ['onFailure that is no ARN', () => new Calix({ name: 'a' }).task('t', () => 1, { onFailure: 'failed-queue' }), 'onFailure "failed-queue" must be the ARN of an SQS queue'],
    ['onFailure with a queue', () => new Calix({ name: 'a' }).task('t', () => 1, { queue: true, onFailure: 'arn:aws:sns:us-east-1:123456789012:t' }), 'onFailure cannot be combined with queue: true'],
    ['a handler that is no function', () => new Calix({ name: 'a' }).task('t', {} as never, {}), 'app.task "t": the handler must be a function'],
  ])('refuses %s, naming the task', (_, register, message) => {
    expect(register).toThrow(RegistrationError);
    expect(register).toThrow(message);
  });

  test('a task name is unique among all triggers (it names a Lambda function)', () => {
    const app = new Calix({ name: 'a' });
    app.lambdaFunction('resize', () => 1);
    expect(() => app.task('Resize', () => 1)).toThrow('app.task "Resize": the name "Resize" is already used by app.lambdaFunction "resize"');
  });

  test('a blueprint task joins app.tasks when the blueprint is registered; decorator form too', () => {
    const bp = new Blueprint();
    const handle = bp.task('thumbnail', (p: { key: string }) => `thumb ${p.key}`);
    const app = new Calix({ name: 'a' });
    expect(app.tasks.thumbnail).toBeUndefined();
    app.register(bp);
    expect(app.tasks.thumbnail).toBe(handle);

    class Jobs {
      @app.task('cleanup', { retries: 0 })
      static cleanup(p: { days: number }) {
        return p.days;
      }
    }
    void Jobs;
    expect(app.manifest().triggers.map((t) => t.name)).toEqual(['thumbnail', 'cleanup']);
    expect(app.tasks.cleanup!.name).toBe('cleanup');
  });
});

describe('the task function', () => {
  test('an Event invocation: the payload goes to the handler, its result is the invocation result', async () => {
    const app = new Calix({ name: 'a' });
    app.task('resize', (p: { key: string }, ctx) => ({ resized: p.key, fn: ctx?.functionName }));
    const out = await app.handler({ key: 'a.png' }, lambdaContext({ functionName: 'a-dev-resize', target: 'resize' }));
    expect(out).toEqual({ resized: 'a.png', fn: 'a-dev-resize' });
  });

  test('from its queue: each message body is a payload; a failing one is reported for retry', async () => {
    const app = new Calix({ name: 'a' });
    const seen: unknown[] = [];
    app.task('report', (p: { n: number }) => {
      if (p.n === 2) throw new Error('no 2');
      seen.push(p);
    }, { queue: true });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = sqsEvent('arn:aws:sqs:us-east-1:123456789012:report', [{ n: 1 }, { n: 2 }, { n: 3 }]);
    const out = await app.handler(event, lambdaContext({ functionName: 'a-dev-report', target: 'report' }));
    expect(seen).toEqual([{ n: 1 }, { n: 3 }]);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] });
    expect(String(error.mock.calls[0]![0])).toContain('task report: message');
  });

  test('send without a deployed stack or a local runner says what is missing', async () => {
    const app = new Calix({ name: 'a' });
    const resize = app.task('resize', () => 1);
    await expect(resize.send({ key: 'x' })).rejects.toThrow('cannot send task "resize": CALIX_TASKS does not name it');
  });

  test('send refuses a payload that cannot travel as JSON, at the sender', async () => {
    const app = new Calix({ name: 'a' });
    const resize = app.task('resize', () => 1);
    await expect(resize.send({ n: 1n } as never)).rejects.toThrow(/BigInt/);
  });
});

describe('the test client runs sent tasks after the response', () => {
  const build = () => {
    const app = new Calix({ name: 'jobs' });
    const events: string[] = [];
    const resize = app.task('resize', async (p: { key: string }) => {
      events.push(`resize ${p.key}`);
      if (p.key === 'bad') throw new Error('cannot resize bad');
      if (p.key === 'chain') await app.tasks.notify!.send({ about: p.key });
      return `resized ${p.key}`;
    });
    app.task('notify', (p: { about: string }) => void events.push(`notify ${p.about}`));
    app.route('/resize/{key}', { methods: ['POST'] }, async (req) => {
      await resize.send({ key: req.params.key });
      events.push('responded');
      return { queued: req.params.key };
    });
    return { app, events, client: createTestClient(app) };
  };

  test('the response comes first; settled() resolves to the runs, with the payload through JSON', async () => {
    const { events, client } = build();
    const res = await client.http.post('/resize/a.png');
    expect(res.json()).toEqual({ queued: 'a.png' });
    expect(events).toEqual(['responded']);
    const runs = await client.tasks.settled();
    expect(events).toEqual(['responded', 'resize a.png']);
    expect(runs).toEqual([{ name: 'resize', payload: { key: 'a.png' }, ok: true, result: 'resized a.png' }]);
    expect(await client.tasks.settled()).toEqual([]);
  });

  test('a task that sends a task: the second starts after the first has finished, and settled() waits for both', async () => {
    const { events, client } = build();
    await client.http.post('/resize/chain');
    const runs = await client.tasks.settled();
    expect(events).toEqual(['responded', 'resize chain', 'notify chain']);
    expect(runs.map((r) => r.name)).toEqual(['resize', 'notify']);
  });

  test('a failing task is logged with its name and reported by settled(), not swallowed', async () => {
    const { client } = build();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await client.http.post('/resize/bad');
    expect(res.status).toBe(200);
    await expect(client.tasks.settled()).rejects.toThrow('task "resize" failed: cannot resize bad');
    expect(error).toHaveBeenCalledWith('Calix: task "resize" failed:', expect.objectContaining({ message: 'cannot resize bad' }));
    expect(client.tasks.runs).toEqual([expect.objectContaining({ name: 'resize', ok: false })]);
  });

  test('tasks.invoke runs one at once and resolves to its result', async () => {
    const { client } = build();
    expect(await client.tasks.invoke('resize', { key: 'now.png' })).toBe('resized now.png');
    await expect(client.tasks.invoke('nope', {})).rejects.toThrow('no task is named "nope" in app jobs');
  });

  test('a trigger handler that sends a task: it runs after the event', async () => {
    const app = new Calix({ name: 'a' });
    const seen: string[] = [];
    const resize = app.task('resize', (p: { key: string }) => void seen.push(p.key));
    app.lambdaFunction('ingest', async (p: { key: string }) => {
      await resize.send(p);
      return 'ingested';
    });
    const client = createTestClient(app);
    expect((await client.events.lambda('ingest', { key: 'k' })).result).toBe('ingested');
    expect(seen).toEqual([]);
    await client.tasks.settled();
    expect(seen).toEqual(['k']);
  });
});
