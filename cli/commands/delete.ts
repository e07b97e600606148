import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ALL_STACKS, stackName, synthesize } from '../deploy/assembly.js';
import { deployedFile } from '../deploy/deployed.js';
import { ProgressIoHost } from '../deploy/io-host.js';
import { CliError } from '../errors.js';
import { out } from '../ui.js';
import { credentialsError } from './deploy.js';
import { loadAppContext } from './routes.js';

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** `calix delete`: destroys the stage's stack (asks first unless --yes). */
export async function deleteCommand(o: { projectDir?: string; stage: string; yes?: boolean }): Promise<void> {
  const ctx = await loadAppContext(o.projectDir, o.stage, true);
  const name = stackName(ctx.stage);
  if (!o.yes && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new CliError(`refusing to delete ${name} without confirmation: run \`calix delete --stage ${o.stage} --yes\``, 2);
  }
  const io = new ProgressIoHost({ tty: !!process.stdout.isTTY, confirm: o.yes ? async () => true : ask });
  const { toolkit, cx } = await synthesize({
    manifest: ctx.manifest, bundleDir: dirname(ctx.outfile), stage: ctx.stage,
    outDir: resolve(ctx.project.dir, '.calix', 'package', o.stage), ioHost: io, validation: false,
  });
  try {
    await toolkit.destroy(cx, { stacks: ALL_STACKS }).catch((e: unknown) => credentialsError(e, 'delete'));
  } finally {
    io.finish();
    await cx.dispose();
  }
  rmSync(deployedFile(ctx.project.dir, o.stage), { force: true });
  process.stdout.write(`${out.green('Deleted')} ${name}\n`);
}
