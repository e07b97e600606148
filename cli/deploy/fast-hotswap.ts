// `calix deploy --hotswap` without synthesis. When the manifest and the stage model are what the
// last successful deploy from this project recorded (.calix/deployed/<stage>.json, fingerprint)
// and the stack still holds the template that deploy left, only the code can differ: the bundle
// loadApp just built is zipped exactly as the CDK toolkit zips the asset of a full deploy, and
// sent to each Calix function with Lambda's UpdateFunctionCode. Anything else is declined with a
// one-line reason, and deploy goes through the CDK toolkit (its hotswap, or a change set).
// This module must not load aws-cdk-lib or the toolkit: skipping them is most of what it saves.
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LoadedProjectApp } from '../../project/app-loader.js';
import { CliError } from '../errors.js';
import { out } from '../ui.js';
import { sdkSetupError } from './aws.js';
import { changedInputs, findDeployed, inputFingerprint, parseStackArn, templateFingerprint, type DeployedRecord } from './deployed.js';
import { LIVE_ALIAS, RELEASE_DESCRIPTION_PREFIX } from '../../project/stage-model.js';
import { publishAndPoint } from './releases.js';
import { withTimeout } from './timeout.js';

/** The alias the stage's API invokes when the app publishes versions: moved to each new version. */
/** Lambda's limit for code sent in the request itself (UpdateFunctionCode ZipFile). */
const ZIP_FILE_LIMIT = 50 * 1024 * 1024;
/** Stack states that hold the template of a finished deploy. */
const SETTLED = /^(CREATE|UPDATE|UPDATE_ROLLBACK|IMPORT)_COMPLETE$/;

export type FastHotswapResult = { done: true; updated: string[]; seconds: number } | { done: false; reason: string };

/** Why the fast path does not apply (deploy then goes through the toolkit): one line. */
class Declined extends Error {}

/** Every SDK call gives up on a silent connection; the command's --timeout bounds the whole. */
const sdkConfig = { maxAttempts: 3, requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 } };

type ZipDirectory = (directory: string, outputFile: string) => Promise<void>;

/**
 * The zip function the CDK toolkit publishes a directory asset with (cdk-assets-lib's, resolved
 * from the toolkit that Calix deploys with): fixed entry dates and modes, so the same bundle
 * folder gives the same bytes, and the code a hotswap ships has the CodeSha256 a full deploy's
 * would. It is internal to the toolkit (pinned at 1.40.1); if it moves, the fast path declines.
 */
function toolkitZip(): ZipDirectory {
  const fromCalix = createRequire(import.meta.url);
  const fromToolkit = createRequire(fromCalix.resolve('@aws-cdk/toolkit-lib'));
  const assetsLib = fromToolkit.resolve('@aws-cdk/cdk-assets-lib');
  const archive = fromToolkit(join(dirname(assetsLib), 'private', 'archive.js')) as { zipDirectory?: ZipDirectory };
  if (typeof archive.zipDirectory !== 'function') throw new Error(`${join(dirname(assetsLib), 'private', 'archive.js')} has no zipDirectory`);
  return archive.zipDirectory;
}

/** The bundle folder as the deployed zip's bytes and Lambda's CodeSha256 of them. */
export async function zipBundle(bundleDir: string): Promise<{ zip: Buffer; sha256: string }> {
  let zipDirectory: ZipDirectory;
  try {
    zipDirectory = toolkitZip();
  } catch (e) {
    throw new Declined(`cannot load the CDK toolkit's zip function (${(e as Error).message.split('\n')[0]})`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'calix-hotswap-'));
  try {
    const file = join(tmp, 'code.zip');
    await zipDirectory(bundleDir, file);
    const zip = readFileSync(file);
    return { zip, sha256: createHash('sha256').update(zip).digest('base64') };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const errorName = (e: unknown): string => (e as Error)?.name ?? 'Error';
const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0]!;

/** Declines on anything that goes wrong before a function was changed (the toolkit path is always safe); credential problems are errors. */
async function beforeChange<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof Declined || e instanceof CliError) throw e;
    const setup = sdkSetupError(e, 'deploy');
    if (setup) throw setup;
    throw new Declined(`could not ${what} (${errorName(e)}: ${firstLine(e)})`);
  }
}

/** The record's functions with their physical names from the deployed stack's resources, by logical ID. */
async function deployedFunctions(cfn: CloudFormationClient, record: DeployedRecord): Promise<{ name: string; functionName: string }[]> {
  const physical = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: record.stackArn!, NextToken: token }));
    for (const r of page.StackResourceSummaries ?? []) if (r.LogicalResourceId && r.PhysicalResourceId) physical.set(r.LogicalResourceId, r.PhysicalResourceId);
    token = page.NextToken;
  } while (token);
  return Object.entries(record.functions).map(([name, f]) => {
    const functionName = physical.get(f.logicalId!);
    if (!functionName) throw new Declined(`the stack has no resource ${f.logicalId} (function ${name}) any more`);
    return { name, functionName };
  });
}

/** Checks that only the code can differ from what the stack holds; returns what to update and with what. */
async function plan(ctx: LoadedProjectApp, stageName: string, cfn: CloudFormationClient, lambda: LambdaClient) {
  const record = findDeployed(ctx.project.dir, stageName);
  if (!record) throw new Declined(`no deploy of stage ${stageName} is recorded in .calix/deployed/${stageName}.json`);
  if (!record.fingerprint || !record.stackArn || Object.values(record.functions).some((f) => !f.logicalId)) {
    throw new Declined(`.calix/deployed/${stageName}.json has no fingerprint of what was deployed (written by an older Calix); this deploy records one`);
  }
  const changed = changedInputs(record.fingerprint.inputs, inputFingerprint(ctx.manifest, ctx.stage));
  if (changed.length) throw new Declined(`changed since the last deploy: ${changed.join(', ')}`);

  const arn = parseStackArn(record.stackArn);
  if (!arn) throw new Declined(`.calix/deployed/${stageName}.json names no valid stack ARN`);
  const region = await beforeChange('find the AWS region', () => cfn.config.region());
  if (region !== arn.region) throw new Declined(`the credentials' region is ${region}, the recorded stack is in ${arn.region}`);
  // The zip is made meanwhile; the stack is checked first, so a replaced stack is reported as such.
  const zipping = zipBundle(dirname(ctx.outfile));
  zipping.catch(() => {}); // awaited below; a decline before that must not leave it unhandled
  const stack = await beforeChange(`describe stack ${record.stackName}`, async () => {
    try {
      return (await cfn.send(new DescribeStacksCommand({ StackName: record.stackName }))).Stacks?.[0];
    } catch (e) {
      if (/does not exist/.test(firstLine(e))) return undefined;
      throw e;
    }
  });
  if (!stack) throw new Declined(`stack ${record.stackName} does not exist in ${region} for these credentials`);
  if (stack.StackId !== record.stackArn) {
    const now = parseStackArn(stack.StackId ?? '');
    throw new Declined(`stack ${record.stackName} in account ${now?.account ?? '?'} (${region}) is not the one last deployed from here (account ${arn.account}, ${arn.region}, ${record.deployedAt})`);
  }
  if (!SETTLED.test(stack.StackStatus ?? '')) throw new Declined(`stack ${record.stackName} is in ${stack.StackStatus}`);
  const [template, functions, code] = await Promise.all([
    beforeChange(`read the template of ${record.stackName}`, async () => (await cfn.send(new GetTemplateCommand({ StackName: record.stackArn!, TemplateStage: 'Original' }))).TemplateBody ?? ''),
    beforeChange(`list the resources of ${record.stackName}`, () => deployedFunctions(cfn, record)),
    zipping,
  ]);
  if (templateFingerprint(template) !== record.fingerprint.template) throw new Declined(`the stack's template is not the one Calix last deployed from here (${record.deployedAt}): it was changed elsewhere`);
  if (code.zip.length > ZIP_FILE_LIMIT) throw new Declined(`the zipped bundle is ${(code.zip.length / 1048576).toFixed(1)} MB, over Lambda's 50 MB for code sent directly`);
  const current = await Promise.all(
    functions.map((f) => beforeChange(`read function ${f.functionName}`, () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.functionName })))),
  );
  return { record, code, stale: functions.filter((_, i) => current[i]!.CodeSha256 !== code.sha256) };
}

/** How long Lambda may take to apply new code (seconds, usually) before the hotswap gives up on it. */
const UPDATE_WAIT_MS = 5 * 60_000;

/** Waits until Lambda has finished applying the new code (LastUpdateStatus), at most UPDATE_WAIT_MS (and the command's --timeout). */
async function settled(lambda: LambdaClient, functionName: string, first: FunctionConfiguration): Promise<FunctionConfiguration> {
  let c = first;
  const until = Date.now() + UPDATE_WAIT_MS;
  while (c.LastUpdateStatus === 'InProgress' || c.State === 'Pending') {
    if (Date.now() > until) throw new Error(`Lambda was still applying the new code after ${UPDATE_WAIT_MS / 60_000} minutes (LastUpdateStatus ${c.LastUpdateStatus})`);
    await new Promise((r) => setTimeout(r, 500));
    c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  }
  if (c.LastUpdateStatus === 'Failed') throw new Error(`Lambda could not apply the new code: ${c.LastUpdateStatusReasonCode ?? ''} ${c.LastUpdateStatusReason ?? ''}`.trim());
  return c;
}

/** A new version of the function's code, and its `live` alias moved to it, when it has that alias. */
async function moveLiveAlias(lambda: LambdaClient, functionName: string, sha256: string, applied: FunctionConfiguration): Promise<string | undefined> {
  try {
    await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }));
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw e;
  }
  await markHotswapped(lambda, functionName, sha256, applied);
  return String(await publishAndPoint(lambda, functionName, `${RELEASE_DESCRIPTION_PREFIX}deploy --hotswap`, sha256));
}

/**
 * The environment variable a hotswapped release carries: the code's hash. A later template deploy
 * of this same code must publish a version of its own, and CloudFormation fails ("Version already
 * exists", aws-cdk#28237) when the function is unchanged since the last version; the template
 * has no such variable, so that deploy changes the configuration and its version publishes.
 */
export const HOTSWAP_MARK = 'CALIX_HOTSWAP';

/** `applied`: the configuration Lambda answered once the new code was in (its environment is kept). */
async function markHotswapped(lambda: LambdaClient, functionName: string, sha256: string, applied: FunctionConfiguration): Promise<void> {
  const Variables = { ...applied.Environment?.Variables, [HOTSWAP_MARK]: sha256.slice(0, 16) };
  await settled(lambda, functionName, await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables } })));
}

/** How many functions get their code at once (each update is an upload plus a wait for Lambda). */
const PARALLEL_UPDATES = 4;

/**
 * Sends the zipped bundle to the functions (a few at a time), waits until Lambda has applied it,
 * and moves each function's `live` alias (if any) to a new version of it. `updated` collects what
 * was done, in the functions' order (for messages); after all have finished, the first failure,
 * if any, goes to `failed`, which turns it into the error to throw.
 */
async function updateCode(
  lambda: LambdaClient,
  functions: readonly { name: string; functionName: string }[],
  code: { zip: Buffer; sha256: string },
  updated: string[],
  step: (doing: string) => void,
  failed: (f: { name: string; functionName: string }, e: unknown) => Promise<never>,
): Promise<void> {
  const done: (string | undefined)[] = functions.map(() => undefined);
  const failures: { f: { name: string; functionName: string }; e: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < functions.length; i = next++) {
      const f = functions[i]!;
      try {
        step(`updating the code of ${f.functionName}`);
        const first = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: f.functionName, ZipFile: code.zip }));
        step(`waiting for ${f.functionName} to apply its new code`);
        const applied = await settled(lambda, f.functionName, first);
        step(`publishing a version of ${f.functionName}`);
        const version = await moveLiveAlias(lambda, f.functionName, code.sha256, applied);
        done[i] = version ? `${f.name} (version ${version}, alias ${LIVE_ALIAS})` : f.name;
      } catch (e) {
        failures.push({ f, e });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPDATES, functions.length) }, worker));
  updated.push(...done.filter((d): d is string => d !== undefined));
  if (failures.length) await failed(failures[0]!.f, failures[0]!.e);
}

/**
 * After a deploy through the toolkit: functions whose code is not this bundle's (an earlier
 * hotswap, Calix's or the toolkit's, left them on other code, and CloudFormation saw no change in
 * the template to replace it, as when the code is reverted) get this bundle's code. Returns what
 * it updated; a failed update is a one-line error, a failed check only a warning.
 */
export async function syncDriftedCode(o: { record: DeployedRecord; bundleDir: string; timeout: string; warn: (line: string) => void }): Promise<string[]> {
  const region = o.record.region ? { region: o.record.region } : {};
  const cfn = new CloudFormationClient({ ...sdkConfig, ...region });
  const lambda = new LambdaClient({ ...sdkConfig, ...region });
  const updated: string[] = [];
  let step = 'comparing the functions\' code with this deploy\'s';
  try {
    return await withTimeout(
      (async () => {
        let stale: { name: string; functionName: string }[];
        let code: { zip: Buffer; sha256: string };
        try {
          const functions = Object.values(o.record.functions).every((f) => f.logicalId) && o.record.stackArn
            ? await deployedFunctions(cfn, o.record)
            : Object.entries(o.record.functions).map(([name, f]) => ({ name, functionName: f.functionName }));
          code = await zipBundle(o.bundleDir);
          const current = await Promise.all(functions.map((f) => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.functionName }))));
          stale = functions.filter((_, i) => current[i]!.CodeSha256 !== code.sha256);
        } catch (e) {
          // The deploy itself succeeded; credentials that deploy only through the CDK roles may not read functions.
          if (!(e instanceof Declined)) o.warn(`Could not check that the functions of ${o.record.stackName} run this code (${errorName(e)}: ${firstLine(e)}); after a --hotswap, check them in the Lambda console`);
          return updated;
        }
        await updateCode(lambda, stale, code, updated, (d) => (step = d), async (f, e) => {
          throw new CliError(`deployed ${o.record.stackName}, but function ${f.name} (${f.functionName}) still runs the code of an earlier --hotswap and could not be updated: ${errorName(e)}: ${firstLine(e)}; run \`calix deploy\` again`);
        });
        return updated;
      })(),
      { timeout: o.timeout, doing: () => step, check: 'check the functions in the Lambda console and your network, then run `calix deploy` again' },
    );
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
}

/**
 * The fast path of `deploy --hotswap` for a loaded app (the Lambda bundle built): updates the
 * code of every Calix function of the stage's stack that runs other code, or declines with why.
 */
export async function fastHotswap(o: { ctx: LoadedProjectApp; stage: string; timeout: string; write?: (s: string) => void }): Promise<FastHotswapResult> {
  const write = o.write ?? ((s: string) => process.stdout.write(s));
  const started = performance.now();
  const cfn = new CloudFormationClient(sdkConfig);
  const lambda = new LambdaClient(sdkConfig);
  let step = 'checking what changed';
  const updated: string[] = [];
  try {
    return await withTimeout(
      (async (): Promise<FastHotswapResult> => {
        const p = await plan(o.ctx, o.stage, cfn, lambda);
        const seconds = () => Math.round((performance.now() - started) / 100) / 10;
        if (!p.stale.length) {
          write(`--hotswap: only code can have changed since the last deploy, and every function of ${p.record.stackName} already runs this code; nothing to update\n`);
          return { done: true, updated, seconds: seconds() };
        }
        write(`--hotswap: only the code changed since the last deploy (${p.record.deployedAt}); updating it in place, without synthesis or CloudFormation\n`);
        await updateCode(lambda, p.stale, p.code, updated, (d) => (step = d), async (f, e) => {
          // No function changed: the toolkit (which deploys through the CDK roles) may still be able to.
          if (!updated.length && /AccessDenied|NotAuthorized|Forbidden/i.test(`${errorName(e)} ${firstLine(e)}`)) {
            throw new Declined(`these credentials may not update ${f.functionName} directly (${errorName(e)}: ${firstLine(e)})`);
          }
          const setup = sdkSetupError(e, 'deploy');
          if (setup && !updated.length) throw setup;
          const done = updated.length ? ` (${updated.join(', ')} already run the new code)` : '';
          throw new CliError(
            `--hotswap could not update function ${f.name} (${f.functionName}) of ${p.record.stackName}: ${errorName(e)}: ${firstLine(e)}${done}; ` +
              `run \`calix deploy --stage ${o.stage}\` to deploy through CloudFormation`,
          );
        });
        const s = seconds();
        write(`${out.green('Hotswapped')} ${p.stale.length} function${p.stale.length === 1 ? "'s" : "s'"} code in ${s.toFixed(1)} s (no CloudFormation change): ${updated.join(', ')}\n`);
        const account = parseStackArn(p.record.stackArn!)!;
        write(`${out.green('Deployed')} ${p.record.stackName} to ${account.region} (account ${account.account})${p.record.url ? `\n${out.bold('API URL')}  ${p.record.url}` : ''}\n`);
        return { done: true, updated, seconds: s };
      })(),
      {
        timeout: o.timeout,
        doing: () => `hotswapping (${step})`,
        check: `check the functions in the Lambda console and your network, then run \`calix deploy --stage ${o.stage} --hotswap\` again (or without --hotswap)`,
      },
    );
  } catch (e) {
    if (e instanceof Declined) return { done: false, reason: e.message };
    throw e;
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
}

/** SHA-256 of the template the stack holds now, for the record's fingerprint (undefined if it cannot be read). */
export async function deployedTemplateFingerprint(stackArn: string, region: string | null): Promise<string | undefined> {
  const cfn = new CloudFormationClient({ ...sdkConfig, ...(region ? { region } : {}) });
  try {
    const body = (await cfn.send(new GetTemplateCommand({ StackName: stackArn, TemplateStage: 'Original' }))).TemplateBody;
    return body ? templateFingerprint(body) : undefined;
  } catch {
    // No fingerprint: the next --hotswap goes through the toolkit and records one.
    return undefined;
  } finally {
    cfn.destroy();
  }
}
