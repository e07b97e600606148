import type { IncomingMessage } from 'node:http';
import type { ApiGatewayV1Event } from '../../src/aws-types.js';
import type { Manifest, RouteManifest } from '../../src/manifest.js';
import type { AuthorizerManifest } from '../../src/auth/authorizers.js';
import { parsePath, rawParams } from '../../src/routing/path.js';
import { RouteTable } from '../../src/routing/table.js';
import { restApiEvent } from '../../src/testing/events.js';
import { edgeCorsHeaders, stageModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';

/** API Gateway REST's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface EdgeAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

type Routed = RouteManifest & { cors: RouteManifest['cors'] };

/**
 * What API Gateway REST does before the Lambda sees a request: match the resource, refuse
 * unknown paths and methods, check the authorizer, and build the proxy event.
 */
export class LocalGateway {
  private readonly table = new RouteTable<Routed>();

  /** `edgeCors`: the stage model's `api.gatewayResponseHeaders`, the deployed gateway responses' CORS headers. */
  constructor(
    readonly manifest: Manifest,
    private readonly stage: string,
    private readonly edgeCors: Readonly<Record<string, string>> | undefined,
  ) {
    for (const r of manifest.routes) this.table.add(parsePath(r.path, `route ${r.name}`), r.methods, r, `route ${r.name}`);
  }

  /** Whether some route has this path (with any method). */
  hasPath(path: string): boolean {
    return this.table.find(path) !== undefined;
  }

  /** API Gateway answers these itself (gateway responses), with the CORS headers its gateway responses map for this request's Origin. */
  edge(status: number, message: string, type: string, origin?: string): EdgeAnswer {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-ErrorType': type, ...edgeCorsHeaders(this.edgeCors, origin) };
    return { status, body: JSON.stringify({ message }), headers };
  }

  /** Either the event to invoke the router with, or the answer API Gateway gives by itself. */
  route(
    method: string,
    url: string,
    rawHeaders: string[],
    body: Buffer,
    sourceIp: string,
  ): { event: ApiGatewayV1Event; route: RouteManifest | undefined; authorizer?: AuthorizerManifest } | { answer: EdgeAnswer } {
    const q = url.indexOf('?');
    // REST APIs hand the Lambda the path and its parameters still percent-encoded.
    const path = q < 0 ? url : url.slice(0, q);
    const found = this.table.find(path);
    const originAt = rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'origin');
    const origin = originAt < 0 ? undefined : rawHeaders[originAt + 1];
    if (!found) return { answer: this.edge(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException', origin) };
    const route = found.entry.byMethod.get(method);
    // Without an OPTIONS route, a CORS path's preflight still reaches the router, which answers it
    // exactly as the deployed API's preflight does.
    if (!route && !(method === 'OPTIONS' && found.entry.cors)) {
      return { answer: this.edge(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException', origin) };
    }
    // A Map, then own properties: a header named `constructor` or `__proto__` is just a header.
    const byName = new Map<string, string[]>();
    const names = new Map<string, string>();
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const lower = rawHeaders[i]!.toLowerCase();
      const name = names.get(lower) ?? rawHeaders[i]!;
      names.set(lower, name);
      const list = byName.get(name);
      if (list) list.push(rawHeaders[i + 1]!);
      else byName.set(name, [rawHeaders[i + 1]!]);
    }
    const headers: Record<string, string[]> = Object.fromEntries(byName);
    // The route's authorizer is checked on the built event, by LocalAuth (cli/local/auth.ts).
    const authorizer = route?.authorizer ? this.manifest.authorizers.find((a) => a.name === route.authorizer) : undefined;
    if (route?.authorizer && !authorizer) return { answer: this.edge(401, 'Unauthorized', 'UnauthorizedException', origin) };
    const event = restApiEvent({
      method,
      path: url,
      headers,
      body: body.length ? body : undefined,
      // The deployed API's binary media type is */* (project/openapi.ts): every body arrives base64.
      binary: true,
      resource: found.entry.parsed.template,
      pathParameters: rawParams(found.entry.parsed, path),
      stage: this.stage,
      sourceIp,
    });
    return { event, route, authorizer };
  }
}

/** The gateway `calix local` serves an app through: API stage and edge CORS from the stage model. */
export function localGateway(manifest: Manifest, stage: StageConfig): LocalGateway {
  const { api } = stageModel(manifest, stage);
  return new LocalGateway(manifest, api.stageName, api.gatewayResponseHeaders);
}

const EMPTY = Buffer.alloc(0);

/** Reads a request body up to API Gateway's limit; undefined when it is too large. */
export function readBody(req: IncomingMessage): Promise<Buffer | undefined> | Buffer {
  // Most requests (GET, HEAD…) carry no body: answer without waiting for the stream's end.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return EMPTY;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
