// API Gateway REST in front of the router Lambda, for `calix local`: one class that takes a plain
// HTTP request and gives the plain HTTP response the deployed API would, with no socket involved
// (server.ts only translates HTTP to and from it; tests construct it directly).
import { randomUUID } from 'node:crypto';
import { STREAM } from '../../src/http/response.js';
import type { ApiGatewayV1Event, ApiGatewayV1Result } from '../../src/aws-types.js';
import type { Manifest } from '../../src/manifest.js';
import { rawParams } from '../../src/routing/path.js';
import { edgeCorsHeaders, stageModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';
import { restApiEvent } from '../../src/emulation/http-events.js';
import type { InvokeFunction, LocalAuth } from './auth.js';
import { EdgeValidation } from './edge-validation.js';
import { explainMissingRoute } from './missing-route.js';
import { mb, overLimit, type PayloadLimits } from './payload-limits.js';
import { ManifestGateway } from './manifest-gateway.js';
import { MALFORMED_RESULT, toHttpAnswer } from './result.js';
import { HttpApiGateway } from './http-gateway.js';

/** An HTTP request as it reached the server. */
export interface GatewayRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  path: string;
  /** The raw query string without `?`; '' when there is none. */
  query: string;
  /** Header lines in the order received, repeated names kept. */
  headers: readonly (readonly [name: string, value: string])[];
  /**
   * The body's bytes; or only its size when it exceeds `limits.requestBody` (the transport need
   * not keep what API Gateway refuses anyway).
   */
  body: Uint8Array | { size: number };
  /** @default '127.0.0.1' */
  sourceIp?: string;
}

/** The HTTP response to send; a header with several values is sent as several lines. */
export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array;
  /**
   * A streamed body (`Response.stream`/`sse` on a stage whose Function URL streams): its chunks,
   * to send as they come, in place of `body` (then empty).
   */
  stream?: AsyncIterable<Uint8Array>;
}

/**
 * Headers API Gateway adds to the answers it gives itself (gateway responses: 401, 403, 413,
 * 502...) so a browser sees the error rather than a CORS failure, in the deployed gateway
 * responses' mapping syntax: `'value'` or `method.request.header.origin` (the stage model's
 * `api.gatewayResponseHeaders`).
 */
export type EdgeCors = Readonly<Record<string, string>>;

/**
 * A line for the developer: `notice` (why the gateway answered as it did; may be hidden by
 * --quiet), `warn` and `error` (always shown).
 */
export type GatewayLog = (level: 'notice' | 'warn' | 'error', line: string) => void;

/**
 * What `calix local` serves through: API Gateway REST ({@link LocalGateway}) or an HTTP API
 * (`HttpApiGateway`) in front of the router, one plain request at a time.
 */
export interface ApiGateway {
  readonly manifest: Manifest;
  readonly limits: PayloadLimits;
  handle(req: GatewayRequest): Promise<GatewayResponse>;
}

/** What LocalGateway needs to know about the app and its stage; it computes none of it itself. */
export interface LocalGatewayOptions {
  /** The app's manifest: routes and authorizers. */
  readonly manifest: Manifest;
  /** The API's stage name (`apiGatewayStage`): the event's `requestContext.stage`. */
  readonly apiStage: string;
  /**
   * Runs the app's functions: `api` for every routed request, a custom authorizer's function for
   * its TOKEN event. Give one per build: the custom authorizers' policy cache is dropped when it changes.
   */
  readonly invoke: InvokeFunction;
  /** The authorizer checks (Cognito, IAM, custom); one outlives reloads so JWKS are fetched once. */
  readonly auth: LocalAuth;
  /** Headers on the gateway's own answers; undefined when no route uses CORS. */
  readonly edgeCors: EdgeCors | undefined;
  /**
   * The request validators of the deployed API (required parameters, JSON body models), from the
   * same route contracts the OpenAPI document is written from: `EdgeValidation.of(manifest)`.
   * @default none: every request reaches the router
   */
  readonly validation?: EdgeValidation;
  /** @default AWS_LIMITS (API Gateway's 10 MB request, Lambda's 6 MB event and result) */
  readonly limits?: PayloadLimits;
  /** @default none */
  readonly log?: GatewayLog;
  /**
   * Send streamed bodies chunk by chunk, as the router's Function URL does with `stream: true` (the
   * stage model's `url.invokeMode` RESPONSE_STREAM); otherwise they are collected first, as API
   * Gateway does (at most 6 MB). @default false
   */
  readonly streams?: boolean;
}

const MISSING_TOKEN = ['Missing Authentication Token', 'MissingAuthenticationTokenException'] as const;
const TOO_LONG = ['Request Too Long', 'RequestTooLongException'] as const;

const isResult = (r: unknown): r is ApiGatewayV1Result =>
  !!r && typeof r === 'object' && typeof (r as { statusCode?: unknown }).statusCode === 'number';

const bytes = (body: string | Uint8Array): Uint8Array => (typeof body === 'string' ? Buffer.from(body) : body);

/**
 * What API Gateway REST does with a request, then the router Lambda behind it: match the resource
 * (403 Missing Authentication Token for an unknown path or method), let a CORS path's preflight
 * through, run the route's authorizer, build the proxy event, enforce the payload limits (413),
 * invoke the router, and turn its result into the HTTP response (502 when it fails or is not one).
 */
export class LocalGateway extends ManifestGateway {
  constructor(private readonly o: LocalGatewayOptions) {
    super(o);
  }

  async handle(req: GatewayRequest): Promise<GatewayResponse> {
    const { method, path } = req;
    const what = `${method} ${path}${req.query ? `?${req.query}` : ''}`;
    if (!(req.body instanceof Uint8Array) || req.body.length > this.limits.requestBody) return this.edge(req, 413, ...TOO_LONG);
    const found = await this.table.find(path);
    const route = found?.entry.byMethod.get(method);
    // Without an OPTIONS route, a CORS path's preflight still reaches the router, which answers it
    // exactly as the deployed API's preflight does.
    if (!found || (!route && !(method === 'OPTIONS' && found.entry.cors))) {
      this.log('notice', `  403 Missing Authentication Token: ${explainMissingRoute(this.manifest, method, path, found !== undefined)}`);
      return this.edge(req, 403, ...MISSING_TOKEN);
    }
    const authorizer = route?.authorizer ? this.manifest.authorizers.find((a) => a.name === route.authorizer) : undefined;
    if (route?.authorizer && !authorizer) return this.edge(req, 401, 'Unauthorized', 'UnauthorizedException');
    const event = this.event(req, found.entry.template, rawParams(found.entry.template, path));
    if (authorizer) {
      // API Gateway's authorizer, between routing and the router Lambda.
      const denied = await this.o.auth.authorize(authorizer, event, this.o.invoke);
      if (denied) {
        this.log(denied.status >= 500 ? 'error' : 'notice', `  ${denied.status} from authorizer "${authorizer.name}": ${denied.reason}`);
        return { ...this.edge(req, denied.status, '', denied.type), body: bytes(denied.body) };
      }
    }
    // API Gateway's request validator runs after the authorizer, before the integration.
    const rejected = route && this.o.validation?.check(route.name, { method, query: req.query, headers: req.headers, body: req.body });
    if (rejected) {
      this.log('notice', `  400 ${rejected.message}: ${rejected.reason} (API Gateway's request validator answers the same; gateway response ${rejected.type})`);
      return this.edge(req, 400, rejected.message, 'BadRequestException');
    }
    const eventBytes = overLimit(event, this.limits.event);
    if (eventBytes) {
      this.log('warn', `  413: the event for ${what} is ${mb(eventBytes)} of JSON; Lambda's synchronous invocation payload is at most ${mb(this.limits.event)} (the deployed API answers the same)`);
      return this.edge(req, 413, ...TOO_LONG);
    }
    let result: unknown;
    try {
      result = await this.o.invoke('api', event, this.o.streams);
      if (!isResult(result)) throw new Error(`the handler returned ${JSON.stringify(result)?.slice(0, 200)}, not an API Gateway proxy result`);
      const resultBytes = overLimit(result, this.limits.result);
      if (resultBytes) throw new Error(`the response is ${mb(resultBytes)} of JSON; Lambda's synchronous invocation response is at most ${mb(this.limits.result)}: return a smaller body (e.g. a pre-signed S3 URL)`);
    } catch (e) {
      // Deployed, a Lambda that throws becomes API Gateway's 502.
      this.log('error', `Lambda error on ${what}: ${(e as Error)?.stack ?? e}`);
      return this.edge(req, 502, 'Internal server error', 'InternalServerErrorException');
    }
    // Deployed, x-amzn-RequestId is the id the Lambda saw in requestContext.
    const answer = toHttpAnswer(result, event.requestContext.requestId ?? randomUUID());
    if ('problem' in answer) {
      this.log('error', `Lambda result on ${what} cannot be sent: ${answer.problem}`);
      return { ...MALFORMED_RESULT, headers: { ...MALFORMED_RESULT.headers }, body: bytes(MALFORMED_RESULT.body) };
    }
    const chunks = (result as { [STREAM]?: AsyncIterable<Uint8Array> })[STREAM];
    return { status: answer.status, headers: answer.headers, body: bytes(answer.body), ...(chunks ? { stream: chunks } : {}) };
  }

  /** The proxy event API Gateway sends the router Lambda. */
  private event(req: GatewayRequest, resource: string, pathParameters: Record<string, string>): ApiGatewayV1Event {
    // A Map, then own properties: a header named `constructor` or `__proto__` is just a header.
    // Repeats keep the spelling the name first came with.
    const byName = new Map<string, string[]>();
    const names = new Map<string, string>();
    for (const [raw, value] of req.headers) {
      const lower = raw.toLowerCase();
      const name = names.get(lower) ?? raw;
      names.set(lower, name);
      const list = byName.get(name);
      if (list) list.push(value);
      else byName.set(name, [value]);
    }
    const body = req.body as Uint8Array;
    return restApiEvent({
      method: req.method,
      // REST APIs hand the Lambda the path and its parameters still percent-encoded.
      path: req.query ? `${req.path}?${req.query}` : req.path,
      headers: Object.fromEntries(byName),
      body: body.length ? body : undefined,
      // The deployed API's binary media type is */* (project/openapi.ts): every body arrives base64.
      binary: true,
      resource,
      pathParameters,
      stage: this.o.apiStage,
      sourceIp: req.sourceIp ?? '127.0.0.1',
    });
  }

  /** An answer API Gateway gives itself (a gateway response), with the API's CORS headers. */
  private edge(req: GatewayRequest, status: number, message: string, type: string): GatewayResponse {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-ErrorType': type };
    const origin = req.headers.findLast(([n]) => n.toLowerCase() === 'origin')?.[1];
    Object.assign(headers, edgeCorsHeaders(this.o.edgeCors, origin));
    return { status, headers, body: bytes(JSON.stringify({ message })) };
  }
}

/**
 * The gateway `calix local` serves `manifest` through on `stage`: the API's type (`api.type`), its
 * stage name and CORS come from the stage model, as the deployed API's do.
 */
export function localGateway(manifest: Manifest, stage: StageConfig, run: Pick<LocalGatewayOptions, 'invoke' | 'auth' | 'limits' | 'log'>): ApiGateway {
  const { api, functions } = stageModel(manifest, stage);
  if (api.type === 'http') return new HttpApiGateway({ manifest, apiStage: api.stageName, cors: api.httpCors, ...run });
  const streams = functions.find((f) => f.kind === 'router')?.url?.invokeMode === 'RESPONSE_STREAM';
  return new LocalGateway({ manifest, apiStage: api.stageName, edgeCors: api.gatewayResponseHeaders, validation: EdgeValidation.of(manifest), streams, ...run });
}
