// `calix status`: what is live for a stage, as `zappa status` shows it — the stack, the last
// deploy, each function's settings and code, the schedules and the URL — read from the service,
// and from the local deploy record alone when AWS cannot be reached (no credentials, no network).
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { GetAliasCommand, GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { loadProject, resolveStage } from '../../project/config.js';
import { LIVE_ALIAS } from '../../project/stage-model.js';
import { KEEP_WARM_EVENT } from '../../src/lambda.js';
import { clientConfig, sdkSetupError } from '../deploy/aws.js';
import { deployedFile, readDeployed, type DeployedRecord } from '../deploy/deployed.js';
import { withTimeout } from '../deploy/timeout.js';
import { CliError } from '../errors.js';
import { showPath } from '../fs/safe-output.js';
import { err as ec, out as oc } from '../ui.js';

export interface StatusOptions {
  projectDir?: string;
  stage: string;
  json?: boolean;
  timeout: string;
}

export interface FunctionStatus {
  name: string;
  functionName: string;
  memorySize?: number;
  timeout?: number;
  runtime?: string;
  version?: string;
  /** The version the `live` alias (what API Gateway and triggers invoke) points to. */
  live?: string;
  codeSha256?: string;
  lastModified?: string;
}

export interface Status {
  stackName: string;
  region: string | null;
  account: string | null;
  /** Where the facts come from: the service, or only the local deploy record. */
  source: 'service' | 'record';
  /** Why the service could not be asked (source `record`). */
  unreachable?: string;
  stackStatus?: string;
  /** When CloudFormation last changed the stack. */
  stackUpdated?: string;
  /** When `calix deploy` last deployed this stage from this project. */
  deployedAt: string;
  url: string | null;
  customDomainUrl?: string | null;
  /** The router's Function URL, when the stage has one. */
  functionUrl?: string;
  functions: FunctionStatus[];
  schedules?: { name: string; expression: string; state: string }[];
}

/** The rule input the keepWarm rule carries (CloudFormation holds it as JSON text). */
const KEEP_WARM_INPUT = JSON.stringify(KEEP_WARM_EVENT);

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> };

/** The schedules the deployed template holds: each EventBridge rule with a schedule, named by the function it targets. */
export function schedulesOf(template: Template): NonNullable<Status['schedules']> {
  const resources = template.Resources ?? {};
  const out: NonNullable<Status['schedules']> = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::Events::Rule' || !r.Properties?.ScheduleExpression) continue;
    // A rule targets a function's `live` alias (Ref: the alias, whose FunctionName Refs the function),
    // or, in templates from before releases, the function itself (GetAtt Arn).
    const arn = r.Properties.Targets?.[0]?.Arn;
    const alias = arn?.Ref ? resources[arn.Ref as string] : undefined;
    const target = (alias?.Type === 'AWS::Lambda::Alias' ? alias.Properties?.FunctionName?.Ref : arn?.['Fn::GetAtt']?.[0]) as string | undefined;
    const fn = (target && resources[target]?.Properties?.Environment?.Variables?.CALIX_HANDLER) ?? target ?? '?';
    // The keepWarm rule pings the router with the keep-warm event rather than running a schedule of the app.
    const name = r.Properties.Targets?.[0]?.Input === KEEP_WARM_INPUT ? `keep-warm (${fn})` : fn;
    out.push({ name, expression: r.Properties.ScheduleExpression, state: r.Properties.State ?? 'ENABLED' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const fromRecord = (record: DeployedRecord): Status => ({
  stackName: record.stackName,
  region: record.region,
  account: record.account,
  source: 'record',
  deployedAt: record.deployedAt,
  url: record.url,
  customDomainUrl: record.customDomainUrl ?? null,
  ...(record.functionUrl ? { functionUrl: record.functionUrl } : {}),
  functions: Object.entries(record.functions).map(([name, f]) => ({ name, functionName: f.functionName })),
});

/** Asks CloudFormation and Lambda what is live; throws what the SDK throws. */
async function fromService(record: DeployedRecord, recordPath: string, stage: string): Promise<Status> {
  const cfn = new CloudFormationClient(clientConfig(record.region));
  const lambda = new LambdaClient(clientConfig(record.region));
  try {
    let stack;
    try {
      stack = (await cfn.send(new DescribeStacksCommand({ StackName: record.stackArn ?? record.stackName }))).Stacks?.[0];
    } catch (e) {
      if (/does not exist/.test((e as Error).message)) stack = undefined;
      else throw e;
    }
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
      throw new CliError(`the stack ${record.stackName} recorded in ${recordPath} no longer exists in ${record.region ?? 'its region'}; deploy it again with \`calix deploy --stage ${stage}\``);
    }
    const template = JSON.parse((await cfn.send(new GetTemplateCommand({ StackName: stack.StackId, TemplateStage: 'Processed' }))).TemplateBody ?? '{}') as Template;
    const functions = await Promise.all(
      Object.entries(record.functions).map(async ([name, f]): Promise<FunctionStatus> => {
        const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.functionName }));
        // Stacks deployed before releases have no alias: status still reports them.
        const live = await lambda.send(new GetAliasCommand({ FunctionName: f.functionName, Name: LIVE_ALIAS })).then(
          (a) => a.FunctionVersion,
          (e: Error) => (e.name === 'ResourceNotFoundException' ? undefined : Promise.reject(e)),
        );
        return { name, functionName: f.functionName, memorySize: c.MemorySize, timeout: c.Timeout, runtime: c.Runtime, version: c.Version, ...(live ? { live } : {}), codeSha256: c.CodeSha256, lastModified: c.LastModified };
      }),
    );
    return {
      stackName: record.stackName,
      region: record.region,
      account: record.account,
      source: 'service',
      stackStatus: stack.StackStatus,
      stackUpdated: (stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString(),
      deployedAt: record.deployedAt,
      url: stack.Outputs?.find((o) => o.OutputKey === 'Url')?.OutputValue ?? record.url,
      customDomainUrl: stack.Outputs?.find((o) => o.OutputKey === 'CustomDomainUrl')?.OutputValue ?? record.customDomainUrl ?? null,
      ...((fnUrl) => (fnUrl ? { functionUrl: fnUrl } : {}))(stack.Outputs?.find((o) => o.OutputKey === 'FunctionUrl')?.OutputValue ?? record.functionUrl),
      functions,
      schedules: schedulesOf(template),
    };
  } finally {
    cfn.destroy();
    lambda.destroy();
  }
}

/** Service errors that mean "AWS cannot be asked from here" (status then reads the record). */
function unreachable(e: unknown): string | undefined {
  const setup = sdkSetupError(e, 'ask AWS');
  if (setup) return setup.message.replace(/^cannot ask AWS: /, '');
  const err = e as NodeJS.ErrnoException;
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(`${err?.code} ${err?.message}`)) return `cannot connect (${err.code ?? err.message})`;
  return undefined;
}

function render(s: Status): string {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`${label.padEnd(10)} ${text}`);
  const where = [s.region, s.account && `account ${s.account}`].filter(Boolean).join(', ');
  row('Stack', `${s.stackName}${s.stackStatus ? `  ${s.stackStatus}` : ''}${where ? `  (${where})` : ''}`);
  if (s.stackUpdated) row('Updated', s.stackUpdated);
  row('Deployed', `${s.deployedAt} by calix deploy`);
  row('URL', s.url ?? '(none)');
  if (s.customDomainUrl) row('Domain', s.customDomainUrl);
  if (s.functionUrl) row('Fn URL', s.functionUrl);
  const fns = s.functions.map((f) =>
    [f.name, f.memorySize === undefined ? '' : `${f.memorySize} MB`, f.timeout === undefined ? '' : `${f.timeout} s`, f.runtime ?? '', f.live ? `${LIVE_ALIAS} v${f.live}` : (f.version ?? ''), f.codeSha256 ? `code ${f.codeSha256.slice(0, 12)}…` : f.functionName, f.lastModified ? `modified ${f.lastModified}` : ''],
  );
  const widths = fns.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  // Columns the source could not fill (no service: only names) are left out, not padded.
  fns.forEach((r, i) => row(i === 0 ? 'Functions' : '', r.flatMap((c, j) => (widths[j] ? [c.padEnd(widths[j]!)] : [])).join('  ').trimEnd()));
  if (s.schedules?.length) {
    const w = Math.max(...s.schedules.map((x) => x.name.length));
    s.schedules.forEach((x, i) => row(i === 0 ? 'Schedules' : '', `${x.name.padEnd(w)}  ${x.expression}  ${x.state}`));
  } else if (s.schedules) row('Schedules', '(none)');
  return lines.join('\n') + '\n';
}

/** `calix status`: what is deployed for a stage. */
export async function statusCommand(o: StatusOptions): Promise<void> {
  const project = loadProject(o.projectDir);
  resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  let status: Status;
  try {
    status = await withTimeout(fromService(record, showPath(deployedFile(project.dir, o.stage)), o.stage), {
      timeout: o.timeout,
      doing: () => `asking CloudFormation and Lambda about ${record.stackName}`,
      check: 'check your network and AWS_ENDPOINT_URL, or raise --timeout',
    });
  } catch (e) {
    const why = unreachable(e);
    if (!why) {
      if (e instanceof CliError) throw e;
      throw new CliError(`cannot read the status of ${record.stackName}: ${(e as Error).name}: ${(e as Error).message}`);
    }
    status = { ...fromRecord(record), unreachable: why };
    process.stderr.write(ec.yellow(`Showing ${showPath(deployedFile(project.dir, o.stage))} only: could not ask AWS (${why}).\n`));
  }
  process.stdout.write(o.json ? JSON.stringify(status, null, 2) + '\n' : render(status));
  if (!o.json && status.source === 'record') process.stdout.write(oc.dim('(from the deploy record: live settings, code and schedules need AWS access)\n'));
}
