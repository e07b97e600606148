import * as esbuild from 'esbuild';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ApiGatewayV1Result } from '../../src/aws-types.js';
import type { Manifest } from '../../src/manifest.js';
import { bundleOptions, formatBuildErrors, loadBundle, type LoadedApp } from '../../project/app-loader.js';
import { loadProject, resolveStage } from '../../project/config.js';
import { ROUTER_FUNCTION } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { CliError } from '../errors.js';
import { err as ec, out as oc, routeTable } from '../ui.js';
import { localGateway, readBody, type LocalGateway } from './gateway.js';
import { MALFORMED_RESULT, toHttpAnswer } from './result.js';
import { lambdaContexts, localEnvironment } from './lambda-context.js';
import { LocalAuth } from './auth.js';
import { ScheduleRunner } from './schedules.js';
import { watchConfig } from './config-watch.js';
import { explainMissingRoute } from './missing-route.js';
import { LAMBDA_REQUEST_LIMIT, LAMBDA_RESPONSE_LIMIT, mb, overLimit } from './payload-limits.js';

export interface LocalServerOptions {
  projectDir?: string;
  stage: string;
  port: number;
  host: string;
  watch: boolean;
  /** No per-request log lines. */
  quiet?: boolean;
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
  close(): Promise<void>;
}

interface Current {
  app: LoadedApp;
  gateway: LocalGateway;
}

function send(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Buffer): void {
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Writes a Lambda proxy result the way API Gateway turns it into an HTTP response; a result it
 * could not send (a CR/LF in a header, a bad status) is its 502, with the reason returned for the log.
 */
function writeResult(res: ServerResponse, result: ApiGatewayV1Result, requestId: string): { status: number; problem?: string } {
  const a = toHttpAnswer(result, requestId);
  const answer = 'problem' in a ? MALFORMED_RESULT : a;
  send(res, answer.status, { ...answer.headers }, answer.body);
  return 'problem' in a ? { status: answer.status, problem: a.problem } : { status: answer.status };
}

const isResult = (r: unknown): r is ApiGatewayV1Result =>
  !!r && typeof r === 'object' && typeof (r as { statusCode?: unknown }).statusCode === 'number';

/**
 * `calix local`: serves the app over HTTP the way API Gateway REST + the router Lambda
 * would, rebuilding on change and swapping handlers without dropping in-flight requests.
 */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const log = opts.log ?? ((l: string) => process.stdout.write(l + '\n'));
  const logError = opts.logError ?? ((l: string) => process.stderr.write(l + '\n'));
  const project = loadProject(opts.projectDir);
  let stage!: StageConfig;
  let routerContext!: ReturnType<typeof lambdaContexts>;
  // Authorizer checks (Cognito JWKS caches, custom authorizers' policy cache) outlive app reloads;
  // a config reload starts them afresh with the new settings.
  let auth!: LocalAuth;
  const envBefore = { ...process.env };
  let envSet: string[] = [];
  /** Applies a stage's settings; on a config reload, variables the new stage drops are restored. */
  const applyStage = (next: StageConfig) => {
    // The router's environment as deployed (lambdaFunctions.api included), from the stage model.
    const env = localEnvironment(next, ROUTER_FUNCTION);
    for (const k of envSet) if (!(k in env)) envBefore[k] === undefined ? delete process.env[k] : (process.env[k] = envBefore[k]);
    Object.assign(process.env, env);
    envSet = Object.keys(env);
    stage = next;
    routerContext = lambdaContexts(stage, ROUTER_FUNCTION);
    auth = new LocalAuth(stage);
  };
  applyStage(resolveStage(project, opts.stage));

  let current: Current | undefined;
  let generation = 0;
  // Armed once the server listens; each reload re-reads the schedules (firings use `current`).
  let schedules: ScheduleRunner | undefined;
  const outfile = join(project.dir, '.calix', 'build', `local-${opts.stage}`, 'index.mjs');

  const swap = async (): Promise<void> => {
    const app = await loadBundle(outfile, stage.main, project.dir);
    current = { app, gateway: localGateway(app.manifest, stage) };
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
      ...(buildOptions.plugins ?? []),
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
              if (!opts.quiet) log(routeTable(current!.app.manifest));
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
    const live = current!; // in-flight requests keep the build they started with
    const requestId = randomUUID();
    const body = await readBody(req);
    let status: number;
    if (body === undefined) {
      const a = live.gateway.edge(413, 'Request Too Long', 'RequestTooLongException', req.headers.origin);
      send(res, a.status, a.headers, a.body);
      status = a.status;
    } else {
      let routed = live.gateway.route(req.method ?? 'GET', req.url ?? '/', req.rawHeaders, body, req.socket.remoteAddress ?? '127.0.0.1');
      if (!('answer' in routed) && routed.authorizer) {
        // API Gateway's authorizer, between routing and the router Lambda.
        const denied = await auth.authorize(routed.authorizer, routed.event, live.app.handler);
        if (denied) {
          const line = `  ${denied.status} from authorizer "${routed.authorizer.name}": ${denied.reason}`;
          if (denied.status >= 500) logError(ec.red(line));
          else if (!opts.quiet) log(oc.yellow(line));
          routed = { answer: { ...live.gateway.edge(denied.status, '', denied.type, req.headers.origin), body: denied.body } };
        }
      }
      const eventBytes = 'answer' in routed ? undefined : overLimit(routed.event, LAMBDA_REQUEST_LIMIT);
      if (eventBytes) {
        logError(ec.yellow(`  413: the event for ${req.method} ${req.url} is ${mb(eventBytes)} of JSON; Lambda's synchronous invocation payload is at most ${mb(LAMBDA_REQUEST_LIMIT)} (the deployed API answers the same)`));
        routed = { answer: live.gateway.edge(413, 'Request Too Long', 'RequestTooLongException', req.headers.origin) };
      }
      if ('answer' in routed && routed.answer.headers['x-amzn-ErrorType'] === 'MissingAuthenticationTokenException' && !opts.quiet) {
        const path = (req.url ?? '/').split('?')[0]!;
        log(oc.yellow(`  403 Missing Authentication Token: ${explainMissingRoute(live.app.manifest, req.method ?? 'GET', path, live.gateway.hasPath(path))}`));
      }
      if ('answer' in routed) {
        send(res, routed.answer.status, routed.answer.headers, routed.answer.body);
        status = routed.answer.status;
      } else {
        try {
          const result = await live.app.handler(routed.event, routerContext());
          if (!isResult(result)) throw new Error(`the handler returned ${JSON.stringify(result)?.slice(0, 200)}, not an API Gateway proxy result`);
          const resultBytes = overLimit(result, LAMBDA_RESPONSE_LIMIT);
          if (resultBytes) throw new Error(`the response is ${mb(resultBytes)} of JSON; Lambda's synchronous invocation response is at most ${mb(LAMBDA_RESPONSE_LIMIT)}: return a smaller body (e.g. a pre-signed S3 URL)`);
          const written = writeResult(res, result, requestId);
          if (written.problem) logError(ec.red(`Lambda result on ${req.method} ${req.url} cannot be sent: ${written.problem}`));
          status = written.status;
        } catch (e) {
          // Deployed, a Lambda that throws becomes API Gateway's 502.
          logError(ec.red(`Lambda error on ${req.method} ${req.url}: ${(e as Error).stack ?? e}`));
          const a = live.gateway.edge(502, 'Internal server error', 'InternalServerErrorException', req.headers.origin);
          send(res, a.status, a.headers, a.body);
          status = 502;
        }
      }
    }
    if (!opts.quiet) {
      const color = status >= 500 ? oc.red : status >= 400 ? oc.yellow : oc.green;
      log(`${req.method} ${req.url} ${color(String(status))} ${(performance.now() - started).toFixed(1)}ms`);
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
      stage,
      speed: opts.schedules.speed,
      quiet: opts.quiet,
      log,
      logError: (l) => logError(ec.red(l)),
      colors: { ok: oc.green, bad: (s) => s, dim: oc.dim },
      invoke: (event, context) => current!.app.handler(event, context),
    });
    schedules.update(current!.app.manifest);
  }
  // .calix/config.json edits: the stage's settings and environment apply to a fresh load of the app.
  const configWatch = opts.watch
    ? watchConfig(project.configFile, () => {
        void (async () => {
          try {
            applyStage(resolveStage(loadProject(project.dir), opts.stage));
            await swap();
            log(oc.green(`Reloaded .calix/config.json (stage ${stage.stage}, build ${generation})`));
            if (!opts.quiet) log(routeTable(current!.app.manifest));
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
    manifest: () => current!.app.manifest,
    schedules,
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
