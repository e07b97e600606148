import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { linkDependencies, repoRoot, runCli } from '../helpers/project.js';

const parent = mkdtempSync(join(tmpdir(), 'calix-new-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const blueprints = readdirSync(join(repoRoot, 'blueprints')).filter((b) => existsSync(join(repoRoot, 'blueprints', b, 'blueprint.json')));

describe('calix new-project', () => {
  test('ships the four documented blueprints', () => {
    expect(blueprints.sort()).toEqual(['auth', 'hello', 'jobs', 'rest-api']);
  });

  test.each(blueprints)('blueprint %s generates a project whose own test and type-check pass', async (bp) => {
    const name = `demo-${bp}`;
    const r = await runCli(['new-project', name, '--blueprint', bp], { cwd: parent });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Created ${name}`);
    const dir = join(parent, name);
    for (const f of ['app.ts', 'app.test.ts', 'package.json', 'tsconfig.json', '.calix/config.json', '.gitignore', 'README.md']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    for (const f of ['app.ts', 'package.json', '.calix/config.json', 'README.md']) expect(readFileSync(join(dir, f), 'utf8')).not.toContain('{{');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name, dependencies: { calix: `file:${repoRoot.replace(/\/$/, '')}` } });
    expect(JSON.parse(readFileSync(join(dir, '.calix/config.json'), 'utf8'))).toMatchObject({ app: name, stages: { dev: {} } });

    linkDependencies(dir, { dev: true }); // this checkout's calix and every package the project declares (no download)
    const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const vitest = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    });
    expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/Tests\s+\d+ passed/);

    // The CLI can read the generated app's manifest.
    const routes = await runCli(['routes', '--json'], { cwd: dir });
    expect(routes.code, routes.stderr).toBe(0);
    expect(JSON.parse(routes.stdout).length).toBeGreaterThan(0);
  }, 60_000);

  test('defaults to the hello blueprint without prompting when stdin is not a terminal', async () => {
    const r = await runCli(['new-project', 'plain'], { cwd: parent });
    expect(r.code).toBe(0);
    expect(readFileSync(join(parent, 'plain/app.ts'), 'utf8')).toContain("({ hello: 'world' })");
  });

  test('refuses a non-empty folder and writes nothing', async () => {
    const dir = join(parent, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r = await runCli(['new-project', 'taken'], { cwd: parent });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/taken exists and is not empty; nothing was written/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  test.each([['Bad_Name'], ['1abc'], ['ends-'], ['a'.repeat(64)]])('rejects the invalid name %s with the rule', async (name) => {
    const r = await runCli(['new-project', name], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid project name .*lowercase letters, digits and "-", starting with a letter/);
    expect(existsSync(join(parent, name))).toBe(false);
  });

  test('rejects an unknown blueprint, listing the real ones', async () => {
    const r = await runCli(['new-project', 'x1', '--blueprint', 'nope'], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown blueprint "nope"; available: hello, /);
    expect(existsSync(join(parent, 'x1'))).toBe(false);
  });

  test('a missing name is a usage error', async () => {
    const r = await runCli(['new-project'], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing project name/);
  });
});
