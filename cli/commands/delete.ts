import {
  CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, type Stack, type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { createInterface } from 'node:readline/promises';
import { clientConfig, sdkSetupError } from '../deploy/aws.js';
import { findDeployed, removeDeployed } from '../deploy/deployed.js';
import { failedStateAdvice } from '../deploy/failures.js';
import { ProgressIoHost } from '../deploy/io-host.js';
import { DEFAULT_TIMEOUT, parseTimeout, withTimeout } from '../deploy/timeout.js';
import { CliError } from '../errors.js';
import { stackName as stackNameOf } from '../../project/stage-model.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { out } from '../ui.js';

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export interface DeleteOptions {
  projectDir?: string;
  stage: string;
  /** A stack to delete by name, with no project or record needed. */
  stack?: string;
  yes?: boolean;
  timeout?: string;
}

/** Which stack, in which region, and whose record to remove afterwards. */
interface Target {
  stackName: string;
  region: string | null;
  /** The project whose `.calix/deployed/<stage>.json` names this stack. */
  projectDir?: string;
}

/**
 * Resolves the stack without building the app (a broken or deleted app must still be
 * deletable): `--stack`, else the stage's deploy record, else `<app>-<stage>` from the config.
 */
function target(o: DeleteOptions): Target {
  if (o.stack) {
    let projectDir: string | undefined;
    try {
      projectDir = loadProject(o.projectDir).dir;
    } catch {
      // Deleting by name needs no project.
    }
    const record = projectDir ? findDeployed(projectDir, o.stage) : undefined;
    return { stackName: o.stack, region: record?.stackName === o.stack ? record.region : null, projectDir };
  }
  const project = loadProject(o.projectDir);
  const record = findDeployed(project.dir, o.stage);
  if (record) return { stackName: record.stackName, region: record.region, projectDir: project.dir };
  return { stackName: stackNameOf(resolveStage(project, o.stage)), region: null, projectDir: project.dir };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `calix delete`: deletes the stage's stack with CloudFormation (asks first unless --yes). */
export async function deleteCommand(o: DeleteOptions): Promise<void> {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  parseTimeout(timeout);
  const t = target(o);
  const name = t.stackName;
  const again = `calix delete ${o.stack ? `--stack ${name}` : `--stage ${o.stage}`}`;
  if (!o.yes && !(process.stdin.isTTY && process.stdout.isTTY)) {
    throw new CliError(`refusing to delete ${name} without confirmation: run \`${again} --yes\``, 2);
  }
  const cfn = new CloudFormationClient(clientConfig(t.region));
  const io = new ProgressIoHost({ tty: !!process.stdout.isTTY });
  let step = `looking up ${name}`;
  const limits = {
    timeout,
    doing: () => step,
    check: `check the stack's events (\`aws cloudformation describe-stack-events --stack-name ${name}\`) and your network, then run \`${again} --yes\` again`,
  };
  const waitForDeletion = async (stack: Stack): Promise<'deleted'> => {
    const id = stack.StackId ?? name;
    // Only events after the request are shown; older ones belong to earlier deploys.
    const seen = new Set<string>();
    await showEvents(cfn, id, seen, io, false);
    step = `requesting the deletion of ${name}`;
    await cfn.send(new DeleteStackCommand({ StackName: id }));
    step = `waiting for CloudFormation to delete ${name}`;
    for (let delay = 500; ; delay = Math.min(delay * 2, 5000)) {
      await showEvents(cfn, id, seen, io, true);
      // By ARN, a deleted stack is still described (DELETE_COMPLETE); by name it is gone.
      const now = await describe(cfn, id);
      const status = now?.StackStatus ?? 'DELETE_COMPLETE';
      step = `waiting for CloudFormation to delete ${name} (status ${status})`;
      if (status === 'DELETE_COMPLETE') return 'deleted';
      if (status === 'DELETE_FAILED') {
        io.finish();
        throw new CliError(`delete of ${name} failed (DELETE_FAILED${now?.StackStatusReason ? `: ${now.StackStatusReason}` : ''}): ${failedStateAdvice(name, o.stage, 'DELETE_FAILED')}`);
      }
      await sleep(delay);
    }
  };
  let outcome: 'deleted' | 'absent' | 'declined';
  try {
    const stack = await withTimeout(describe(cfn, name), limits);
    if (!stack) outcome = 'absent';
    else if (!o.yes && !(await ask(`Delete stack ${name} (${stack.StackStatus}) and everything it created, except what it retains?`))) outcome = 'declined';
    else outcome = await withTimeout(waitForDeletion(stack), limits);
  } catch (e) {
    throw sdkSetupError(e, 'delete') ?? (e instanceof CliError ? e : new CliError(`delete of ${name} failed: ${(e as Error).name}: ${(e as Error).message}`));
  } finally {
    io.finish();
  }
  if (outcome === 'declined') {
    process.stdout.write('Nothing deleted.\n');
    return;
  }
  const removed = t.projectDir ? removeDeployed(t.projectDir, o.stage, name) : false;
  if (outcome === 'absent') {
    process.stdout.write(`Stack ${name} does not exist${t.region ? ` in ${t.region}` : ''}; nothing to delete${removed ? ' (removed its deploy record)' : ''}\n`);
    return;
  }
  process.stdout.write(`${out.green('Deleted')} ${name}${t.region ? ` (${t.region})` : ''}\n`);
}

async function describe(cfn: CloudFormationClient, nameOrArn: string): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: nameOrArn }))).Stacks?.[0];
  } catch (e) {
    if ((e as Error).name === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }
}

/** Prints the stack's new events (oldest first) as progress lines, like deploy's. */
async function showEvents(cfn: CloudFormationClient, stackId: string, seen: Set<string>, io: ProgressIoHost, print: boolean): Promise<void> {
  let events: StackEvent[] = [];
  try {
    events = (await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }))).StackEvents ?? [];
  } catch {
    return; // Progress is a courtesy; the status poll decides.
  }
  for (const e of events.filter((x) => x.EventId && !seen.has(x.EventId)).reverse()) {
    seen.add(e.EventId!);
    if (!print) continue;
    io.activity(`${e.ResourceStatus ?? ''} ${e.ResourceType ?? ''} ${e.LogicalResourceId ?? ''}${e.ResourceStatusReason && /FAILED/.test(e.ResourceStatus ?? '') ? `: ${e.ResourceStatusReason}` : ''}`.trim());
  }
}
