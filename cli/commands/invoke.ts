// `calix invoke NAME [--event file.json | -]`: runs one function of the app in this process,
// the way its deployed Lambda would (CALIX_HANDLER=NAME, the function's environment), and
// prints the result as JSON on stdout. The function's own output goes to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Manifest, TriggerManifest } from '../../src/manifest.js';
import { httpApiEvent, restApiEvent } from '../../src/emulation/http-events.js';
import { LocalTasks } from '../../src/emulation/tasks.js';
import { apiType } from '../../project/rules.js';
import { eventBridgeEvent, s3Event, scheduledEvent, snsEvent, sqsEvent } from '../../src/emulation/trigger-events.js';
import { loadApp } from '../../project/app-loader.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { functionModel, localFunctionName, ROUTER_FUNCTION as ROUTER } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { CliError } from '../errors.js';
import { err as ec } from '../ui.js';
import { onApiStage } from '../local/http-gateway.js';
import { lambdaContexts, localEnvironment } from '../local/lambda-context.js';
import { readDeployed } from '../deploy/deployed.js';
import { deployedFunctionName, describeFunctionError, invokeRemote } from '../deploy/remote-invoke.js';
import { DEFAULT_TIMEOUT, parseTimeout } from '../deploy/timeout.js';

export interface InvokeOptions {
  projectDir?: string;
  stage: string;
  /** A JSON file, or `-` for stdin. */
  event?: string;
  /** Invoke the deployed function (Lambda Invoke) instead of running it here. */
  remote?: boolean;
  /** With --remote: how long to wait for Lambda. @default 30m */
  timeout?: string;
}

// The account and region the sample events name (the same as calix/testing's builders).
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const arn = (service: string, name: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${name}`;

/** S3's concrete event for a wildcard type, for the sample record. */
const S3_SAMPLE_TYPE: Record<string, string> = {
  ObjectCreated: 'Put', ObjectRemoved: 'Delete', ObjectRestore: 'Completed', ObjectTagging: 'Put',
  LifecycleExpiration: 'Delete', Replication: 'OperationFailedReplication',
};

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => (text += d));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

/** Reads `--event`: a usage mistake (exit 2) when the file is missing or not JSON. */
async function readEvent(spec: string): Promise<unknown> {
  const label = spec === '-' ? 'stdin' : spec;
  let text: string;
  if (spec === '-') text = await readStdin();
  else {
    try {
      text = readFileSync(spec, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`--event ${spec}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a JSON file' : (e as Error).message}`, 2);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    let why = (e as Error).message;
    // Older Nodes say only "at position N": add the line and column.
    const pos = /at position (\d+)$/.exec(why);
    if (pos) {
      const before = text.slice(0, Number(pos[1])).split('\n');
      why += ` (line ${before.length} column ${before[before.length - 1]!.length + 1})`;
    }
    throw new CliError(`--event ${label} is not valid JSON: ${why}`, 2);
  }
}

/** A sample value for each key of an EventBridge pattern: its first literal, or one a prefix/exists matcher accepts. */
function sampleOf(pattern: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(pattern)) {
    if (!Array.isArray(want)) {
      if (want && typeof want === 'object') out[key] = sampleOf(want as Record<string, unknown>);
      continue;
    }
    const literal = want.find((w) => w === null || typeof w !== 'object');
    if (literal !== undefined) out[key] = literal;
    else {
      const op = want[0] as Record<string, unknown> | undefined;
      if (typeof op?.prefix === 'string') out[key] = `${op.prefix}sample`;
      else if (op?.exists === true) out[key] = 'sample';
    }
  }
  return out;
}

/** The event AWS would send the function, with sample contents; and a few words on it. */
export function sampleEvent(name: string, manifest: Manifest, stage: StageConfig): { event: unknown; about: string } {
  if (name === ROUTER) {
    // The event the stage's API sends: an HTTP API's payload format 2.0, else a REST proxy event.
    if (apiType(stage) === 'http') return { event: onApiStage(httpApiEvent({ method: 'GET', path: '/' }), stage.apiGatewayStage), about: 'an API Gateway HTTP API event (payload format 2.0) for GET /' };
    return { event: restApiEvent({ method: 'GET', path: '/', stage: stage.apiGatewayStage }), about: 'an API Gateway REST event for GET /' };
  }
  const t = manifest.triggers.find((x) => x.name === name) as TriggerManifest;
  switch (t.kind) {
    case 'schedule':
      return { event: scheduledEvent(localFunctionName(stage, name)), about: `a scheduled event (${t.expression})` };
    case 's3': {
      const type = t.events[0] ?? 's3:ObjectCreated:*';
      const [, group = 'ObjectCreated', detail] = type.split(':');
      const eventName = detail === '*' ? `${group}:${S3_SAMPLE_TYPE[group] ?? 'Put'}` : type;
      const key = `${t.prefix ?? ''}sample${t.suffix ?? '.txt'}`;
      return { event: s3Event({ bucket: t.bucket, key, eventName }), about: `an S3 ${eventName.replace(/^s3:/, '')} event for s3://${t.bucket}/${key}` };
    }
    case 'sqs':
      return { event: sqsEvent(t.queueArn ?? arn('sqs', t.queue!), [{ sample: true }]), about: `an SQS batch of one message, {"sample":true}, from ${t.queueArn ?? t.queue}` };
    case 'sns':
      return { event: snsEvent(t.topicArn ?? arn('sns', t.topic!), { sample: true }), about: `an SNS notification, {"sample":true}, from ${t.topicArn ?? t.topic}` };
    case 'eventbridge': {
      const s = sampleOf(t.pattern);
      const event = eventBridgeEvent({
        source: typeof s.source === 'string' ? s.source : 'calix.sample',
        detailType: typeof s['detail-type'] === 'string' ? s['detail-type'] : 'Sample Event',
        detail: s.detail && typeof s.detail === 'object' ? s.detail : {},
      });
      return { event, about: `an EventBridge event built from its pattern (source ${event.source})` };
    }
    case 'function':
    case 'task':
      return { event: {}, about: 'the payload {}' };
  }
}

/** The function names `invoke` takes, one a line, with what each is. */
function functionList(manifest: Manifest): string {
  const rows: [string, string][] = [[ROUTER, 'the router (API Gateway events)']];
  for (const t of manifest.triggers) {
    const what =
      t.kind === 'schedule' ? `schedule ${t.expression}`
      : t.kind === 's3' ? `S3 ${t.bucket}${t.prefix || t.suffix ? ` ${t.prefix ?? ''}*${t.suffix ?? ''}` : ''}`
      : t.kind === 'sqs' ? `SQS ${t.queue ?? t.queueArn}`
      : t.kind === 'sns' ? `SNS ${t.topic ?? t.topicArn}`
      : t.kind === 'eventbridge' ? 'EventBridge'
      : t.kind === 'task' ? `task${t.queue ? ' (queued)' : ''}`
      : 'lambdaFunction';
    rows.push([t.name, what]);
  }
  const width = Math.max(...rows.map(([n]) => n.length));
  return rows.map(([n, w]) => `  ${n.padEnd(width)}  ${w}`).join('\n');
}

/** The error's first stack frame in the user's sources (source-mapped), with its line of code. */
function userFrame(err: unknown, projectDir: string): string {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  for (const line of stack.split('\n')) {
    const m = /^\s+at (?:.*\()?(?:file:\/\/)?(\/[^():]+):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const file = m[1]!;
    if (file.includes('/node_modules/') || file.includes(join('.calix', 'build')) || !file.startsWith(projectDir)) continue;
    const code = existsSync(file) ? readFileSync(file, 'utf8').split('\n')[Number(m[2]) - 1]?.trim() : undefined;
    return `\n  at ${relative(process.cwd(), file) || file}:${m[2]}:${m[3]}${code ? `\n    ${code}` : ''}`;
  }
  return '';
}

const describeError = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}` : `a non-Error value was thrown: ${JSON.stringify(e) ?? String(e)}`;

export async function invokeCommand(name: string, o: InvokeOptions): Promise<void> {
  if (o.remote) {
    try {
      return await invokeRemoteCommand(name, o);
    } finally {
      // Loading the app for a sample event may leave its timers or sockets open.
      setTimeout(() => process.exit(), 0).unref();
    }
  }
  if (o.timeout !== undefined) throw new CliError('--timeout applies to --remote only (a local invoke uses the function\'s own timeout from .calix/config.json)', 2);
  // Whatever the app writes to stdout (console.log while loading or running) goes to stderr,
  // as it would go to the function's logs: stdout carries only the result.
  const stdoutWrite = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) => process.stderr.write(...args)) as typeof process.stdout.write;
  let text: string;
  let taskFailure: string | undefined;
  try {
    ({ text, taskFailure } = await invoke(name, o));
  } finally {
    process.stdout.write = stdoutWrite;
    // Like Lambda, the invocation ends when the handler settles: timers or sockets the app
    // left open do not keep the command running.
    setTimeout(() => process.exit(), 0).unref();
  }
  process.stdout.write(text + '\n');
  // The function answered; a task it sent failed afterwards: the result stands, the exit code says so.
  if (taskFailure) throw new CliError(taskFailure);
}

/**
 * `calix invoke NAME --remote`: Lambda Invoke of the deployed function named in the deploy
 * record, with its log tail (stderr) and result (stdout), as `chalice invoke` does.
 */
async function invokeRemoteCommand(name: string, o: InvokeOptions): Promise<void> {
  const timeout = o.timeout ?? DEFAULT_TIMEOUT;
  parseTimeout(timeout);
  const project = loadProject(o.projectDir);
  const stage = resolveStage(project, o.stage);
  const record = readDeployed(project.dir, o.stage);
  const functionName = deployedFunctionName(record, name, o.stage);
  let event: unknown;
  if (o.event !== undefined) event = await readEvent(o.event);
  else {
    // The router's sample needs no app; a trigger's is built from its declaration, so the app is loaded.
    const manifest = name === ROUTER ? ({ app: stage.app, routes: [], triggers: [] } as unknown as Manifest) : await manifestOf(o);
    if (name !== ROUTER && !manifest.triggers.some((t) => t.name === name)) {
      throw new CliError(`the app no longer declares "${name}"; pass the event with --event FILE (the deployed ${functionName} still exists until the next deploy)`, 2);
    }
    const sample = sampleEvent(name, manifest, stage);
    event = sample.event;
    process.stderr.write(ec.dim(`calix invoke: no --event; sending ${sample.about}`) + '\n');
  }
  const result = await invokeRemote({ record, functionName, event, timeout });
  if (result.logTail) process.stderr.write(ec.dim(result.logTail.trimEnd()) + '\n');
  if (result.functionError) throw new CliError(`${name} (${functionName}) failed: ${describeFunctionError(result.payload)}`);
  process.stdout.write(result.payload + '\n');
}

/** Loads the app for its manifest; what it prints while loading goes to stderr, as in a local invoke. */
async function manifestOf(o: InvokeOptions): Promise<Manifest> {
  const stdoutWrite = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) => process.stderr.write(...args)) as typeof process.stdout.write;
  try {
    return (await loadApp(o.projectDir, o.stage)).manifest;
  } finally {
    process.stdout.write = stdoutWrite;
  }
}

async function invoke(name: string, o: InvokeOptions): Promise<{ text: string; taskFailure?: string }> {
  // A broken config, then a bad event file, are found before the (slower) build.
  resolveStage(loadProject(o.projectDir), o.stage);
  const given = o.event !== undefined ? { event: await readEvent(o.event) } : undefined;

  // The function's environment (the stage model's, as deployed), set before the app loads.
  const { manifest, handler, stage, project } = await loadApp(o.projectDir, o.stage, {
    environment: (stage) => localEnvironment(stage, name),
  });
  const settings = functionModel(stage, name).settings;
  if (name !== ROUTER && !manifest.triggers.some((t) => t.name === name)) {
    throw new CliError(`${manifest.app} has no function named "${name}". Its functions:\n${functionList(manifest)}`, 2);
  }

  let event: unknown;
  if (given) event = given.event;
  else {
    const sample = sampleEvent(name, manifest, stage);
    event = sample.event;
    process.stderr.write(ec.dim(`calix invoke: no --event; sending ${sample.about}`) + '\n');
  }

  const timeout = settings.timeout * 1000;
  const context = lambdaContexts(stage, name)();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CliError(`${name} timed out after ${settings.timeout} s (its timeout in .calix/config.json)`)), timeout);
  });
  // Tasks the function sends run here after it answers, each as its own function; their lines go to stderr.
  const tasks = new LocalTasks(
    (task, payload) => {
      if (!manifest.triggers.some((t) => t.kind === 'task' && t.name === task)) throw new Error(`${manifest.app} has no task named "${task}"`);
      return handler(payload, lambdaContexts(stage, task, task)());
    },
    (run, ms) =>
      process.stderr.write(
        (run.ok ? ec.dim(`TASK ${run.name} ok ${ms.toFixed(1)}ms`) : ec.red(`TASK ${run.name} failed ${ms.toFixed(1)}ms: ${describeError(run.error)}${userFrame(run.error, project.dir)}`)) + '\n',
      ),
  );
  let result: unknown;
  try {
    const [value, startTasks] = await Promise.race([tasks.capture(() => handler(event, context)), timedOut]);
    result = value;
    startTasks();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${name} failed: ${describeError(e)}${userFrame(e, project.dir)}`);
  } finally {
    clearTimeout(timer);
  }
  let text: string;
  try {
    // Lambda returns the result serialized as JSON: undefined becomes null.
    text = JSON.stringify(result === undefined ? null : result, null, 2);
  } catch (e) {
    throw new CliError(`${name} returned a result that is not JSON-serializable: ${(e as Error).message}`);
  }
  const taskFailure = await tasks.settled().then(
    () => undefined,
    (e: Error) => `${e.message} (sent by ${name}; its result is above)`,
  );
  return { text, taskFailure };
}
