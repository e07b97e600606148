// Every blueprint moto can hold, generated as a user would (`calix new-project`) and taken
// through its whole deploy life, each against its own emulator (see lifecycle.ts).
// Not here: `auth`. moto 5.2.1 has no CloudFormation model for AWS::Cognito::UserPool (or its
// client), so its stack cannot be created on the emulator; its template stays covered by
// test/cli/blueprints-package.test.ts and test/auth (see docs/deploying-tests.md).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBin, repoRoot } from '../helpers/project.js';
import { deployLifecycle } from './lifecycle.js';

function blueprintProject(blueprint: string) {
  const parent = mkdtempSync(join(tmpdir(), `calix-deploy-${blueprint}-`));
  const name = `bp-${blueprint}`;
  execFileSync(process.execPath, [cliBin, 'new-project', name, '--blueprint', blueprint], { cwd: parent, stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });
  const dir = join(parent, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(repoRoot, join(dir, 'node_modules/calix'), 'dir');
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

for (const blueprint of ['hello', 'rest-api', 'jobs']) {
  deployLifecycle(`blueprint ${blueprint} deployed to the emulator`, { project: () => blueprintProject(blueprint) });
}
