// Deploy failures against the emulator, each answered with one `calix: error:` line that says
// what to do (the mapping lives in cli/deploy/failures.ts; this file provides real emulator
// states for it). Every CLI call here has an outer timeout (moto.ts).
import { ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, tempProject } from '../helpers/project.js';
import { startMoto, type CliResult, type Moto } from './moto.js';

/** The CLI failed with exactly one `calix: error:` line and no stack trace. */
function expectOneErrorLine(r: CliResult): string {
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(1);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('calix: error:'));
  expect(errors, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/unexpected error/);
  return errors[0]!;
}

describe('deploy failures against the emulator', { timeout: 180_000 }, () => {
  let moto: Moto;
  let project: ReturnType<typeof tempProject>;
  beforeAll(async () => {
    moto = await startMoto();
    project = tempProject({}, join(repoRoot, 'examples/todo'));
  });
  afterAll(async () => {
    await moto?.stop();
    project?.remove();
  });

  test('deploy on an account that was never bootstrapped says to run calix bootstrap, and creates nothing', async () => {
    const line = expectOneErrorLine(await moto.calix(['deploy', '--stage', 'dev'], project.dir));
    expect(line).toMatch(/not bootstrapped/);
    expect(line).toContain('`calix bootstrap --stage dev`');
    const live = ((await moto.clients.cfn.send(new ListStacksCommand({}))).StackSummaries ?? []).filter((s) => s.StackStatus !== 'DELETE_COMPLETE');
    expect(live).toEqual([]);
  });
});
