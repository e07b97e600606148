import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';
import { showPath as shown } from '../fs/safe-output.js';

/** Marks a record as Calix's own: deploy overwrites and delete removes only files that carry it. */
export const RECORD_MARKER = 'deployed-record/1';

/** What `deploy` remembers about a stage, for `url`, `logs`, `invoke --remote`, `delete` and `auth` (like Chalice's .chalice/deployed). */
export interface DeployedRecord {
  calix: typeof RECORD_MARKER;
  stackName: string;
  /** The deployed stack's ARN; account and region are read from it. */
  stackArn: string | null;
  /** The stack's region (from its ARN): where `logs`, `url`, `invoke --remote` and `delete` call. */
  region: string | null;
  account: string | null;
  deployedAt: string;
  /** The API's invoke URL. */
  url: string | null;
  /** The API's URL on the stage's custom domain (what `calix url` prints when set). */
  customDomainUrl?: string | null;
  outputs: Record<string, string>;
  /** Physical function and log group names by Calix function name (`api` = router). */
  functions: Record<string, { functionName: string; logGroupName: string }>;
}

export interface StackArn {
  partition: string;
  region: string;
  account: string;
  stackName: string;
}

/**
 * `arn:aws:cloudformation:us-east-1:123456789012:stack/todo-dev/<uuid>` -> its parts. The toolkit
 * reports an environment-agnostic stack's region as the placeholder `unknown-region`; the ARN
 * is the one place that names the region the stack really lives in.
 */
export function parseStackArn(arn: string): StackArn | null {
  const m = /^arn:([a-z-]+):cloudformation:([a-z0-9-]+):(\d{12}):stack\/([^/]+)\//.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]!, stackName: m[4]! } : null;
}

/** A real region name, or null for missing values and the toolkit's placeholders. */
export const concreteRegion = (region: string | null | undefined): string | null =>
  region && !/^unknown-/.test(region) ? region : null;

export const deployedFile = (projectDir: string, stage: string) => join(projectDir, '.calix', 'deployed', `${stage}.json`);

const isOwnRecord = (value: unknown): value is DeployedRecord =>
  !!value && typeof value === 'object' && (value as { calix?: unknown }).calix === RECORD_MARKER;

/** Whether `file` may be (over)written or removed by Calix: absent, or a record Calix wrote. */
function ownedOrAbsent(file: string): boolean {
  if (!existsSync(file)) return true;
  try {
    return isOwnRecord(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}

/** Refuses (before anything is deployed) to go on when the stage's record file is not Calix's. */
export function assertRecordWritable(projectDir: string, stage: string): void {
  const file = deployedFile(projectDir, stage);
  if (!ownedOrAbsent(file)) {
    throw new CliError(
      `${shown(file)} was not written by Calix (it has no "calix": "${RECORD_MARKER}" field), so deploy will not overwrite it: move it out of .calix/deployed/ and run \`calix deploy --stage ${stage}\` again`,
    );
  }
}

export function writeDeployed(projectDir: string, stage: string, record: Omit<DeployedRecord, 'calix'>): void {
  assertRecordWritable(projectDir, stage);
  const file = deployedFile(projectDir, stage);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ calix: RECORD_MARKER, ...record }, null, 2) + '\n');
}

/** The stage's record, or undefined when there is none. */
export function findDeployed(projectDir: string, stage: string): DeployedRecord | undefined {
  const file = deployedFile(projectDir, stage);
  if (!existsSync(file)) return undefined;
  let value: Partial<DeployedRecord>;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as Partial<DeployedRecord>;
  } catch (e) {
    throw new CliError(`${shown(file)} is not valid JSON (${(e as Error).message}); delete it and run \`calix deploy --stage ${stage}\` again`);
  }
  if (typeof value.stackName !== 'string') throw new CliError(`${shown(file)} names no stackName; delete it and run \`calix deploy --stage ${stage}\` again`);
  // Records from before the marker stored the toolkit's placeholder region: the ARN, when kept, knows better.
  const fromArn = value.stackArn ? parseStackArn(value.stackArn) : null;
  return {
    ...(value as DeployedRecord),
    stackArn: value.stackArn ?? null,
    region: fromArn?.region ?? concreteRegion(value.region),
    account: fromArn?.account ?? value.account ?? null,
    outputs: value.outputs ?? {},
    functions: value.functions ?? {},
  };
}

export function readDeployed(projectDir: string, stage: string): DeployedRecord {
  const record = findDeployed(projectDir, stage);
  if (!record) throw new CliError(`stage "${stage}" has not been deployed from this project (no ${shown(deployedFile(projectDir, stage))}); run \`calix deploy --stage ${stage}\` first`);
  return record;
}

/** Removes the stage's record if Calix wrote it for `stackName`; says whether it did. */
export function removeDeployed(projectDir: string, stage: string, stackName: string): boolean {
  const file = deployedFile(projectDir, stage);
  if (!existsSync(file) || !ownedOrAbsent(file)) return false;
  const record = JSON.parse(readFileSync(file, 'utf8')) as DeployedRecord;
  if (record.stackName !== stackName) return false;
  rmSync(file);
  return true;
}
