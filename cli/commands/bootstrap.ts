import { BootstrapEnvironments, Toolkit } from '@aws-cdk/toolkit-lib';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { clientConfig } from '../deploy/aws.js';
import { parseStackArn } from '../deploy/deployed.js';
import { explainFailure } from '../deploy/failures.js';
import { ProgressIoHost } from '../deploy/io-host.js';
import { DEFAULT_TIMEOUT, parseTimeout, withTimeout } from '../deploy/timeout.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { out } from '../ui.js';

/** The stack `cdk bootstrap` (and so `calix bootstrap`) creates, holding the asset bucket and deploy roles. */
export const TOOLKIT_STACK = 'CDKToolkit';

export interface BootstrapOptions {
  projectDir?: string;
  stage: string;
  verbose?: boolean;
  timeout?: string;
}

/**
 * `calix bootstrap`: prepares the credentials' account and region for deploys (the CDK
 * bootstrap stack: asset bucket, deploy roles, version parameter), through the toolkit
 * library, so no `cdk` CLI is needed. Run once per account and region.
 */
export async function bootstrapCommand(o: BootstrapOptions): Promise<void> {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  parseTimeout(timeout);
  // The stage is checked so a typo fails here, not at deploy; the environment is the credentials'.
  resolveStage(loadProject(o.projectDir), o.stage);
  const io = new ProgressIoHost({ tty: !!process.stdout.isTTY, verbose: o.verbose });
  const toolkit = new Toolkit({ ioHost: io, color: false, emojis: false });
  process.stdout.write(
    `Bootstrapping the account and region of your AWS credentials (stack ${TOOLKIT_STACK}; CloudFormation deploys with the AdministratorAccess policy, as \`cdk bootstrap\` does by default)…\n`,
  );
  let noOp = false;
  try {
    // `unknown-account/unknown-region` makes the toolkit resolve both from the credentials (STS GetCallerIdentity, AWS_REGION).
    const bootstrapping = toolkit.bootstrap(BootstrapEnvironments.fromList(['aws://unknown-account/unknown-region']));
    const result = await withTimeout(bootstrapping, {
      timeout,
      doing: () => `bootstrapping (${io.lastStep})`,
      check: `check the ${TOOLKIT_STACK} stack's events (\`aws cloudformation describe-stack-events --stack-name ${TOOLKIT_STACK}\`) and your network, then run \`calix bootstrap --stage ${o.stage}\` again`,
    });
    noOp = result.environments.every((e) => e.status === 'no-op');
  } catch (e) {
    throw explainFailure(e, { action: 'bootstrap', stackName: TOOLKIT_STACK, stage: o.stage, failures: io.failures });
  } finally {
    io.finish();
  }
  // Name the environment from the bootstrap stack's ARN (the toolkit reports only the placeholders).
  let where = '';
  try {
    const cfn = new CloudFormationClient(clientConfig(null));
    const arn = (await withTimeout(cfn.send(new DescribeStacksCommand({ StackName: TOOLKIT_STACK })), { timeout, doing: () => `reading the ${TOOLKIT_STACK} stack`, check: 'check your network' })).Stacks?.[0]?.StackId;
    const parts = arn ? parseStackArn(arn) : null;
    if (parts) where = ` aws://${parts.account}/${parts.region}`;
  } catch {
    // Only the message loses its detail.
  }
  process.stdout.write(`${out.green('Bootstrapped')}${where}${noOp ? ' (already up to date)' : ''}; \`calix deploy --stage ${o.stage}\` can deploy there now\n`);
}
