// README.md's "Decorators" example, as a user's project: it type-checks under strict settings,
// its routes, trigger and instance rule behave as the README says, and Vitest runs it with the
// `calix/vitest` plugin the README names (and cannot without it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, tempProject } from '../helpers/project.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Decorators'));
const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;

const APP_TEST = `import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';

const client = createTestClient(app);

test('the call form and the decorated routes answer side by side', async () => {
  expect((await client.http.get('/orders')).json()).toEqual([{ id: '1', total: 5 }]);
  expect((await client.http.get('/orders/1')).json()).toEqual({ id: '1', total: 5 });
  expect((await client.http.get('/orders/2')).json()).toEqual({ code: 'NotFoundError', message: 'order 2 not found' });
  expect((await client.http.get('/carts/c1')).json()).toEqual({ id: 'c1', currency: 'EUR' });
});

test('names come from the methods, or { name }', async () => {
  expect(app.manifest().routes.map((r) => r.name)).toEqual(['get_orders', 'get', 'show']);
  expect(app.manifest().triggers.map((t) => t.name)).toEqual(['expire-orders']);
  await client.events.schedule('expire-orders');
});
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'], strict: true, skipLibCheck: true, noEmit: true },
  include: ['*.ts'],
});
const VITEST_CONFIG = `import { defineConfig } from 'vitest/config';
import { calixDecorators } from 'calix/vitest';

export default defineConfig({ plugins: [calixDecorators()] });
`;

describe("README's decorator example in a project of its own", () => {
  const project = tempProject({
    'app.ts': example,
    'app.test.ts': APP_TEST,
    'tsconfig.json': TSCONFIG,
    'package.json': JSON.stringify({ name: 'shop', private: true, type: 'module' }),
  });
  mkdirSync(join(project.dir, 'node_modules/@types'), { recursive: true });
  for (const dep of ['vitest', 'typescript', '@types/node']) symlinkSync(join(repoRoot, 'node_modules', dep), join(project.dir, 'node_modules', dep), 'dir');
  afterAll(() => project.remove());

  const vitest = () =>
    spawnSync(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project.dir], {
      cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    });

  test('is the example the README shows', () => {
    expect(example).toContain("import { Calix, NotFoundError, Rate, type Request } from 'calix';");
    expect(example).toContain('@app.route(');
    expect(example).toContain('new Carts(');
  });

  test('type-checks with strict settings, and a method not fitting its path does not', () => {
    const tsc = () => spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project.dir], { encoding: 'utf8' });
    const ok = tsc();
    expect(ok.stdout + ok.stderr).toBe('');
    project.write('app.ts', example.replace('static get(req: Request<{ id: string }>)', 'static get(req: Request<{ other: string }>)'));
    try {
      const bad = tsc();
      expect(bad.status).not.toBe(0);
      expect(bad.stdout).toMatch(/app\.ts\(\d+,\d+\): error TS1241: Unable to resolve signature of method decorator/);
      expect(bad.stdout).toContain("Property 'other' is missing in type '{ id: string; }'");
    } finally {
      project.write('app.ts', example);
    }
  }, 60_000);

  test('its tests pass under Vitest with calixDecorators() from calix/vitest, and cannot run without it', () => {
    const without = vitest();
    expect(without.status).not.toBe(0);
    expect(without.stdout + without.stderr).toMatch(/SyntaxError|Invalid or unexpected token/);

    project.write('vitest.config.ts', VITEST_CONFIG);
    const withPlugin = vitest();
    expect(withPlugin.status, withPlugin.stdout + withPlugin.stderr).toBe(0);
    expect(withPlugin.stdout).toMatch(/Tests\s+2 passed/);
  }, 90_000);
});
