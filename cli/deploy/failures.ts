import { ToolkitError } from '@aws-cdk/toolkit-lib';
import { relative } from 'node:path';
import { CliError } from '../errors.js';
import { CREDENTIALS_HELP } from './aws.js';
import type { ResourceFailure } from './io-host.js';

export interface FailureContext {
  /** deploy, bootstrap or delete. */
  action: string;
  stackName: string;
  stage: string;
  /** Failing resources the progress messages named, with CloudFormation's reasons. */
  failures?: ResourceFailure[];
}

/** The error's first line without the toolkit's decorations (`❌  name failed: `, doc links). */
const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e))
    .trim()
    .split('\n')[0]!
    .replace(/^\W*\s*[\w-]+ failed: /u, '')
    .replace(/\s*\(see https:\/\/docs\.aws[^)]*\)/, '');

/** Rewrites the toolkit's credential errors as one actionable message (rethrows anything else). */
export function credentialsError(e: unknown, what: string, assemblyDir?: string): never {
  if (ToolkitError.isAuthenticationError(e)) {
    throw new CliError(
      `cannot ${what}: no AWS credentials (${(e as Error).message.split('\n')[0]}). To fix, ${CREDENTIALS_HELP}.` +
        (assemblyDir ? `\nNothing was deployed; the synthesized assembly is in ${relative(process.cwd(), assemblyDir) || assemblyDir}.` : ''),
    );
  }
  throw e;
}

const reasons = (failures: ResourceFailure[] | undefined): string =>
  failures?.length ? '\n' + failures.map((f) => `  ${f.logicalId} (${f.type}) ${f.status}: ${f.reason}`).join('\n') : '';

/** What to do about a stack CloudFormation left in `status`. */
export function failedStateAdvice(stackName: string, stage: string, status: string): string {
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return `finish the rollback with \`aws cloudformation continue-update-rollback --stack-name ${stackName}\` (add --resources-to-skip for resources that cannot roll back), then run \`calix deploy --stage ${stage}\` again; or remove the stack with \`calix delete --stage ${stage}\``;
  }
  if (status === 'UPDATE_ROLLBACK_COMPLETE') return `the stack is back on its previous version; fix the cause below and run \`calix deploy --stage ${stage}\` again`;
  if (status === 'DELETE_FAILED') return `see why in the stack's events (\`aws cloudformation describe-stack-events --stack-name ${stackName}\`), remove what blocks it, then run \`calix delete --stage ${stage}\` again`;
  // ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED: a stack that never got created.
  return `remove it with \`calix delete --stage ${stage} --yes\`, fix the cause below, then run \`calix deploy --stage ${stage}\` again`;
}

const FAILED_STATE = /\b((?:UPDATE_)?ROLLBACK_(?:COMPLETE|FAILED)|CREATE_FAILED|DELETE_FAILED|UPDATE_FAILED)\b/;

/**
 * Turns what the toolkit (or CloudFormation through it) threw during deploy, bootstrap or delete
 * into one `calix: error:` line that says what to do. Anything unrecognized is still reported
 * as a plain message with the stack named, never as an unexpected error with a stack trace.
 */
export function explainFailure(e: unknown, c: FailureContext): CliError {
  if (e instanceof CliError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (ToolkitError.isAuthenticationError(e) || (e as Error)?.name === 'CredentialsProviderError') {
    return new CliError(`cannot ${c.action}: no AWS credentials (${firstLine(e)}). To fix, ${CREDENTIALS_HELP}.`);
  }
  if (ToolkitError.isBootstrapError(e) || /has the environment been bootstrapped|cdk bootstrap|bootstrap stack/i.test(msg)) {
    const env = /aws:\/\/\d{12}\/[a-z0-9-]+/.exec(msg)?.[0] ?? 'the AWS account and region of your credentials';
    const why = firstLine(e).replace(/^[\w-]+: /, '').replace(/\s*Has the environment been bootstrapped\?.*$/, '');
    return new CliError(`${env} is not bootstrapped for deploys (${why}); run \`calix bootstrap --stage ${c.stage}\` once, then \`calix ${c.action} --stage ${c.stage}\` again`);
  }
  const state = FAILED_STATE.exec(msg)?.[1];
  if (state) {
    return new CliError(`${c.action} of ${c.stackName} failed and the stack is in ${state}: ${failedStateAdvice(c.stackName, c.stage, state)} (${firstLine(e)})${reasons(c.failures)}`);
  }
  // CloudFormation validates the template when the change set is created (real AWS and the emulator alike).
  if (/\bValidationError\b|Template (format )?error/i.test(msg) || (/change ?set/i.test(msg) && /fail|invalid|rejected/i.test(msg))) {
    return new CliError(`CloudFormation rejected the change set for ${c.stackName}: ${firstLine(e)}. Nothing was changed; fix the template or the resource named above and run \`calix ${c.action} --stage ${c.stage}\` again${reasons(c.failures)}`);
  }
  // After a rollback the toolkit says only "Resource updates failed:" and lists the resources; the
  // failures' statuses tell a failed update (the previous version still runs) from a failed create.
  if (/Resource updates failed/.test(msg) && c.failures?.length) {
    if (c.failures.some((f) => f.status === 'UPDATE_FAILED')) {
      return new CliError(`${c.action} of ${c.stackName} failed and CloudFormation rolled it back (UPDATE_ROLLBACK_COMPLETE): ${failedStateAdvice(c.stackName, c.stage, 'UPDATE_ROLLBACK_COMPLETE')}${reasons(c.failures)}`);
    }
    const ids = [...new Set(c.failures.map((f) => f.logicalId))].join(', ');
    return new CliError(
      `${c.action} of ${c.stackName} failed: CloudFormation could not create ${ids} and rolled the stack back; fix the cause below and run \`calix deploy --stage ${c.stage}\` again ` +
        `(after a failed first deploy the stack is left in ROLLBACK_COMPLETE: the next deploy deletes and re-creates it, or \`calix delete --stage ${c.stage} --yes\` removes it)${reasons(c.failures)}`,
    );
  }
  if (c.failures?.length) {
    return new CliError(`${c.action} of ${c.stackName} failed: ${firstLine(e)}; fix the resources below and run \`calix ${c.action} --stage ${c.stage}\` again${reasons(c.failures)}`);
  }
  const name = (e as Error)?.name && (e as Error).name !== 'Error' && (e as Error).name !== 'ToolkitError' ? `${(e as Error).name}: ` : '';
  return new CliError(`${c.action} of ${c.stackName} failed: ${name}${firstLine(e)} (run again with --verbose for the toolkit's messages)`);
}
