// The path from a clone, as the README tells it, in a fresh temporary folder: `npm link` puts the
// checkout's `calix` on the PATH; `calix new-project` (for every blueprint) writes
// `"calix": "file:<checkout>"`; the project's own `npm install` links Calix (no registry needed
// for it), its `npm test` passes, and `calix local` answers.
//
// The install is a real `npm install --prefer-offline`: the dev tools (vitest, typescript,
// @types/node) and rest-api's zod come from npm's cache, which the checkout's `npm ci` filled with their tarballs;
// npm still asks the registry for the packages' documents (packuments) a lockfile-less project
// needs, which `npm ci` never fetches (`--offline` answers ENOTCACHED on a fresh machine). That is
// the same registry the checkout's own `npm ci` used. `--ignore-scripts` keeps npm from running
// the checkout's `prepare` (a rebuild of dist/ under the running suite); npm 11 holds install
// scripts for approval anyway.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/project.js';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(v: string, range: string): boolean };
const checkout = repoRoot.replace(/\/$/, '');
const root = mkdtempSync(join(tmpdir(), 'calix-clone-'));
const prefix = join(root, 'npm-prefix');
const work = join(root, 'projects');
const env = (extra: Record<string, string> = {}) => {
  const e: Record<string, string | undefined> = {
    ...process.env, ...extra, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, npm_config_prefix: prefix, NO_COLOR: '1', CI: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // The suite's own Vitest run must not leak into the project's.
  for (const k of Object.keys(e)) if (k.startsWith('VITEST') || k === 'CALIX_VITEST_DECORATORS' || k === 'NODE_OPTIONS') delete e[k];
  return e as NodeJS.ProcessEnv;
};
const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 150_000 });

beforeAll(() => {
  mkdirSync(work, { recursive: true });
  // README: `npm link` in the checkout (offline: it only links the folder into the prefix).
  const link = run('npm', ['link', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], checkout);
  expect(link.status, link.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('from a clone: npm link, new-project, install, npm test, calix local', () => {
  test('`npm link` puts the checkout\'s calix on the PATH', () => {
    const which = run('sh', ['-c', 'command -v calix && calix --version'], work);
    expect(which.status, which.stderr).toBe(0);
    expect(which.stdout.trim().split('\n')).toEqual([join(prefix, 'bin/calix'), JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')).version]);
  });

  test.each(['hello', 'rest-api', 'auth', 'jobs'])('blueprint %s', async (blueprint) => {
    const name = `clone-${blueprint}`;
    const made = run('calix', ['new-project', name, '--blueprint', blueprint], work);
    expect(made.status, made.stderr).toBe(0);
    const dir = join(work, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual({ calix: `file:${checkout}`, ...(blueprint === 'rest-api' ? { zod: '^4.6.7' } : {}) });

    // Install (see the header): npm links the file: dependency and installs the others (zod for rest-api) and the dev tools.
    const install = run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(lstatSync(join(dir, 'node_modules/calix')).isSymbolicLink() && resolve(dir, 'node_modules', readlinkSync(join(dir, 'node_modules/calix')))).toBe(checkout);
    const { calix: _, ...registryDeps } = pkg.dependencies as Record<string, string>;
    for (const [dep, range] of Object.entries({ ...registryDeps, ...(pkg.devDependencies as Record<string, string>) })) {
      const installed = JSON.parse(readFileSync(join(dir, 'node_modules', dep, 'package.json'), 'utf8')).version as string;
      expect(semver.satisfies(installed, range), `${dep}@${installed} satisfies ${range}`).toBe(true);
    }

    // The project's own test script.
    const t = run('npm', ['test', '--silent'], dir);
    expect(t.status, t.stdout + t.stderr).toBe(0);
    expect(t.stdout).toMatch(/Tests\s+\d+ passed/);

    // `calix local` (from the PATH) answers.
    const child = spawn('calix', ['local', '--port', '0', '--no-watch'], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const url = await new Promise<string>((res, rej) => {
        const check = () => {
          const m = /at (http:\/\/\S+)/.exec(out);
          if (m) res(m[1]!);
          else if (child.exitCode !== null) rej(new Error(out));
          else setTimeout(check, 25);
        };
        check();
      });
      const r = await fetch(`${url}/`);
      expect(r.status).toBeLessThan(500);
      expect(existsSync(join(dir, '.calix/build'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  }, 240_000);
});
