// The examples in docs/events.md run: every ```ts block is written out as a module (with
// `calix` pointing at src/) and imported; the `// app.test.ts` block's tests are run against the
// `// app.ts` block, and the ```text error examples are the messages registration really gives.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { Calix, Rate, type Manifest } from '../../src/index.js';

const root = new URL('../../', import.meta.url).pathname;
const doc = readFileSync(join(root, 'docs/events.md'), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const tsBlocks = blocks('ts');
const dir = mkdtempSync(join(tmpdir(), 'calix-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rewrite = (code: string) =>
  code
    .replace(/from 'calix'/g, `from '${join(root, 'src/index.ts')}'`)
    .replace(/from 'calix\/testing'/g, `from '${join(root, 'src/testing/index.ts')}'`)
    .replace(/from '\.\/app\.js'/g, `from './app.ts'`);
const load = async (file: string, code: string) => {
  writeFileSync(join(dir, file), code);
  return import(pathToFileURL(join(dir, file)).href);
};

describe('docs/events.md', () => {
  test('has the blocks this test runs', () => {
    expect(tsBlocks.filter((b) => b.startsWith('// app.ts'))).toHaveLength(1);
    expect(tsBlocks.filter((b) => b.startsWith('// app.test.ts'))).toHaveLength(1);
    expect(tsBlocks.length).toBeGreaterThanOrEqual(4);
  });

  test('the example app registers what the docs say, and its tests pass', async () => {
    const appCode = tsBlocks.find((b) => b.startsWith('// app.ts'))!;
    const mod = await load('app.ts', rewrite(appCode));
    const manifest: Manifest = mod.app.manifest();
    expect(manifest.triggers.map((t) => t.name)).toEqual(['cleanup', 'digest', 'thumbnails', 'processOrder', 'page', 'orderPlaced', 'add']);
    expect(manifest.triggers[1]).toEqual({ kind: 'schedule', name: 'digest', expression: 'cron(0 18 ? * MON-FRI *)', description: 'Daily digest e-mail' });
    expect(mod.handler).toBe(mod.app.handler);

    // The documented unknown-event error, for this app.
    const unknown = blocks('text').find((b) => b.includes('cannot route this event'))!.trim();
    await expect(mod.app.handler({ foo: 1, bar: 2 })).rejects.toThrow(unknown);

    // The test block: imports kept, vitest's test/expect injected, tests collected and run.
    const testCode = rewrite(tsBlocks.find((b) => b.startsWith('// app.test.ts'))!);
    const lines = testCode.split('\n');
    const imports = lines.filter((l) => l.startsWith('import ') && !l.includes("'vitest'"));
    const body = lines.filter((l) => !l.startsWith('import '));
    const runner = await load('app.test.ts', `${imports.join('\n')}\nexport async function run(test, expect) {\n${body.join('\n')}\n}\n`);
    const tests: [string, () => Promise<void>][] = [];
    await runner.run((name: string, fn: () => Promise<void>) => tests.push([name, fn]), expect);
    expect(tests.map(([name]) => name)).toEqual(['thumbnails read decoded keys', 'a bad order is retried alone', 'schedules, EventBridge and plain functions']);
    // The example handlers log (and a failed SQS message is logged); keep the test output clean.
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      for (const [, fn] of tests) await fn();
    } finally {
      vi.restoreAllMocks();
    }
  });

  test('the other examples run', async () => {
    const others = tsBlocks.filter((b) => !b.startsWith('// app'));
    expect(others.length).toBeGreaterThanOrEqual(2);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      for (const [i, code] of others.entries()) await load(`example-${i}.ts`, rewrite(code));
      // The background-task example prints what its comment says.
      const tasks = others.find((b) => b.includes("app.task('resize'"))!;
      const printed = /^\/\/ (202 .*)$/m.exec(tasks)![1]!;
      expect(log.mock.calls.map((c) => format(...c))).toContain(printed);
    } finally {
      vi.restoreAllMocks();
    }
  });

  test('the error examples are the messages Calix gives', () => {
    const errors = blocks('text').flatMap((b) => b.trim().split('\n')).filter((l) => l.startsWith('app.'));
    expect(errors.length).toBeGreaterThanOrEqual(6);
    const messageOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    const app = () => new Calix({ name: 'docs' });
    const actual = [
      messageOf(() => app().onSqsMessage({ queue: 'orders' }, async () => {})),
      messageOf(() => app().schedule(Rate.hours(1), () => {}, { name: 'sync' }).onSnsMessage({ topic: 'alerts', name: 'sync' }, () => {})),
      messageOf(() => app().schedule('rate(0 minutes)', () => {}, { name: 'cleanup' })),
      messageOf(() => app().schedule('rate(1 minutes)', () => {}, { name: 'cleanup' })),
      messageOf(() => app().schedule('cron(0 12 * * * *)', () => {}, { name: 'report' })),
      messageOf(() => app().schedule('cron(60 12 * * ? *)', () => {}, { name: 'report' })),
    ];
    expect(errors).toEqual(actual);
  });
});
