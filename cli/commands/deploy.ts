import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CREDENTIALS_HELP } from '../deploy/aws.js';
import { assertRecordWritable, concreteRegion, findDeployed, inputFingerprint, parseStackArn, RECORD_MARKER, writeDeployed } from '../deploy/deployed.js';
import { settleDeployedReleases } from '../deploy/settle.js';
import { DEFAULT_TIMEOUT, parseTimeout, withTimeout } from '../deploy/timeout.js';
import { out } from '../ui.js';
import { formatSummary } from './package.js';
import { loadApp, type LoadedProjectApp } from '../../project/app-loader.js';
import { releasesKeep } from '../../project/rules.js';

export { CREDENTIALS_HELP };

export interface DeployOptions {
  projectDir?: string;
  stage: string;
  hotswap?: boolean;
  verbose?: boolean;
  /** Overall limit for the AWS part (`90s`, `30m`, `1h`). @default 30m */
  timeout?: string;
}

/**
 * `calix deploy`: package, then deploy the assembly with the CDK toolkit library. With
 * `--hotswap` and only code changed since the last deploy, the code goes straight to Lambda
 * without synthesis (cli/deploy/fast-hotswap.ts); the toolkit and aws-cdk-lib are loaded only
 * when it declines.
 */
export async function deployCommand(o: DeployOptions): Promise<void> {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  parseTimeout(timeout);
  const ctx = await loadApp(o.projectDir, o.stage, { forLambda: true });
  // Before anything is deployed: the record must be ours to overwrite.
  assertRecordWritable(ctx.project.dir, o.stage);
  if (o.hotswap) {
    const { fastHotswap } = await import('../deploy/fast-hotswap.js');
    const fast = await fastHotswap({ ctx, stage: o.stage, timeout });
    if (fast.done) {
      // As after any deploy: `live` on what is deployed (a rollback may have left it behind, and
      // code already in place is not re-sent) and the oldest versions pruned to releases.keep.
      const record = findDeployed(ctx.project.dir, o.stage)!;
      const settled = await withTimeout(settleDeployedReleases({ region: record.region ?? null, functions: record.functions, keep: releasesKeep(ctx.stage), stage: o.stage }), {
        timeout,
        doing: () => `moving ${record.stackName}'s live aliases and pruning old versions`,
        check: `check your network, then run \`calix deploy --stage ${o.stage} --hotswap\` again`,
      });
      if (settled) process.stdout.write(settled);
      return;
    }
    process.stdout.write(`--hotswap: no fast path (${fast.reason}); synthesizing and deploying with the CDK toolkit's hotswap\n`);
  }
  await toolkitDeploy(ctx, o, timeout);
}

/** Synthesis + the CDK toolkit's deploy (a change set, or its own hotswap with a change-set fallback), then the record. */
async function toolkitDeploy(ctx: LoadedProjectApp, o: DeployOptions, timeout: string): Promise<void> {
  const [{ ALL_STACKS, synthesize }, { credentialsError, explainFailure }, { ProgressIoHost }, { deployedTemplateFingerprint, syncDriftedCode }] = await Promise.all([
    import('../deploy/assembly.js'),
    import('../deploy/failures.js'),
    import('../deploy/io-host.js'),
    import('../deploy/fast-hotswap.js'),
  ]);
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
    const functions: Record<string, { functionName: string; logGroupName: string; logicalId?: string }> = {};
    for (const [fn, k] of Object.entries(keys.functions)) {
      functions[fn] = { functionName: outputs[k.functionName] ?? '', logGroupName: outputs[k.logGroupName] ?? '', logicalId: summary.functionLogicalIds[fn] };
    }
    const url = outputs[keys.url] ?? null;
    // The toolkit reports an environment-agnostic stack's region as `unknown-region`: the ARN has the real one.
    const arn = stack?.stackArn ? parseStackArn(stack.stackArn) : null;
    // What the stack holds now (after the toolkit's own hotswap that is still the previous template).
    const template = stack?.stackArn ? await deployedTemplateFingerprint(stack.stackArn, arn?.region ?? null) : undefined;
    const record = {
      stackName: summary.stackName,
      stackArn: stack?.stackArn ?? null,
      region: arn?.region ?? concreteRegion(stack?.environment?.region),
      account: arn?.account ?? null,
      deployedAt: new Date().toISOString(),
      url,
      customDomainUrl: keys.customDomainUrl ? (outputs[keys.customDomainUrl] ?? null) : null,
      functionUrl: keys.functionUrl ? (outputs[keys.functionUrl] ?? null) : null,
      outputs,
      functions,
      ...(template ? { fingerprint: { inputs: inputFingerprint(ctx.manifest, ctx.stage), template } } : {}),
    };
    writeDeployed(ctx.project.dir, o.stage, record);
    // CloudFormation replaces code only when the template's asset changed: code left by a hotswap stays otherwise.
    const synced = await syncDriftedCode({ record: { calix: RECORD_MARKER, ...record }, bundleDir: dirname(ctx.outfile), timeout, warn: (l) => process.stdout.write(`${out.yellow(l)}\n`) });
    if (synced.length) process.stdout.write(`Updated the code of ${synced.join(', ')}: it still ran the code of an earlier --hotswap, and the template did not change it\n`);
    const fnUrl = keys.functionUrl ? outputs[keys.functionUrl] : undefined;
    process.stdout.write(`${out.green('Deployed')} ${summary.stackName}${arn ? ` to ${arn.region} (account ${arn.account})` : ''}${url ? `\n${out.bold('API URL')}  ${url}` : ''}${fnUrl ? `\n${out.bold('Function URL')}  ${fnUrl}` : ''}\n`);
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
