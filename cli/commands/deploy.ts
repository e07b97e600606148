import { ToolkitError } from '@aws-cdk/toolkit-lib';
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ALL_STACKS, synthesize } from '../deploy/assembly.js';
import { writeDeployed } from '../deploy/deployed.js';
import { ProgressIoHost } from '../deploy/io-host.js';
import { CliError } from '../errors.js';
import { out } from '../ui.js';
import { formatSummary } from './package.js';
import { loadAppContext } from './routes.js';

export const CREDENTIALS_HELP =
  'configure AWS credentials first: `aws configure` (or `aws sso login`), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; and a region with AWS_REGION';

/** Rewrites the toolkit's credential errors as one actionable message. */
export function credentialsError(e: unknown, what: string, assemblyDir?: string): never {
  if (ToolkitError.isAuthenticationError(e)) {
    throw new CliError(
      `cannot ${what}: no AWS credentials (${(e as Error).message.split('\n')[0]}). To fix, ${CREDENTIALS_HELP}.` +
        (assemblyDir ? `\nNothing was deployed; the synthesized assembly is in ${relative(process.cwd(), assemblyDir) || assemblyDir}.` : ''),
    );
  }
  throw e;
}

export interface DeployOptions {
  projectDir?: string;
  stage: string;
  hotswap?: boolean;
  verbose?: boolean;
}

/** `calix deploy`: package, then deploy the assembly with the CDK toolkit library. */
export async function deployCommand(o: DeployOptions): Promise<void> {
  const ctx = await loadAppContext(o.projectDir, o.stage, true);
  const outDir = resolve(ctx.project.dir, '.calix', 'package', o.stage);
  const io = new ProgressIoHost({ tty: !!process.stdout.isTTY, verbose: o.verbose });
  const { toolkit, cx, summary } = await synthesize({ manifest: ctx.manifest, bundleDir: dirname(ctx.outfile), stage: ctx.stage, outDir, ioHost: io });
  process.stdout.write(`${formatSummary(summary, statSync(ctx.outfile).size)}\n\nDeploying ${summary.stackName}…\n`);
  try {
    const result = await toolkit
      .deploy(cx, {
        stacks: ALL_STACKS,
        ...(o.hotswap ? { deploymentMethod: { method: 'hotswap', fallback: { method: 'change-set' } } } : {}),
      })
      .catch((e: unknown) => credentialsError(e, 'deploy', outDir));
    io.finish();
    const stack = result.stacks.find((s) => s.stackName === summary.stackName) ?? result.stacks[0];
    const outputs = (stack?.outputs ?? {}) as Record<string, string>;
    // Output logical IDs are the construct's (outputKeys); their values are the physical names.
    const keys = summary.outputKeys;
    const functions: Record<string, { functionName: string; logGroupName: string }> = {};
    for (const [fn, k] of Object.entries(keys.functions)) {
      functions[fn] = { functionName: outputs[k.functionName] ?? '', logGroupName: outputs[k.logGroupName] ?? '' };
    }
    const url = outputs[keys.url] ?? null;
    writeDeployed(ctx.project.dir, o.stage, {
      stackName: summary.stackName,
      region: (stack as { environment?: { region?: string } } | undefined)?.environment?.region ?? null,
      deployedAt: new Date().toISOString(),
      url,
      outputs,
      functions,
    });
    process.stdout.write(`${out.green('Deployed')} ${summary.stackName}${url ? `\n${out.bold('API URL')}  ${url}` : ''}\n`);
  } catch (e) {
    io.finish();
    if (io.failures.length) {
      const lines = io.failures.map((f) => `  ${f.logicalId} (${f.type}) ${f.status}: ${f.reason}`).join('\n');
      throw new CliError(`deploy of ${summary.stackName} failed:\n${lines}\n${(e as Error).message}`);
    }
    throw e;
  } finally {
    await cx.dispose();
  }
}
