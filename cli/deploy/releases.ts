// Releases of a deployed function: the Lambda versions a deploy publishes and the `live` alias
// API Gateway, authorizers and triggers invoke. `calix releases` lists them, `calix rollback`
// moves `live` back, and every deploy moves it forward again (when a rollback left it behind
// the template) and prunes the oldest versions Calix published beyond `releases.keep`.
import {
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  UpdateAliasCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { LIVE_ALIAS, RELEASE_DESCRIPTION_PREFIX } from '../../project/stage-model.js';

export { LIVE_ALIAS };

/** One published version of a function. */
export interface Release {
  version: number;
  /** When Lambda published it (the version's LastModified). */
  published: string;
  /** Lambda's CodeSha256 of the version's deployment package. */
  codeSha256: string;
  /** The version's description: `calix deploy` for Calix deploys; what published it otherwise. */
  description: string;
  /** Whether `live` points to it. */
  live: boolean;
}

/** Versions Calix published (and may therefore prune): their description says so. */
export const isCalixRelease = (r: Pick<Release, 'description'>): boolean => r.description.startsWith(RELEASE_DESCRIPTION_PREFIX);

/** The version `live` points to (a number; `$LATEST` never is one Calix sets). */
export async function liveVersion(lambda: LambdaClient, functionName: string): Promise<string> {
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS }));
  return alias.FunctionVersion ?? '';
}

/** Every published version of the function, newest first, with the one `live` points to marked. */
export async function listReleases(lambda: LambdaClient, functionName: string): Promise<Release[]> {
  const live = await liveVersion(lambda, functionName);
  const out: Release[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }));
    for (const v of page.Versions ?? []) {
      if (!v.Version || !/^\d+$/.test(v.Version)) continue; // $LATEST is not a release
      out.push({ version: Number(v.Version), published: v.LastModified ?? '', codeSha256: v.CodeSha256 ?? '', description: v.Description ?? '', live: v.Version === live });
    }
    marker = page.NextMarker;
  } while (marker);
  return out.sort((a, b) => b.version - a.version);
}

/** Points `live` at `version`. */
export async function pointLive(lambda: LambdaClient, functionName: string, version: number | string): Promise<void> {
  await lambda.send(new UpdateAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS, FunctionVersion: String(version) }));
}

/**
 * Publishes the function's current code and configuration as a version and points `live` at
 * it: for paths that change code outside CloudFormation (a hotswap deploy). `description` must
 * start with `calix ` (e.g. `calix deploy --hotswap`) so pruning recognises the version as Calix's.
 * Returns the version number (Lambda returns the latest version unchanged when nothing changed).
 */
export async function publishAndPoint(lambda: LambdaClient, functionName: string, description: string, codeSha256?: string): Promise<number> {
  // With codeSha256, Lambda refuses to publish anything but that code (a concurrent update lost).
  const published = await lambda.send(new PublishVersionCommand({ FunctionName: functionName, Description: description, ...(codeSha256 ? { CodeSha256: codeSha256 } : {}) }));
  const version = Number(published.Version);
  await pointLive(lambda, functionName, version);
  return version;
}

/**
 * The versions pruning deletes: Calix's own, beyond the `keep` newest of them, never the one `live`
 * points to and never one newer than it (a rollback's way forward). Versions something else
 * published are never touched.
 */
export function prunable(releases: readonly Release[], keep: number): Release[] {
  const live = releases.find((r) => r.live)?.version ?? Infinity;
  const own = releases.filter(isCalixRelease).sort((a, b) => b.version - a.version);
  return own.slice(keep).filter((r) => !r.live && r.version < live);
}

/** Deletes `versions` of the function (qualified DeleteFunction: the function and its other versions stay). */
export async function deleteVersions(lambda: LambdaClient, functionName: string, versions: readonly number[]): Promise<void> {
  for (const v of versions) await lambda.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: String(v) }));
}

export interface AfterDeploy {
  name: string;
  /** The version of what was deployed: `live` points to it now. */
  version?: number;
  /** Where `live` pointed when the deploy did not move it (after a rollback), now moved forward. */
  movedFrom?: number;
  pruned: number[];
}

/**
 * The version of what a deploy just put in place: the newest version whose code is the
 * function's current code ($LATEST). A change-set deploy published it (or, unchanged, published
 * nothing and it is the one deployed before); a hotswap published it and moved `live` itself.
 * Undefined when no version has that code (nothing to move to).
 */
export function deployedRelease(releases: readonly Release[], latestCodeSha256: string): Release | undefined {
  return releases.filter((r) => r.codeSha256 === latestCodeSha256).sort((a, b) => b.version - a.version)[0];
}

/**
 * After a deploy: `live` on the version of what was deployed when a rollback left it on an older
 * one (CloudFormation then sees no change to the alias, so it does not move it), then the oldest
 * versions pruned to `keep`.
 */
export async function settleReleases(lambda: LambdaClient, name: string, functionName: string, keep: number): Promise<AfterDeploy> {
  const latest = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  let releases = await listReleases(lambda, functionName);
  const target = deployedRelease(releases, latest.CodeSha256 ?? '');
  const current = releases.find((r) => r.live);
  let movedFrom: number | undefined;
  if (target && current && target.version !== current.version) {
    await pointLive(lambda, functionName, target.version);
    movedFrom = current.version;
    releases = releases.map((r) => ({ ...r, live: r.version === target.version }));
  }
  const doomed = prunable(releases, keep).map((r) => r.version);
  await deleteVersions(lambda, functionName, doomed);
  return { name, ...(target ? { version: target.version } : {}), ...(movedFrom !== undefined ? { movedFrom } : {}), pruned: doomed.sort((a, b) => a - b) };
}
