// Decorated apps under Vitest: every blueprint and the example ship the calix/vitest plugin, and a
// project without it gets an error naming the decorated file and the fix (not Node's SyntaxError
// without a location).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, tempProject } from '../helpers/project.js';

const DECORATED = `import { Calix } from 'calix';
export const app = new Calix({ name: 'deco' });
export class Pages {
  @app.route('/')
  static home() {
    return 'home';
  }
}
`;
const TEST = `import { createTestClient } from 'calix/testing';
import { expect, test } from 'vitest';
import { app } from './app.js';
test('home', async () => {
  expect((await createTestClient(app).http.get('/')).body).toBe('home');
});
`;

function vitest(dir: string) {
  // The suite's own plugin mark must not leak into the project's run.
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: 'true' };
  delete env.CALIX_VITEST_DECORATORS;
  delete env.VITEST;
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], { cwd: dir, encoding: 'utf8', env });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('the calix/vitest plugin', () => {
  const p = tempProject({ 'package.json': '{ "type": "module" }', 'app.ts': DECORATED, 'app.test.ts': TEST });
  symlinkSync(join(repoRoot, 'node_modules/vitest'), join(p.dir, 'node_modules/vitest'), 'dir');
  afterAll(() => p.remove());

  test('every blueprint and the example ship a vitest.config.ts with calixDecorators()', () => {
    const dirs = [...readdirSync(join(repoRoot, 'blueprints')).map((b) => join(repoRoot, 'blueprints', b)).filter((d) => existsSync(join(d, 'blueprint.json'))), join(repoRoot, 'examples/todo')];
    expect(dirs).toHaveLength(5);
    for (const d of dirs) expect(readFileSync(join(d, 'vitest.config.ts'), 'utf8'), d).toMatch(/import \{ calixDecorators \} from 'calix\/vitest';[\s\S]*plugins: \[calixDecorators\(\)\]/);
  });

  test('without it, a decorated project fails with an error naming the file and the fix', () => {
    const r = vitest(p.dir);
    expect(r.status).toBe(1);
    expect(r.output).toContain(
      "calix/testing: app.ts uses decorators, which Vitest leaves to Node (it would fail with a SyntaxError naming no file). Add the calix/vitest plugin to vitest.config.ts: import { calixDecorators } from 'calix/vitest'; export default defineConfig({ plugins: [calixDecorators()] })",
    );
  });

  test("with the blueprints' vitest.config.ts, the same project passes", () => {
    p.write('vitest.config.ts', readFileSync(join(repoRoot, 'blueprints/hello/vitest.config.ts'), 'utf8'));
    const r = vitest(p.dir);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Tests\s+1 passed/);
  });
});
