import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from '../errors.js';

/** What `deploy` remembers about a stage, for `url`, `logs` and `auth` (like Chalice's .chalice/deployed). */
export interface DeployedRecord {
  stackName: string;
  region: string | null;
  deployedAt: string;
  /** The API's invoke URL. */
  url: string | null;
  outputs: Record<string, string>;
  /** Physical function and log group names by Calix function name (`api` = router). */
  functions: Record<string, { functionName: string; logGroupName: string }>;
}

export const deployedFile = (projectDir: string, stage: string) => join(projectDir, '.calix', 'deployed', `${stage}.json`);

export function writeDeployed(projectDir: string, stage: string, record: DeployedRecord): void {
  const file = deployedFile(projectDir, stage);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
}

export function readDeployed(projectDir: string, stage: string): DeployedRecord {
  const file = deployedFile(projectDir, stage);
  if (!existsSync(file)) throw new CliError(`stage "${stage}" has not been deployed from this project (no ${file}); run \`calix deploy --stage ${stage}\` first`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DeployedRecord;
  } catch (e) {
    throw new CliError(`${file} is not valid JSON (${(e as Error).message}); delete it and run \`calix deploy --stage ${stage}\` again`);
  }
}
