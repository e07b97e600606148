// Every blueprint, generated as a user would (`calix new-project`) and taken through its whole
// deploy life, each against its own emulator (see lifecycle.ts). `auth` deploys thanks to the
// launcher's Cognito models (patch 5); its authorizer is never exercised (moto's API Gateway
// does not proxy requests), which test/auth covers against cognito-local.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, linkDependencies } from '../helpers/project.js';
import { expect, test } from 'vitest';
import { deployLifecycle } from './lifecycle.js';
import { invokeRouter, logsMatching } from './run-deployed.js';

function blueprintProject(blueprint: string) {
  const parent = mkdtempSync(join(tmpdir(), `calix-deploy-${blueprint}-`));
  const name = `bp-${blueprint}`;
  execFileSync(process.execPath, [cliBin, 'new-project', name, '--blueprint', blueprint], { cwd: parent, stdio: 'pipe', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  const dir = join(parent, name);
  linkDependencies(dir);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

for (const blueprint of ['hello', 'rest-api', 'auth']) {
  deployLifecycle(`blueprint ${blueprint} deployed to the emulator`, { project: () => blueprintProject(blueprint) });
}

// jobs' task: the deployed router (run by the emulator's Lambda, launcher patch 9) answers 202
// and its Event invocation of `report`'s live alias is run by the emulator; the task's log line shows it.
deployLifecycle('blueprint jobs deployed to the emulator', {
  project: () => blueprintProject('jobs'),
  deployed: ({ calix, moto, dir }) => {
    test('POST /reports/{file}: the router answers 202 at once, and the report task it sent runs in the emulator', async () => {
      const res = await invokeRouter(calix, dir(), moto(), 'POST', '/reports/june.csv', '/reports/{file}', { file: 'june.csv' });
      expect(res).toEqual({ status: 202, json: { queued: 'june.csv' } });
      expect(moto().output()).toMatch(/"POST \/2015-03-31\/functions\/bp-jobs-dev-report(:|%3A)live\/invocations HTTP\/1\.1" 202/);
      await logsMatching(calix, moto(), 'report', /building the report of june\.csv/);
    });
  },
});
