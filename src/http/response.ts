export type HeaderValue = string | number | readonly string[];
export type ResponseBody = string | Uint8Array | ArrayBuffer | StreamBody | object | null | undefined;

/** What `Response.stream` accepts: text or bytes, as an async iterable or a web ReadableStream. */
export type StreamSource = AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>;

/**
 * One server-sent event: a string is one `data:` event; an object may name the event, its id and
 * the client's reconnection delay (ms). A `data` that is not a string is sent as JSON.
 */
export type SseEvent = string | { data: unknown; event?: string; id?: string; retry?: number };

/**
 * The key under which a formatted result carries a streamed body (a StreamBody, then its encoded
 * chunks): a global symbol, so a second copy of Calix (the CLI's, the test client's) reads it, and
 * JSON.stringify leaves it out.
 */
export const STREAM = Symbol.for('calix.stream');

/**
 * A body produced while the response is sent (`Response.stream`, `Response.sse`). Only a marker:
 * reading, formatting, streaming and collecting it live in ./stream.ts, so an app that never
 * streams does not load them.
 */
export class StreamBody {
  constructor(
    readonly source: StreamSource | AsyncIterable<SseEvent>,
    /** Format each item as a server-sent event. */
    readonly sse: boolean,
  ) {}
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
  status: number;
  headers: Record<string, HeaderValue>;
  cookies: string[];
  body: ResponseBody;

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

  /**
   * A body sent as it is produced: chunk by chunk through a Function URL with `stream: true` and
   * through `calix local`; collected first where the target cannot stream (API Gateway, a
   * buffered URL: at most 6 MB, Lambda's response limit). @default content-type application/octet-stream
   */
  static stream(source: StreamSource, init?: ResponseInit): Response {
    const r = new Response(new StreamBody(source, false), init);
    r.setDefaultHeader('content-type', 'application/octet-stream');
    return r;
  }

  /** Server-sent events (`text/event-stream`), one per item of `events`, streamed as `Response.stream` is. */
  static sse(events: AsyncIterable<SseEvent>, init?: ResponseInit): Response {
    const r = new Response(new StreamBody(events, true), init);
    r.setDefaultHeader('content-type', 'text/event-stream; charset=utf-8');
    r.setDefaultHeader('cache-control', 'no-cache');
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

  private setDefaultHeader(name: string, value: string): void {
    if (this.header(name) === undefined) this.headers[name] = value;
  }
}
