import type { Calix } from '../app.js';
import type { ApiGatewayResult } from '../aws-types.js';
import { lambdaContext } from '../emulation/context.js';
import { functionUrlEvent, httpApiEvent, restApiEvent, type FunctionUrlIamCaller, type HttpEventInit } from '../emulation/http-events.js';
import { LocalTasks, type TaskRun } from '../emulation/tasks.js';
import { STREAM } from '../http/response.js';
import { STREAM_RESULTS } from '../http/stream.js';
import { HeaderMap } from '../http/headers.js';
import { rawParams } from '../routing/path.js';
import { authorize, gatewayResult, type TestAuth } from './authorize.js';
import { createEventClient } from './event-client.js';
import { assertLoaded } from './loaded.js';
import { checkVitestDecorators } from './vitest-check.js';
import { VALIDATE_RESPONSES } from '../schema/validate.js';

// Runs when calix/testing is imported, before the test file's own code (see ./vitest-check.ts).
checkVitestDecorators();

export { restApiEvent, httpApiEvent, functionUrlEvent, type HttpEventInit, type FunctionUrlEventInit, type FunctionUrlIamCaller } from '../emulation/http-events.js';
export {
  s3Event, sqsEvent, snsEvent, eventBridgeEvent, scheduledEvent, encodeS3Key,
  type S3EventInit, type SqsMessageInit, type SnsEventInit, type EventBridgeEventInit,
} from '../emulation/trigger-events.js';
export type { TestAuth } from './authorize.js';
export { createEventClient, type EventResult, type EventClient } from './event-client.js';
export type { TaskRun, SentTask } from '../emulation/tasks.js';

export interface RequestOptions {
  headers?: Record<string, string | readonly string[]>;
  query?: Record<string, string | readonly string[]>;
  /** Sent as the JSON body, with `Content-Type: application/json`. */
  json?: unknown;
  /** Raw body (bytes are sent base64-encoded, as API Gateway does for binary types). */
  body?: string | Uint8Array;
  /**
   * The caller a protected route's authorizer let through: `{ claims }` (Cognito user pool),
   * `{ principalId, context? }` (custom authorizer) or `{ iam: true }` (IAM). Without it a protected
   * route answers as the deployed API does to a caller without credentials: 401 (Cognito, custom),
   * 403 (IAM); a custom authorizer whose header the request carries runs and its policy decides.
   */
  auth?: TestAuth;
  /** Shorthand for `auth: { claims }`: Cognito claims to place in the request context (on any route). */
  claims?: Record<string, unknown>;
  /**
   * Event format: 1 = REST API proxy (default, what `calix deploy` creates), 2 = HTTP API,
   * `'url'` = a Function URL with `stream: true`: a streamed body (`Response.stream`, `Response.sse`)
   * is read chunk by chunk (`chunks`), where 1 and 2 get it collected, as API Gateway does.
   */
  version?: 1 | 2 | 'url';
  /** `version: 'url'` only: the signed caller of an `AWS_IAM` URL (`requestContext.authorizer.iam`). */
  iam?: FunctionUrlIamCaller;
  stage?: string;
  stageVariables?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  /** Response headers, case-insensitive (multi-value headers and cookies included). */
  headers: HeaderMap;
  /** Set-Cookie values. */
  cookies: string[];
  /** Body as text (binary bodies decoded from base64 to UTF-8; use `bytes` for those). */
  body: string;
  bytes: Uint8Array;
  /**
   * The body as it was written: each chunk of a streamed body (`version: 'url'`) in order; otherwise
   * the whole body as one chunk (none when it is empty).
   */
  chunks: Uint8Array[];
  /** Whether the body was streamed (a `Response.stream`/`Response.sse` body through `version: 'url'`). */
  streamed: boolean;
  json<T = any>(): T;
  /** The result object the handler returned to Lambda. */
  raw: ApiGatewayResult;
  /** The event that was sent. */
  event: unknown;
}

/** A result whose body is still a stream: its chunks, read to the end, then the body they make. */
async function readStreamed(raw: ApiGatewayResult, event: unknown): Promise<TestResponse> {
  const source = (raw as { [STREAM]?: AsyncIterable<Uint8Array> })[STREAM];
  if (!source) return readResult(raw, event);
  const chunks: Uint8Array[] = [];
  for await (const c of source) chunks.push(c);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const res = readResult({ ...raw, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true }, event);
  return { ...res, raw, chunks, streamed: true };
}

function readResult(raw: ApiGatewayResult, event: unknown): TestResponse {
  const headers = HeaderMap.fromEvent(undefined, raw.headers);
  const multi = 'multiValueHeaders' in raw ? raw.multiValueHeaders : undefined;
  for (const [k, vs] of Object.entries(multi ?? {})) for (const v of vs) headers.add(k, v);
  const cookies = [...('cookies' in raw && raw.cookies ? raw.cookies : []), ...(multi?.['Set-Cookie'] ?? [])];
  for (const c of 'cookies' in raw && raw.cookies ? raw.cookies : []) headers.add('set-cookie', c);
  const bytes = raw.isBase64Encoded ? new Uint8Array(Buffer.from(raw.body, 'base64')) : new Uint8Array(Buffer.from(raw.body ?? '', 'utf8'));
  const body = raw.isBase64Encoded ? Buffer.from(bytes).toString('utf8') : (raw.body ?? '');
  return {
    status: raw.statusCode, headers, cookies, body, bytes, raw, event,
    chunks: bytes.length ? [bytes] : [],
    streamed: false,
    json: () => JSON.parse(body),
  };
}

export interface TestClientOptions {
  /**
   * Checks every handler's response against its route's `response` schema for that status: a
   * mismatch answers 500 and logs the issues (console.error). For this client's requests only,
   * whatever the app's own `validateResponses` says. @default false
   */
  validateResponses?: boolean;
}

/**
 * Calls an app the way API Gateway does, without deploying: each request becomes a full
 * API Gateway event (REST v1 by default) passed to `app.handler`.
 */
export function createTestClient(app: Calix, options: TestClientOptions = {}) {
  const routerContext = () => {
    const context = lambdaContext({ functionName: 'calix-test' });
    // Non-enumerable, on a global symbol: invisible to handlers that log their context.
    if (options.validateResponses) Object.defineProperty(context, VALIDATE_RESPONSES, { value: true });
    return context;
  };
  // Tasks sent by requests and events run here, after the response (see client.tasks).
  const tasks = new LocalTasks(
    (name, payload) => {
      const t = app.triggers.get(name);
      if (t?.manifest.kind !== 'task') throw new Error(`Calix: no task is named "${name}" in app ${app.name}`);
      return app.handler(payload, lambdaContext({ functionName: `calix-test-${name}`, target: name }));
    },
    (run) => {
      if (!run.ok) console.error(`Calix: task "${run.name}" failed:`, run.error);
    },
  );
  async function request(method: string, path: string, o: RequestOptions = {}): Promise<TestResponse> {
    assertLoaded(app);
    const headers: Record<string, string | readonly string[]> = { ...o.headers };
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    // Like API Gateway, match the route first so the event carries `resource` and `pathParameters`.
    const pathname = path.split('?')[0]!;
    const found = await app.table.find(pathname);
    const init: HttpEventInit = {
      method, path, headers, query: o.query, body, claims: o.claims, stage: o.stage, stageVariables: o.stageVariables,
      resource: found?.entry.template ?? '/{proxy+}',
      // REST (v1) events carry the parameters still percent-encoded; HTTP APIs (v2) decode them.
      pathParameters: found ? (o.version === 2 ? found.params : rawParams(found.entry.template, pathname)) : { proxy: pathname.slice(1) },
    };
    if (!found && o.version === 2) init.resource = undefined;
    if (o.version === 'url') {
      // Nothing runs before the router behind a URL: it refuses routes whose authorizer or API key API Gateway checks.
      const { resource: _r, pathParameters: _p, claims: _c, stage: _s, stageVariables: _v, ...url } = init;
      const event = functionUrlEvent({ ...url, iam: o.iam });
      const context = routerContext();
      Object.defineProperty(context, STREAM_RESULTS, { value: true });
      return readStreamed(await app.handler(event, context), event);
    }
    const event = o.version === 2 ? httpApiEvent(init) : restApiEvent(init);
    // API Gateway runs the route's authorizer before the router Lambda (a CORS preflight has none).
    const authorizer = found?.entry.byMethod.get(method.toUpperCase())?.authorizer;
    if (authorizer) {
      const refused = await authorize(app, authorizer, event, o.auth ?? (o.claims ? { claims: o.claims } : undefined), (name) => lambdaContext({ functionName: 'calix-test', target: name }));
      if (refused) return readResult(gatewayResult(refused), event);
    }
    const [raw, start] = await tasks.capture(() => app.handler(event, routerContext()));
    start();
    return readResult(raw, event);
  }
  const verb = (m: string) => (path: string, o?: RequestOptions) => request(m, path, o);
  return {
    app,
    http: {
      request,
      get: verb('GET'),
      post: verb('POST'),
      put: verb('PUT'),
      patch: verb('PATCH'),
      delete: verb('DELETE'),
      head: verb('HEAD'),
      options: verb('OPTIONS'),
    },
    /** Trigger events (schedule, S3, SQS, SNS, EventBridge, direct invoke) sent through `app.handler`. */
    events: createEventClient(app, tasks),
    /**
     * Tasks sent by this client's requests and events: each runs in this process after the
     * response that sent it, through `app.handler` as its own function; a failure is logged
     * (console.error) and reported by `settled()`.
     */
    tasks: {
      /** Waits for every sent task (and those they send); resolves to the runs since the last call, rejects if one failed. */
      settled: (): Promise<TaskRun[]> => tasks.settled(),
      /** Every run so far, failures included, in the order they finished. */
      get runs(): readonly TaskRun[] {
        return tasks.runs;
      },
      /** Runs the task `name` now with `payload` (through JSON, as Lambda does) and resolves to its result. */
      invoke: async <R = unknown>(name: string, payload: unknown): Promise<R> => {
        assertLoaded(app);
        return (await tasks.runNow(name, JSON.parse(JSON.stringify(payload ?? null)))) as R;
      },
    },
  };
}

export type TestClient = ReturnType<typeof createTestClient>;
