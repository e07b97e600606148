// An API Gateway HTTP API in front of the router Lambda, for `calix local` on a stage with
// `api: { type: "http" }`: the same plain request -> plain response contract as LocalGateway (the
// REST API), with an HTTP API's answers: 404 {"message":"Not Found"} for an unknown route or
// method, preflight answered by the API's one CORS configuration, JWT / IAM / Lambda authorizers
// with 401 {"message":"Unauthorized"} and 403 {"message":"Forbidden"}, payload format 2.0 events
// and results (on the API's named stage, like the deployed one), 500 {"message":"Internal Server Error"} when the integration fails, and no request
// validators (the router's own 4xx answer instead).
import { randomUUID } from 'node:crypto';
import type { ApiGatewayV2Event } from '../../src/aws-types.js';
import { isTextType, mediaType } from '../../src/http/content-type.js';
import type { Manifest } from '../../src/manifest.js';
import { rawParams } from '../../src/routing/path.js';
import { httpApiEvent } from '../../src/emulation/http-events.js';
import type { HttpApiCors } from '../../project/http-api.js';
import type { InvokeFunction, LocalAuth } from './auth.js';
import type { GatewayLog, GatewayRequest, GatewayResponse } from './gateway.js';
import { ManifestGateway } from './manifest-gateway.js';
import { isPreflight, preflightAnswerHeaders, preflightRefusal, responseCorsHeaders, withoutCorsHeaders } from './http-cors.js';
import { explainMissingRoute } from './missing-route.js';
import { mb, overLimit, type PayloadLimits } from './payload-limits.js';
import { HTTP_API_INTERNAL_ERROR, toHttpAnswerV2 } from './result.js';

export interface HttpApiGatewayOptions {
  readonly manifest: Manifest;
  /**
   * The API's stage name (the stage model's `api.stageName`, `apiGatewayStage`): as on the deployed
   * API, the event's `requestContext.stage`, the `/<stage>` prefix of its `rawPath` and the stage
   * of the route ARN; the local server serves the paths without it (as for a REST API).
   */
  readonly apiStage: string;
  /** Runs the app's functions: `api` for routed requests, a Lambda authorizer's function. */
  readonly invoke: InvokeFunction;
  readonly auth: LocalAuth;
  /** The API's CORS configuration (the stage model's `api.httpCors`); undefined: none. */
  readonly cors: HttpApiCors | undefined;
  /** @default AWS_LIMITS (10 MB of request body, Lambda's 6 MB event and result) */
  readonly limits?: PayloadLimits;
  readonly log?: GatewayLog;
}

const TOO_LARGE = 'Request Entity Too Large';

const header = (req: GatewayRequest, name: string) => req.headers.findLast(([n]) => n.toLowerCase() === name)?.[1];

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * `event` as the deployed HTTP API's named stage sends it: `requestContext.stage` is the stage and
 * `rawPath` / `requestContext.http.path` start with `/<stage>` (the URL's stage segment, which the
 * router strips). `$default` has no segment.
 */
export function onApiStage(event: ApiGatewayV2Event, stage: string): ApiGatewayV2Event {
  event.requestContext.stage = stage;
  if (stage !== '$default') {
    event.rawPath = `/${stage}${event.rawPath}`;
    event.requestContext.http.path = `/${stage}${event.requestContext.http.path}`;
  }
  return event;
}

/** API Gateway HTTP API + the router Lambda, for one plain request at a time. */
export class HttpApiGateway extends ManifestGateway {
  constructor(private readonly o: HttpApiGatewayOptions) {
    super(o);
  }

  async handle(req: GatewayRequest): Promise<GatewayResponse> {
    const { method, path } = req;
    const what = `${method} ${path}${req.query ? `?${req.query}` : ''}`;
    if (!(req.body instanceof Uint8Array) || req.body.length > this.limits.requestBody) return this.edge(req, 413, TOO_LARGE);
    const cors = this.o.cors;
    // With CORS configured, API Gateway answers every preflight itself, before routing.
    if (cors && isPreflight(method, req.headers)) {
      const headers = preflightAnswerHeaders(cors, req.headers);
      const refusal = preflightRefusal(cors, req.headers);
      if (refusal) this.log('notice', `  204 preflight: ${refusal}: no CORS headers`);
      return { status: 204, headers: { ...headers, 'apigw-requestid': randomUUID() }, body: new Uint8Array(0) };
    }
    const found = await this.table.find(path);
    const route = found?.entry.byMethod.get(method);
    if (!found || !route) {
      this.log('notice', `  404 Not Found: ${explainMissingRoute(this.manifest, method, path, found !== undefined)}`);
      return this.edge(req, 404, 'Not Found');
    }
    const template = found.entry.template;
    const params = Object.fromEntries(Object.entries(rawParams(found.entry.template, path)).map(([k, v]) => [k, decode(v)]));
    const event = this.event(req, template, params);
    const authorizer = route.authorizer ? this.manifest.authorizers.find((a) => a.name === route.authorizer) : undefined;
    if (route.authorizer && !authorizer) return this.edge(req, 401, 'Unauthorized');
    if (authorizer) {
      const ctx = event.requestContext;
      // The route ARN names the request's path without the stage (the stage is its own segment).
      const routeArn = `arn:aws:execute-api:${process.env.AWS_REGION ?? 'us-east-1'}:${ctx.accountId}:${ctx.apiId}/${this.o.apiStage}/${method}/${path.replace(/^\//, '')}`;
      const denied = await this.o.auth.authorizeHttp(authorizer, event, routeArn, this.o.invoke);
      if (denied) {
        this.log(denied.status >= 500 ? 'error' : 'notice', `  ${denied.status} from authorizer "${authorizer.name}": ${denied.reason}`);
        const answer = this.edge(req, denied.status, '');
        return { ...answer, headers: { ...answer.headers, ...denied.headers }, body: Buffer.from(denied.body) };
      }
    }
    const eventBytes = overLimit(event, this.limits.event);
    if (eventBytes) {
      this.log('warn', `  413: the event for ${what} is ${mb(eventBytes)} of JSON; Lambda's synchronous invocation payload is at most ${mb(this.limits.event)} (the deployed API answers the same)`);
      return this.edge(req, 413, TOO_LARGE);
    }
    let result: unknown;
    try {
      result = await this.o.invoke('api', event);
      const resultBytes = overLimit((result ?? {}) as { body?: string }, this.limits.result);
      if (resultBytes) throw new Error(`the response is ${mb(resultBytes)} of JSON; Lambda's synchronous invocation response is at most ${mb(this.limits.result)}: return a smaller body (e.g. a pre-signed S3 URL)`);
    } catch (e) {
      this.log('error', `Lambda error on ${what}: ${(e as Error)?.stack ?? e}`);
      return this.edge(req, 500, 'Internal Server Error');
    }
    const answer = toHttpAnswerV2(result, event.requestContext.requestId ?? randomUUID());
    if ('problem' in answer) {
      this.log('error', `Lambda result on ${what} cannot be sent: ${answer.problem}`);
      return this.edge(req, 500, 'Internal Server Error');
    }
    const headers = cors ? { ...withoutCorsHeaders(answer.headers), ...responseCorsHeaders(cors, header(req, 'origin')) } : answer.headers;
    return { status: answer.status, headers, body: typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body };
  }

  /** The payload format 2.0 event an HTTP API sends the router Lambda. */
  private event(req: GatewayRequest, template: string, pathParameters: Record<string, string>): ApiGatewayV2Event {
    // Header names are lower-case in a v2 event and repeats are comma-joined; Cookie lines become `cookies`.
    const byName = new Map<string, string[]>();
    for (const [raw, value] of req.headers) {
      const name = raw.toLowerCase();
      const list = byName.get(name);
      if (list) list.push(value);
      else byName.set(name, [value]);
    }
    const body = req.body as Uint8Array;
    const type = mediaType(byName.get('content-type')?.at(-1));
    const event = httpApiEvent({
      method: req.method,
      path: req.query ? `${req.path}?${req.query}` : req.path,
      rawQueryString: req.query,
      headers: Object.fromEntries(byName),
      body: body.length ? body : undefined,
      // HTTP APIs send text types as they are and everything else base64-encoded.
      binary: !(type && isTextType(type)),
      resource: template,
      pathParameters,
      sourceIp: req.sourceIp ?? '127.0.0.1',
    });
    // The headers the client sent, plus the forwarding headers API Gateway adds (not the test
    // client's defaults: a request without User-Agent has none).
    const h = event.headers;
    if (!byName.has('user-agent')) {
      delete h['user-agent'];
      event.requestContext.http.userAgent = '';
    }
    h['x-forwarded-for'] ??= req.sourceIp ?? '127.0.0.1';
    h['x-forwarded-port'] ??= '443';
    return onApiStage(event, this.o.apiStage);
  }

  /** An answer the HTTP API gives itself, with its CORS headers for an allowed origin. */
  private edge(req: GatewayRequest, status: number, message: string): GatewayResponse {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'apigw-requestid': randomUUID() };
    if (this.o.cors) Object.assign(headers, responseCorsHeaders(this.o.cors, header(req, 'origin')));
    return { status, headers, body: Buffer.from(JSON.stringify({ message })) };
  }
}
