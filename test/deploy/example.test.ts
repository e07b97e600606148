// The example app (examples/todo) through its whole deploy life against the moto emulator:
// bootstrap → deploy → what was created matches the manifest, the stage config and the
// uploaded asset → url → logs → unchanged redeploy → delete. See test/deploy/lifecycle.ts.
import { join } from 'node:path';
import { repoRoot, tempProject } from '../helpers/project.js';
import { deployLifecycle } from './lifecycle.js';

deployLifecycle('examples/todo deployed to the emulator', { project: () => tempProject({}, join(repoRoot, 'examples/todo')) });
