// Every blueprint, generated as a user would (`calix new-project`) and taken through its whole
// deploy life, each against its own emulator (see lifecycle.ts). `auth` deploys thanks to the
// launcher's Cognito models (patch 5); its authorizer is never exercised (moto's API Gateway
// does not proxy requests), which test/auth covers against cognito-local.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, linkDependencies } from '../helpers/project.js';
import { deployLifecycle } from './lifecycle.js';

function blueprintProject(blueprint: string) {
  const parent = mkdtempSync(join(tmpdir(), `calix-deploy-${blueprint}-`));
  const name = `bp-${blueprint}`;
  execFileSync(process.execPath, [cliBin, 'new-project', name, '--blueprint', blueprint], { cwd: parent, stdio: 'pipe', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  const dir = join(parent, name);
  linkDependencies(dir);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

for (const blueprint of ['hello', 'rest-api', 'jobs', 'auth']) {
  deployLifecycle(`blueprint ${blueprint} deployed to the emulator`, { project: () => blueprintProject(blueprint) });
}
