// `calix local` runs a task the app sends in its own process, after the response that sent it:
// over real HTTP, the response arrives while the task is still running; the task's output and
// its failure (with the task's name and stack) are in the server's log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'jobs' });
const state = { started: [] as string[], done: [] as string[] };
let release!: () => void;
const gate = new Promise<void>((r) => (release = r));

const resize = app.task('resize', async (p: { key: string }, ctx) => {
  state.started.push(p.key);
  console.log('resizing', p.key, 'as', ctx?.functionName);
  await gate;
  state.done.push(p.key);
  await app.tasks.notify!.send({ about: p.key });
  return 'ok';
});
app.task('notify', (p: { about: string }) => void console.log('notified about', p.about));
app.task('boom', () => {
  throw new Error('boom in a task');
});
app.task('chain', async (p: { about: string; fail?: boolean }) => {
  await app.tasks.notify!.send({ about: p.about });
  if (p.fail) await app.tasks.boom!.send({});
  return { chained: p.about };
});

app.route('/resize/{key}', { methods: ['POST'] }, async (req) => {
  await resize.send({ key: req.params.key });
  return { queued: req.params.key, ...state };
});
app.route('/boom', { methods: ['POST'] }, async () => {
  await app.tasks.boom!.send({});
  return { sent: true };
});
app.route('/release', { methods: ['POST'] }, () => (release(), { released: true }));
app.route('/state', () => state);
export const handler = app.handler;
`;

describe('calix local runs sent tasks after the response', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'jobs', stages: { dev: {} } }) });
  let server: RunningServer;
  const call = async (method: string, path: string) => (await fetch(`${server.url}${path}`, { method })).json();

  beforeAll(async () => {
    server = await startLocal(['--no-watch'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
    project.remove();
  });

  test('the response returns while the task is still running; the task ends after, and what it sends runs too', async () => {
    expect(await call('POST', '/resize/a.png')).toEqual({ queued: 'a.png', started: [], done: [] });
    await server.waitFor(/resizing a\.png as jobs-dev-resize/);
    // The task waits for /release: it has started and not finished, and the server keeps answering.
    expect(await call('GET', '/state')).toEqual({ started: ['a.png'], done: [] });
    expect(server.output()).not.toMatch(/TASK resize ok/);
    expect(await call('POST', '/release')).toEqual({ released: true });
    await server.waitFor(/TASK resize ok [\d.]+ms/);
    await server.waitFor(/notified about a\.png[\s\S]*TASK notify ok/);
    expect(await call('GET', '/state')).toEqual({ started: ['a.png'], done: ['a.png'] });
  });

  test('a failing task is logged with its name and stack; the response was already sent', async () => {
    expect(await call('POST', '/boom')).toEqual({ sent: true });
    await server.waitFor(/TASK boom failed [\d.]+ms: Error: boom in a task\n\s+at /);
    expect((await fetch(`${server.url}/state`)).status).toBe(200);
  });
});

describe('calix invoke TASK', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'jobs', stages: { dev: {} } }) });
  afterAll(() => project.remove());

  test('runs the task with the payload; the tasks it sends run after its result, on stderr', async () => {
    const r = await runCli(['invoke', 'chain', '--event', '-'], { cwd: project.dir, input: '{"about":"x"}' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ chained: 'x' });
    expect(r.stderr).toMatch(/notified about x[\s\S]*TASK notify ok/);
  }, 60_000);

  test('a sent task that fails: the result is printed, then one error line naming the task, exit 1', async () => {
    const r = await runCli(['invoke', 'chain', '--event', '-'], { cwd: project.dir, input: '{"about":"y","fail":true}' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ chained: 'y' });
    expect(r.stderr).toMatch(/TASK boom failed [\d.]+ms: Error: boom in a task/);
    expect(r.stderr).toMatch(/^calix: error: task "boom" failed: boom in a task \(sent by chain; its result is above\)$/m);
  }, 60_000);
});
