import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextCronTime, nextFireTime } from '../../cli/local/schedules.js';
import { runCli, startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const at = (iso: string) => Date.parse(iso);
const next = (expr: string, after: string) => {
  const t = nextCronTime(`cron(${expr})`, at(after));
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe('the cron matcher (EventBridge syntax, UTC)', () => {
  test.each([
    // [expression, after, next firing]
    ['0 12 * * ? *', '2025-01-01T11:59:30Z', '2025-01-01T12:00:00.000Z'],
    ['0 12 * * ? *', '2025-01-01T12:00:00Z', '2025-01-02T12:00:00.000Z'],     // strictly after
    ['0/15 * * * ? *', '2025-01-01T10:07:00Z', '2025-01-01T10:15:00.000Z'],
    ['5/15 * * * ? *', '2025-01-01T10:50:00Z', '2025-01-01T11:05:00.000Z'],
    ['0 9-17/4 * * ? *', '2025-01-01T13:00:00Z', '2025-01-01T17:00:00.000Z'],
    ['0 18 ? * MON-FRI *', '2025-01-03T18:00:00Z', '2025-01-06T18:00:00.000Z'],  // Friday evening → Monday
    ['0 18 ? * 2-6 *', '2025-01-03T18:00:00Z', '2025-01-06T18:00:00.000Z'],      // 1 = Sunday, so 2-6 is MON-FRI
    ['0 0 1 JAN,JUL ? *', '2025-01-01T00:00:00Z', '2025-07-01T00:00:00.000Z'],
    ['0 0 L * ? *', '2024-02-10T00:00:00Z', '2024-02-29T00:00:00.000Z'],           // leap year
    ['0 0 L * ? *', '2025-02-10T00:00:00Z', '2025-02-28T00:00:00.000Z'],
    ['0 9 ? * 6L *', '2025-01-01T00:00:00Z', '2025-01-31T09:00:00.000Z'],          // last Friday
    ['0 9 ? * 3#2 *', '2025-01-01T00:00:00Z', '2025-01-14T09:00:00.000Z'],         // second Tuesday
    ['0 9 15W * ? *', '2025-02-01T00:00:00Z', '2025-02-14T09:00:00.000Z'],         // the 15th is a Saturday
    ['0 9 15W * ? *', '2025-06-01T00:00:00Z', '2025-06-16T09:00:00.000Z'],         // the 15th is a Sunday
    ['0 9 1W * ? *', '2025-02-01T00:00:00Z', '2025-02-03T09:00:00.000Z'],          // never leaves the month
    ['0 9 LW * ? *', '2025-05-01T00:00:00Z', '2025-05-30T09:00:00.000Z'],          // the 31st is a Saturday
    ['30 23 31 12 ? 2030', '2025-01-01T00:00:00Z', '2030-12-31T23:30:00.000Z'],
    ['30 23 31 12 ? 2030', '2030-12-31T23:30:00Z', undefined],                      // no later year
    ['0 0 30 2 ? *', '2025-01-01T00:00:00Z', undefined],                            // February 30th never comes
  ])('cron(%s) after %s → %s', (expr, after, want) => {
    expect(next(expr, after)).toBe(want);
  });

  test('a rate counts whole periods from when it was armed', () => {
    const origin = at('2025-01-01T00:00:00Z');
    expect(nextFireTime('rate(5 minutes)', origin, origin)).toBe(origin + 5 * 60_000);
    expect(nextFireTime('rate(5 minutes)', origin + 7 * 60_000, origin)).toBe(origin + 10 * 60_000);
    expect(nextFireTime('rate(1 day)', origin, origin)).toBe(origin + 86_400_000);
  });
});

// `rate(1 minute)` at --schedule-speed 60 fires every second; the cron one at each (sped-up) minute.
const app = (version: string, rate: string) => `import { Calix } from 'calix';
export const app = new Calix({ name: 'clock' });
const runs = { count: 0, last: null as unknown };
app.schedule('${rate}', async function tick(event) {
  runs.count++;
  runs.last = event;
  return { version: '${version}', count: runs.count };
});
app.schedule('cron(* * * * ? *)', async function broken() {
  throw new Error('broken schedule ran');
});
app.route('/runs', () => ({ version: '${version}', ...runs }));
export const handler = app.handler;
`;

describe('calix local --schedules', () => {
  const project = tempProject({ 'app.ts': app('v1', 'rate(1 minute)'), '.calix/config.json': JSON.stringify({ app: 'clock', stages: { dev: {} } }) });
  let server: RunningServer;

  beforeAll(async () => {
    server = await startLocal(['--schedules', '--schedule-speed', '60'], project.dir);
  }, 30_000);
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
    project.remove();
  });

  test('lists the schedules it fires', () => {
    expect(server.output()).toMatch(/Firing schedules/);
    expect(server.output()).toMatch(/^tick\s+rate\(1 minute\)\s+\d{4}-\d\d-\d\dT/m);
    expect(server.output()).toMatch(/^broken\s+cron\(\* \* \* \* \? \*\)/m);
  });

  test('fires a rate schedule with a scheduled event through the app, logging the outcome', async () => {
    await server.waitFor(/SCHEDULE tick rate\(1 minute\) ok [\d.]+ms → \{"version":"v1","count":1\}/);
    const r = (await (await fetch(`${server.url}/runs`)).json()) as { count: number; last: Record<string, unknown> };
    expect(r.count).toBeGreaterThanOrEqual(1);
    expect(r.last).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    expect(r.last.resources).toEqual([expect.stringMatching(/rule\/clock-dev-tick$/)]);
  });

  test('a cron schedule fires too; its error is logged and the server keeps serving', async () => {
    await server.waitFor(/SCHEDULE broken cron\(\* \* \* \* \? \*\) failed [\d.]+ms: Error: broken schedule ran/);
    expect((await fetch(`${server.url}/runs`)).status).toBe(200);
  });

  test('after a reload, schedules run the new code and follow a changed expression', async () => {
    project.write('app.ts', app('v2', 'rate(2 minutes)'));
    await server.waitFor(/Schedule tick: rate\(2 minutes\), next at/);
    await server.waitFor(/Reloaded app\.ts/);
    await server.waitFor(/SCHEDULE tick rate\(2 minutes\) ok [\d.]+ms → \{"version":"v2","count":1\}/);
    expect(await (await fetch(`${server.url}/runs`)).json()).toMatchObject({ version: 'v2', count: expect.any(Number) });
    expect(server.output()).not.toMatch(/SCHEDULE tick rate\(2 minutes\) ok [\d.]+ms → \{"version":"v1"/);
  });

  test('SIGTERM stops the timers and the server with exit code 0', async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).toContain('SIGTERM: stopping');
  });
});

describe('calix local --schedule-speed', () => {
  test('is refused without --schedules (exit 2)', async () => {
    const r = await runCli(['local', '--schedule-speed', '60']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--schedule-speed only applies with --schedules/);
  });

  test('--schedules is in local --help; the testing knob is not', async () => {
    const r = await runCli(['local', '--help']);
    expect(r.stdout).toContain('--schedules');
    expect(r.stdout).not.toContain('--schedule-speed');
  });
});
