// The path from a clone, as the README tells it, in a fresh temporary folder and offline:
// `npm link` puts the checkout's `calix` on the PATH; `calix new-project` (for every blueprint)
// writes `"calix": "file:<checkout>"`; the project installs, passes its own `npm test`, and
// `calix local` answers.
//
// The install is the offline equivalent of `npm install --offline`, which cannot run on a machine
// whose npm cache was filled by the checkout's `npm ci`: `ci` fetches tarballs by the lockfile's
// URLs, while a project without a lockfile needs each package's registry document (packument) as
// well, and npm answers ENOTCACHED for those it never fetched (@types/node here). So the project's
// node_modules is laid out as npm lays out these dependencies: `calix` (a `file:` directory
// dependency) as a symlink to the checkout — what npm writes for it — and the dev tools linked from
// the checkout's own install, whose versions are checked to satisfy the blueprint's ranges.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
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
const run = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 120_000 });

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
    expect(pkg.dependencies).toEqual({ calix: `file:${checkout}` });

    // Install (see the header): the file: dependency as npm links it, dev tools from the checkout.
    mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
    symlinkSync(resolve(dir, pkg.dependencies.calix.slice('file:'.length)), join(dir, 'node_modules/calix'), 'dir');
    for (const [dep, range] of Object.entries(pkg.devDependencies as Record<string, string>)) {
      const installed = JSON.parse(readFileSync(join(checkout, 'node_modules', dep, 'package.json'), 'utf8')).version as string;
      expect(semver.satisfies(installed, range), `${dep}@${installed} satisfies ${range}`).toBe(true);
      symlinkSync(join(checkout, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
    }
    expect(lstatSync(join(dir, 'node_modules/calix')).isSymbolicLink() && readlinkSync(join(dir, 'node_modules/calix'))).toBe(checkout);

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
  }, 90_000);
});
