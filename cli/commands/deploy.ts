import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ToolkitError } from '@aws-cdk/toolkit-lib';
import { ALL_STACKS, synthesize } from '../deploy/assembly.js';
import { CREDENTIALS_HELP } from '../deploy/aws.js';
import { assertRecordWritable, concreteRegion, parseStackArn, writeDeployed } from '../deploy/deployed.js';
import { explainFailure } from '../deploy/failures.js';
import { settleDeployedReleases } from '../deploy/settle.js';
import { ProgressIoHost } from '../deploy/io-host.js';
import { DEFAULT_TIMEOUT, parseTimeout, withTimeout } from '../deploy/timeout.js';
import { CliError } from '../errors.js';
import { out } from '../ui.js';
import { formatSummary } from './package.js';
import { loadApp } from '../../project/app-loader.js';
import { releasesKeep } from '../../project/rules.js';

export { CREDENTIALS_HELP };

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
  /** Overall limit for the AWS part (`90s`, `30m`, `1h`). @default 30m */
  timeout?: string;
}

/** `calix deploy`: package, then deploy the assembly with the CDK toolkit library. */
export async function deployCommand(o: DeployOptions): Promise<void> {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  parseTimeout(timeout);
  const ctx = await loadApp(o.projectDir, o.stage, { forLambda: true });
  // Before anything is deployed: the record must be ours to overwrite.
  assertRecordWritable(ctx.project.dir, o.stage);
  const outDir = resolve(ctx.project.dir, '.calix', 'package', o.stage);
  const io = new ProgressIoHost({ tty: !!process.stdout.isTTY, verbose: o.verbose });
  const { toolkit, cx, summary } = await synthesize({ manifest: ctx.manifest, bundleDir: dirname(ctx.outfile), stage: ctx.stage, outDir, ioHost: io });
  process.stdout.write(`${formatSummary(summary, statSync(ctx.outfile).size)}\n\nDeploying ${summary.stackName}…\n`);
  try {
    const deploying = toolkit
      .deploy(cx, {
        stacks: ALL_STACKS,
        ...(o.hotswap ? { deploymentMethod: { method: 'hotswap', fallback: { method: 'change-set' } } } : {}),
      })
      .catch((e: unknown) => credentialsError(e, 'deploy', outDir));
    const result = await withTimeout(deploying, {
      timeout,
      doing: () => `deploying ${summary.stackName} (${io.lastStep})`,
      check: `check the stack's events (\`aws cloudformation describe-stack-events --stack-name ${summary.stackName}\`) and your network, then run \`calix deploy --stage ${o.stage}\` again (a slow stack may need a longer --timeout)`,
    });
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
    // The toolkit reports an environment-agnostic stack's region as `unknown-region`: the ARN has the real one.
    const arn = stack?.stackArn ? parseStackArn(stack.stackArn) : null;
    writeDeployed(ctx.project.dir, o.stage, {
      stackName: summary.stackName,
      stackArn: stack?.stackArn ?? null,
      region: arn?.region ?? concreteRegion(stack?.environment?.region),
      account: arn?.account ?? null,
      deployedAt: new Date().toISOString(),
      url,
      customDomainUrl: keys.customDomainUrl ? (outputs[keys.customDomainUrl] ?? null) : null,
      outputs,
      functions,
    });
    process.stdout.write(`${out.green('Deployed')} ${summary.stackName}${arn ? ` to ${arn.region} (account ${arn.account})` : ''}${url ? `\n${out.bold('API URL')}  ${url}` : ''}\n`);
    // The stack is deployed and recorded; a failure here leaves it serving and says what to re-run.
    const settled = await withTimeout(settleDeployedReleases({ region: arn?.region ?? null, functions, keep: releasesKeep(ctx.stage), stage: o.stage }), {
      timeout,
      doing: () => `moving ${summary.stackName}'s live aliases and pruning old versions`,
      check: `check your network, then run \`calix deploy --stage ${o.stage}\` again`,
    });
    if (settled) process.stdout.write(settled);
  } catch (e) {
    io.finish();
    throw explainFailure(e, { action: 'deploy', stackName: summary.stackName, stage: o.stage, failures: io.failures });
  } finally {
    await cx.dispose();
  }
}
