// `calix releases` and `calix rollback`: the versions each deployed function has, and moving its
// `live` alias (what API Gateway, authorizers and triggers invoke) back to an older one. Neither
// deletes anything; the next `calix deploy` moves `live` forward again.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadProject, resolveStage } from '../../project/config.js';
import { clientConfig, sdkSetupError } from '../deploy/aws.js';
import { readDeployed, type DeployedRecord } from '../deploy/deployed.js';
import { LIVE_ALIAS, listReleases, pointLive, type Release } from '../deploy/releases.js';
import { withTimeout } from '../deploy/timeout.js';
import { CliError } from '../errors.js';
import { out } from '../ui.js';

interface Common {
  projectDir?: string;
  stage: string;
  function?: string;
  timeout: string;
}

export interface ReleasesOptions extends Common {
  json?: boolean;
}

export interface RollbackOptions extends Common {
  to?: string;
  steps?: string;
}

/** The functions a command acts on: all recorded ones, or the one `--function` names. */
function functionsOf(record: DeployedRecord, only: string | undefined): [string, string][] {
  const all = Object.entries(record.functions).map(([name, f]) => [name, f.functionName] as [string, string]);
  if (!only) return all;
  const one = all.find(([name]) => name === only);
  if (!one) throw new CliError(`no deployed function "${only}" in ${record.stackName}; deployed functions: ${all.map(([n]) => n).join(', ') || '(none recorded)'}`, 2);
  return [one];
}

/** Runs `work` with a Lambda client in the record's region, under the timeout, with SDK errors as one line. */
async function withLambda<T>(record: DeployedRecord, o: Common, what: { doing: string; action: string }, work: (lambda: LambdaClient) => Promise<T>): Promise<T> {
  const lambda = new LambdaClient(clientConfig(record.region));
  try {
    return await withTimeout(work(lambda), { timeout: o.timeout, doing: () => what.doing, check: 'check your network and AWS_ENDPOINT_URL, or raise --timeout' });
  } catch (e) {
    if (e instanceof CliError) throw e;
    const setup = sdkSetupError(e, what.action);
    if (setup) throw setup;
    const err = e as Error;
    if (err.name === 'ResourceNotFoundException') {
      throw new CliError(
        `${record.stackName} has no function with a "${LIVE_ALIAS}" alias where the deploy record says (${err.message.split('\n')[0]}): the stack was deleted or deployed by an older Calix; run \`calix deploy --stage ${o.stage}\``,
      );
    }
    throw new CliError(`cannot ${what.action}: ${err.name}: ${err.message}`);
  } finally {
    lambda.destroy();
  }
}

const short = (sha: string) => (sha ? `${sha.slice(0, 12)}…` : '');

function render(byFunction: { name: string; functionName: string; releases: Release[] }[]): string {
  const lines: string[] = [];
  for (const f of byFunction) {
    lines.push(`${out.bold(f.name)}  ${f.functionName}`);
    const rows = [['', 'VERSION', 'PUBLISHED', 'CODE', 'DEPLOYED BY'], ...f.releases.map((r) => [r.live ? LIVE_ALIAS : '', String(r.version), r.published, short(r.codeSha256), r.description || '(no description)'])];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) lines.push(`  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd());
    if (!f.releases.length) lines.push('  (no published versions)');
  }
  return lines.join('\n') + '\n';
}

/** `calix releases`: each function's versions, newest first, and which one is live. */
export async function releasesCommand(o: ReleasesOptions): Promise<void> {
  const project = loadProject(o.projectDir);
  resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  const fns = functionsOf(record, o.function);
  const result = await withLambda(record, o, { doing: `listing the versions of ${record.stackName}'s functions`, action: `list the versions of ${record.stackName}'s functions` }, (lambda) =>
    Promise.all(fns.map(async ([name, functionName]) => ({ name, functionName, releases: await listReleases(lambda, functionName) }))),
  );
  process.stdout.write(o.json ? JSON.stringify(result, null, 2) + '\n' : render(result));
}

/** A positive integer option, or a usage mistake. */
function count(value: string, flag: string, what: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new CliError(`${flag} must be ${what} of at least 1; got "${value}"`, 2);
  return Number(value);
}

/** Where `live` goes for one function: `--to N` or `--steps K` versions below the current one. */
export function rollbackTarget(name: string, releases: readonly Release[], want: { to?: number; steps: number }): number {
  const current = releases.find((r) => r.live);
  if (!current) throw new CliError(`function ${name}: its "${LIVE_ALIAS}" alias points to no published version; run \`calix deploy\` first`);
  const versions = releases.map((r) => r.version);
  if (want.to !== undefined) {
    if (!versions.includes(want.to)) throw new CliError(`function ${name} has no version ${want.to}; its versions are ${[...versions].reverse().join(', ')} (see \`calix releases\`)`);
    return want.to; // possibly the current one: that function stays where it is

  }
  const older = releases.filter((r) => r.version < current.version).sort((a, b) => b.version - a.version);
  const target = older[want.steps - 1];
  if (!target) {
    throw new CliError(
      older.length
        ? `function ${name}: "${LIVE_ALIAS}" is version ${current.version}, with only ${older.length} older version${older.length === 1 ? '' : 's'} kept (${older.map((r) => r.version).join(', ')}); use --steps ${older.length} or less, or --to one of them`
        : `function ${name}: "${LIVE_ALIAS}" is version ${current.version}, the oldest version kept; there is nothing older to roll back to`,
    );
  }
  return target.version;
}

/**
 * `calix rollback`: every function's `live` (or only `--function`'s) back by `--steps` versions
 * or to version `--to`. Every target is checked before any alias moves, so an error changes nothing.
 */
export async function rollbackCommand(o: RollbackOptions): Promise<void> {
  if (o.to !== undefined && o.steps !== undefined) throw new CliError('give --to or --steps, not both', 2);
  const want = { ...(o.to !== undefined ? { to: count(o.to, '--to', 'a version number') } : {}), steps: o.steps !== undefined ? count(o.steps, '--steps', 'a whole number') : 1 };
  const project = loadProject(o.projectDir);
  resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  const fns = functionsOf(record, o.function);
  const moved = await withLambda(record, o, { doing: `rolling back ${record.stackName}`, action: `roll back ${record.stackName}` }, async (lambda) => {
    const plans = await Promise.all(
      fns.map(async ([name, functionName]) => {
        const releases = await listReleases(lambda, functionName);
        return { name, functionName, from: releases.find((r) => r.live)?.version, to: rollbackTarget(name, releases, want) };
      }),
    );
    for (const p of plans) if (p.from !== p.to) await pointLive(lambda, p.functionName, p.to);
    return plans;
  });
  for (const m of moved) process.stdout.write(m.from === m.to ? `${m.name}: ${LIVE_ALIAS} already ${m.to}\n` : `${m.name}: ${LIVE_ALIAS} ${m.from} -> ${m.to}\n`);
  process.stdout.write(`${out.green('Rolled back')} ${record.stackName}; newer versions are kept, and \`calix deploy --stage ${o.stage}\` moves ${LIVE_ALIAS} forward again\n`);
}
