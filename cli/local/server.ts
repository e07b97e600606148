import * as esbuild from 'esbuild';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LambdaContext } from '../../src/aws-types.js';
import { LocalTasks } from '../../src/emulation/tasks.js';
import type { Manifest } from '../../src/manifest.js';
import { bundleOptions, formatBuildErrors, loadBundle, type LoadedApp } from '../../project/app-loader.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { apiType } from '../../project/rules.js';
import { localFunctionName, ROUTER_FUNCTION as ROUTER } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { CliError } from '../errors.js';
import { err as ec, out as oc, routeTable } from '../ui.js';
import { LocalAuth, type InvokeFunction } from './auth.js';
import { watchConfig } from './config-watch.js';
import { localGateway, type ApiGateway, type GatewayLog, type GatewayRequest } from './gateway.js';
import { lambdaContexts, localEnvironment } from './lambda-context.js';
import { AWS_LIMITS } from './payload-limits.js';
import { STREAM_RESULTS } from '../../src/http/stream.js';
import { loadMatcher } from '../../src/routing/table.js';
import { ScheduleRunner } from './schedules.js';

export interface LocalServerOptions {
  projectDir?: string;
  stage: string;
  port: number;
  host: string;
  watch: boolean;
  /** No per-request log lines. */
  quiet?: boolean;
  /** Check handlers' results against their routes' `response` schemas (a mismatch is a 500 with the issues logged). */
  validateResponses?: boolean;
  log?: (line: string) => void;
  logError?: (line: string) => void;
  /** Also fire the app's schedule triggers on their rate/cron (`--schedules`); `speed` is for tests. */
  schedules?: { speed?: number };
}

export interface LocalServer {
  url: string;
  server: Server;
  stage: StageConfig;
  manifest(): Manifest;
  /** The schedule timers, with `schedules` on. */
  schedules?: ScheduleRunner;
  /** Tasks the app sent, run in this process after the response that sent them. */
  tasks: LocalTasks;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Uint8Array): void {
  res.writeHead(status, { ...headers, 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length) });
  res.end(body);
}

/**
 * A streamed body, chunk by chunk (chunked transfer encoding), each written as the handler produces
 * it. A failure after the status went out can only cut the response short: the connection is
 * destroyed, so the client sees an incomplete body rather than a complete wrong one.
 */
async function sendStream(res: ServerResponse, status: number, headers: Record<string, string | string[]>, chunks: AsyncIterable<Uint8Array>, logError: (line: string) => void): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return; // the client went away
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  } catch (e) {
    logError(ec.red(`Lambda error while streaming the response: ${(e as Error)?.stack ?? e}`));
    res.destroy();
  }
}

const EMPTY = new Uint8Array(0);

/** Reads a request body up to `limit` bytes; past it only its size is kept. */
function readBody(req: IncomingMessage, limit: number): GatewayRequest['body'] | Promise<GatewayRequest['body']> {
  // Most requests (GET, HEAD…) carry no body: answer without waiting for the stream's end.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return EMPTY;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return { size: declared };
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? { size } : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Node's flat [name, value, name, value...] list as header lines. */
function headerLines(raw: string[]): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) lines.push([raw[i]!, raw[i + 1]!]);
  return lines;
}

/**
 * `calix local`: serves the app over HTTP the way API Gateway (REST, or an HTTP API with
 * `api.type: "http"`) + the router Lambda would, rebuilding on change and swapping handlers
 * without dropping in-flight requests.
 */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const logError = opts.logError ?? ((l: string) => process.stderr.write(l + '\n'));
  const project = loadProject(opts.projectDir);
  let stage!: StageConfig;
  // Each function's Lambda contexts (its name, memory and timeout), made on first use per stage.
  let contexts = new Map<string, () => LambdaContext>();
  // Authorizer checks (Cognito JWKS caches, custom authorizers' policy cache) outlive app reloads;
  // a config reload starts them afresh with the new settings.
  let auth!: LocalAuth;
  const envBefore = { ...process.env };
  let envSet: string[] = [];
  /** Applies a stage's settings; on a config reload, variables the new stage drops are restored. */
  const applyStage = (next: StageConfig) => {
    // The router's environment as deployed (lambdaFunctions.api included), from the stage model.
    const env = { ...localEnvironment(next, ROUTER), ...(opts.validateResponses ? { CALIX_VALIDATE_RESPONSES: '1' } : {}) };
    for (const k of envSet) if (!(k in env)) envBefore[k] === undefined ? delete process.env[k] : (process.env[k] = envBefore[k]);
    Object.assign(process.env, env);
    envSet = Object.keys(env);
    stage = next;
    contexts = new Map();
    auth = new LocalAuth({ stage: stage.stage, settings: stage.authorizers, apiType: apiType(stage) });
  };
  applyStage(resolveStage(project, opts.stage));
  /**
   * Runs a function of `app` as its own Lambda would: the router as is, any other function told
   * which it is on its context (what CALIX_HANDLER says deployed), so calls may overlap.
   */
  const invokeIn = (app: LoadedApp): InvokeFunction => (fn, event, streams) => {
    let next = contexts.get(fn);
    if (!next) contexts.set(fn, (next = lambdaContexts(stage, fn, fn === ROUTER ? undefined : fn)));
    const context = next();
    // Non-enumerable, as the streaming handler sets it deployed (src/lambda-stream.ts).
    if (streams) Object.defineProperty(context, STREAM_RESULTS, { value: true });
    return app.handler(event, context);
  };
  const gatewayLog: GatewayLog = (level, line) => {
    if (level === 'error') logError(ec.red(line));
    else if (level === 'warn') logError(ec.yellow(line));
    else if (!opts.quiet) log(oc.yellow(line));
  };

  let current: { gateway: ApiGateway; invoke: InvokeFunction } | undefined;
  // A sent task runs after the response, as its own function, with the build current then.
  const tasks = new LocalTasks(
    (name, payload) => {
      const { gateway, invoke } = current!;
      if (!gateway.manifest.triggers.some((t) => t.kind === 'task' && t.name === name)) throw new Error(`no task is named "${name}" in this build of ${stage.main}`);
      return invoke(name, payload);
    },
    (run, ms) => {
      if (!run.ok) logError(ec.red(`TASK ${run.name} failed ${ms.toFixed(1)}ms: ${(run.error as Error)?.stack ?? String(run.error)}`));
      else if (!opts.quiet) log(`${oc.green(`TASK ${run.name} ok`)} ${ms.toFixed(1)}ms`);
    },
  );
  let generation = 0;
  // Armed once the server listens; each reload re-reads the schedules (firings use `current`).
  let schedules: ScheduleRunner | undefined;
  const outfile = join(project.dir, '.calix', 'build', `local-${opts.stage}`, 'index.mjs');

  const swap = async (): Promise<void> => {
    const app = await loadBundle(outfile, stage.main, project.dir);
    const invoke = invokeIn(app);
    // The gateway matches with the runtime's route table: its path-to-regexp module is loaded now,
    // not while the first request waits (a client that half-closes its socket would be cut off).
    await loadMatcher();
    const gateway = localGateway(app.manifest, stage, { invoke, auth, limits: AWS_LIMITS, log: gatewayLog });
    current = { gateway, invoke };
    for (const n of auth.notices(app.manifest)) {
      if (n.level === 'warn') logError(ec.yellow(`Warning: ${n.text}`));
      else if (!opts.quiet) log(oc.dim(n.text));
    }
    for (const line of schedules?.update(app.manifest) ?? []) log(oc.dim(line));
    generation++;
  };

  // The first build decides whether there is anything to serve; later ones swap handlers.
  let firstBuild!: (r: esbuild.BuildResult) => void;
  const firstResult = new Promise<esbuild.BuildResult>((resolve) => (firstBuild = resolve));
  let started = false;
  const buildOptions = bundleOptions(project.dir, stage.main, outfile, false);
  const ctx = await esbuild.context({
    ...buildOptions,
    plugins: [
      ...(buildOptions.plugins ?? []), // the decorator plugin, as when the CLI loads the app
      {
        name: 'calix-reload',
        setup(build) {
          build.onEnd(async (result) => {
            if (!started) {
              started = true;
              firstBuild(result);
              return;
            }
            if (result.errors.length) {
              logError(ec.red(`Build failed; still serving the last good build:\n${formatBuildErrors(result.errors)}`));
              return;
            }
            try {
              await swap();
              log(oc.green(`Reloaded ${stage.main} (build ${generation})`));
              if (!opts.quiet) log(routeTable(current!.gateway.manifest));
            } catch (e) {
              logError(ec.red(`Reload failed; still serving the last good build:\n${(e as Error).message}`));
            }
          });
        },
      },
    ],
  });
  try {
    if (opts.watch) await ctx.watch();
    else await ctx.rebuild().catch(() => undefined);
    const first = await firstResult;
    if (first.errors.length) throw new CliError(`cannot build ${stage.main}:\n${formatBuildErrors(first.errors)}`);
    await swap();
  } catch (e) {
    await ctx.dispose();
    throw e;
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const { gateway } = current!; // in-flight requests keep the build they started with
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const body = await readBody(req, gateway.limits.requestBody);
    const [answer, startTasks] = await tasks.capture(() => gateway.handle({
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers: headerLines(req.rawHeaders),
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    }));
    if (answer.stream) await sendStream(res, answer.status, answer.headers, answer.stream, logError);
    else send(res, answer.status, answer.headers, answer.body);
    startTasks();
    if (!opts.quiet) {
      const color = answer.status >= 500 ? oc.red : answer.status >= 400 ? oc.yellow : oc.green;
      log(`${req.method} ${url} ${color(String(answer.status))} ${(performance.now() - started).toFixed(1)}ms`);
    }
  };

  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    handle(req, res).catch((e) => {
      logError(ec.red(`calix local: ${(e as Error).stack ?? e}`));
      if (!res.headersSent) send(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'calix local failed' }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE'
            ? new CliError(`port ${opts.port} on ${opts.host} is in use; pick another with --port (or --port 0 for a free one)`)
            : new CliError(`cannot listen on ${opts.host}:${opts.port}: ${e.message}; pick another --host or --port`),
        ),
      );
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (e) {
    // The esbuild context (its watcher and service process) would keep the process alive.
    await ctx.dispose();
    throw e;
  }
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  if (opts.schedules) {
    schedules = new ScheduleRunner({
      functionName: (fn) => localFunctionName(stage, fn),
      speed: opts.schedules.speed,
      quiet: opts.quiet,
      log,
      logError: (l) => logError(ec.red(l)),
      colors: { ok: oc.green, bad: (s) => s, dim: oc.dim },
      invoke: async (fn, event) => {
        const [result, startTasks] = await tasks.capture(() => current!.invoke(fn, event));
        startTasks();
        return result;
      },
    });
    schedules.update(current!.gateway.manifest);
  }
  // .calix/config.json edits: the stage's settings and environment apply to a fresh load of the app.
  const configWatch = opts.watch
    ? watchConfig(project.configFile, () => {
        void (async () => {
          try {
            applyStage(resolveStage(loadProject(project.dir), opts.stage));
            await swap();
            log(oc.green(`Reloaded .calix/config.json (stage ${stage.stage}, build ${generation})`));
            if (!opts.quiet) log(routeTable(current!.gateway.manifest));
          } catch (e) {
            logError(ec.red(`Config reload failed; still serving with the previous settings:\n${(e as Error).message}`));
          }
        })();
      })
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    server,
    get stage() {
      return stage;
    },
    manifest: () => current!.gateway.manifest,
    schedules,
    tasks,
    close: () =>
      (closing ??= (async () => {
        schedules?.stop();
        configWatch?.close();
        await ctx.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
      })()),
  };
}
