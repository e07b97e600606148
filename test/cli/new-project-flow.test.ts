// What `calix new-project` writes for a user who starts from a clone, and how it asks for a name.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { calixDependency } from '../../cli/commands/new-project.js';
import { cliBin, repoRoot, runCli } from '../helpers/project.js';

const parent = mkdtempSync(join(tmpdir(), 'calix-newflow-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const checkout = repoRoot.replace(/\/$/, '');

describe('the calix dependency of a new project', () => {
  test('from a checkout it is file:<checkout>; from a registry install (inside node_modules) it is ^version', () => {
    expect(calixDependency('/home/ada/src/calix', '0.1.0')).toBe('file:/home/ada/src/calix');
    expect(calixDependency('/home/ada/app/node_modules/calix', '0.1.0')).toBe('^0.1.0');
    expect(calixDependency('/usr/lib/node_modules/calix', '0.1.0')).toBe('^0.1.0');
  });

  test('this checkout\'s CLI writes file:<this checkout>, and the README links the installed Calix docs', async () => {
    const r = await runCli(['new-project', 'from-clone'], { cwd: parent });
    expect(r.code, r.stderr).toBe(0);
    const dir = join(parent, 'from-clone');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies).toEqual({ calix: `file:${checkout}` });
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/\]\(https?:\/\/[^/)]+\/?\)/);
    expect(readme).toContain('[Calix](node_modules/calix/README.md)');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['.calix/build/', '.calix/package/', '.calix/deployed/']));
  });
});

describe('new-project without a name', () => {
  test('without a terminal: a usage error (exit 2) that shows the usage', async () => {
    const r = await runCli(['new-project'], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('calix: error: missing project name (it is asked only on a terminal); usage: calix new-project [name] [--blueprint NAME]  (the name is asked on a terminal)');
  });

  test('on a terminal: asks for the name (and the blueprint), then creates the project', () => {
    // `script` gives the CLI a pseudo-terminal, as a user's shell would.
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliBin)} new-project`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
      cwd: parent, input: 'asked\n2\n', encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1' }, timeout: 30_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('Project name: ');
    expect(existsSync(join(parent, 'asked', 'app.ts'))).toBe(true);
  });
});
