import type { ApiGatewayResult } from '../aws-types.js';

export type HeaderValue = string | number | readonly string[];

/** Whether `headers` has the header named `lower` (lower-case), in any case. */
export const hasHeader = (headers: Record<string, unknown>, lower: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === lower);
export type ResponseBody = string | Uint8Array | ArrayBuffer | StreamedBody | object | null | undefined;

/**
 * Marks a body produced while the response is sent (`Response.stream`, `Response.sse`), and the
 * key under which a formatted result carries it: a global symbol, so a second copy of Calix (the
 * CLI's, the test client's) reads it, and JSON.stringify leaves it out.
 */
export const STREAM = Symbol.for('calix.stream');

/**
 * A streamed body as the router sees it: only this marker and `finish`. Its implementation
 * (./stream.ts) is reached through `Response.stream`/`Response.sse` only, so an app that never
 * streams does not bundle it.
 */
export interface StreamedBody {
  readonly [STREAM]: true;
  /** Completes `out` (formatted with an empty body): the chunks to send as they come, or the body collected. */
  finish(out: ApiGatewayResult, streams: boolean): ApiGatewayResult | Promise<ApiGatewayResult>;
}

export interface ResponseInit {
  /** @default 200 (204 when the body is null/undefined) */
  status?: number;
  /** Header values may be arrays: they go out as multi-value headers. */
  headers?: Record<string, HeaderValue>;
  /** `Set-Cookie` values, e.g. `session=abc; HttpOnly; Secure; Path=/`. */
  cookies?: readonly string[];
}

/**
 * What a handler returns when it needs a status, headers or cookies. Plain objects,
 * strings, bytes and `undefined` are turned into one of these for you.
 */
export class Response {
  declare status: number;
  declare headers: Record<string, HeaderValue>;
  declare cookies: string[];
  declare body: ResponseBody;

  constructor(body?: ResponseBody, init?: ResponseInit) {
    this.body = body;
    this.status = init?.status ?? (body === undefined || body === null ? 204 : 200);
    this.headers = init?.headers ? { ...init.headers } : {};
    this.cookies = init?.cookies ? [...init.cookies] : [];
  }

  static json(value: unknown, init?: ResponseInit): Response {
    const r = new Response(JSON.stringify(value), init);
    if (init?.status === undefined) r.status = 200;
    r.setDefaultHeader('content-type', 'application/json');
    return r;
  }

  static text(value: string, init?: ResponseInit): Response {
    const r = new Response(value, init);
    r.setDefaultHeader('content-type', 'text/plain; charset=utf-8');
    return r;
  }

  static redirect(location: string, status: 301 | 302 | 303 | 307 | 308 = 302): Response {
    return new Response('', { status, headers: { location } });
  }

  /** Case-insensitive lookup of a header set on this response. */
  header(name: string): HeaderValue | undefined {
    const lower = name.toLowerCase();
    for (const k in this.headers) if (k.toLowerCase() === lower) return this.headers[k];
    return undefined;
  }

  /** Sets a header, replacing any spelling of the same name. */
  setHeader(name: string, value: HeaderValue): this {
    const lower = name.toLowerCase();
    for (const k in this.headers) if (k.toLowerCase() === lower) delete this.headers[k];
    this.headers[name] = value;
    return this;
  }

  protected setDefaultHeader(name: string, value: string): void {
    if (this.header(name) === undefined) this.headers[name] = value;
  }
}
