// After `calix deploy`: every function's `live` alias on the version of what was just deployed,
// and the oldest Calix versions pruned to `releases.keep` (cli/deploy/releases.ts does the work).
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CliError } from '../errors.js';
import { clientConfig } from './aws.js';
import { LIVE_ALIAS, settleReleases } from './releases.js';

export interface SettleInput {
  region: string | null;
  /** From the deploy record: each function's physical name. */
  functions: Record<string, { functionName: string }>;
  keep: number;
  stage: string;
}

/** Moves and prunes; returns the lines to print (empty when nothing moved or was pruned). */
export async function settleDeployedReleases(o: SettleInput): Promise<string> {
  const fns = Object.entries(o.functions).filter(([, f]) => f.functionName);
  if (!fns.length) return '';
  const lambda = new LambdaClient(clientConfig(o.region));
  try {
    const done = await Promise.all(fns.map(([name, f]) => settleReleases(lambda, name, f.functionName, o.keep)));
    const lines: string[] = [];
    const moved = done.filter((d) => d.movedFrom !== undefined);
    if (moved.length) lines.push(`Moved ${LIVE_ALIAS} forward after a rollback: ${moved.map((d) => `${d.name} ${d.movedFrom} -> ${d.version}`).join(', ')}`);
    const pruned = done.filter((d) => d.pruned.length);
    if (pruned.length) lines.push(`Pruned versions beyond releases.keep ${o.keep}: ${pruned.map((d) => `${d.name} ${d.pruned.join(', ')}`).join('; ')}`);
    return lines.map((l) => l + '\n').join('');
  } catch (e) {
    const err = e as Error;
    throw new CliError(`the stack is deployed, but moving the ${LIVE_ALIAS} aliases or pruning old versions failed (${err.name}: ${err.message.split('\n')[0]}); run \`calix deploy --stage ${o.stage}\` again`);
  } finally {
    lambda.destroy();
  }
}
