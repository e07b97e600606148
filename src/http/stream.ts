// Streamed bodies: `Response.stream` and `Response.sse`, their chunks as bytes, and the whole body
// for targets that cannot stream. The public `Response` (src/index.ts) is the core one (./response.ts)
// plus these two factories: an app that never imports `Response` bundles none of this module.
import type { ApiGatewayResult } from '../aws-types.js';
import { isTextType, mediaType } from './content-type.js';
import { internalErrorResult } from './respond.js';
import { Response as CoreResponse, STREAM, type ResponseInit, type StreamedBody } from './response.js';

/** What `Response.stream` accepts: text or bytes, as an async iterable or a web ReadableStream. */
export type StreamSource = AsyncIterable<string | Uint8Array> | ReadableStream<string | Uint8Array>;

/**
 * One server-sent event: a string is one `data:` event; an object may name the event, its id and
 * the client's reconnection delay (ms). A `data` that is not a string is sent as JSON.
 */
export type SseEvent = string | { data: unknown; event?: string; id?: string; retry?: number };

/**
 * Set (non-enumerable) on the Lambda context by a caller that sends chunks as they come: the
 * Function URL streaming handler, `calix local`, the test client. Without it a streamed body is
 * collected into the result, as API Gateway and a buffered Function URL need.
 */
export const STREAM_RESULTS = /* @__PURE__ */ Symbol.for('calix.streamResults');

/**
 * The most a collected body may hold: Lambda's synchronous response payload is 6 MB (streamed
 * through a Function URL, 200 MB). A larger body answers 500 rather than failing the invocation.
 */
export const BUFFERED_LIMIT = 6 * 1024 * 1024;

/** A result whose body is still a stream (see respond.ts), then its encoded chunks. */
export type StreamedResult = ApiGatewayResult & { [STREAM]?: StreamedBody | AsyncIterable<Uint8Array> };


// Created on first use: a module-level `new` would keep this module in every bundle (see Response below).
let encoder: InstanceType<typeof TextEncoder> | undefined;
const encode = (text: string) => (encoder ??= new TextEncoder()).encode(text);

/** One server-sent event as text: every line of the data gets its own `data:` field. */
export function sseText(e: SseEvent): string {
  const ev = typeof e === 'string' ? { data: e } : e;
  if (ev === null || typeof ev !== 'object') throw new TypeError('Response.sse: each event must be a string or { data, event?, id?, retry? }');
  let out = '';
  // A field value cannot hold a line break: it would start another field.
  const field = (name: string, v: string) => {
    if (/[\r\n]/.test(v)) throw new TypeError(`Response.sse: the event's ${name} must be one line`);
    out += `${name}: ${v}\n`;
  };
  if (ev.event !== undefined) field('event', ev.event);
  if (ev.id !== undefined) field('id', ev.id);
  if (ev.retry !== undefined) out += `retry: ${Math.max(0, Math.trunc(ev.retry))}\n`;
  const data = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
  for (const line of (data ?? '').split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return out + '\n';
}

const headerValue = (h: Record<string, string> | undefined, lower: string) => {
  for (const k in h) if (k.toLowerCase() === lower) return h[k];
  return undefined;
};

/** A body produced while the response is sent. */
export class StreamBody implements StreamedBody {
  // Set in the constructor: a computed class field would keep the class in bundles that never use it.
  declare readonly [STREAM]: true;

  constructor(
    readonly source: StreamSource | AsyncIterable<SseEvent>,
    /** Format each item as a server-sent event. */
    readonly sse: boolean,
  ) {
    (this as { [STREAM]: true })[STREAM] = true;
  }

  /** The chunks as bytes, in order; empty chunks are skipped. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    // Node's web ReadableStream is async iterable too.
    for await (const item of this.source as AsyncIterable<unknown>) {
      if (this.sse) yield encode(sseText(item as SseEvent));
      else if (typeof item === 'string') {
        if (item) yield encode(item);
      } else if (item instanceof Uint8Array) {
        if (item.length) yield item;
      } else throw new TypeError(`Response.stream: a chunk must be a string or a Uint8Array, not ${item === null ? 'null' : typeof item}`);
    }
  }

  /**
   * Completes a result formatted with this body: its chunks, for a caller that streams
   * (STREAM_RESULTS on the context); otherwise the whole body collected into `body` (text types
   * as text, others base64).
   */
  finish(out: StreamedResult, streams: boolean): StreamedResult | Promise<ApiGatewayResult> {
    if (streams) {
      out[STREAM] = this.chunks();
      return out;
    }
    delete out[STREAM];
    return this.collect(out);
  }

  private async collect(out: ApiGatewayResult): Promise<ApiGatewayResult> {
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of this.chunks()) {
        size += chunk.length;
        if (size > BUFFERED_LIMIT) throw new Error(`the streamed body is over ${BUFFERED_LIMIT} bytes, the most a buffered Lambda response holds; serve it through a Function URL with "stream": true`);
        parts.push(chunk);
      }
    } catch (err) {
      console.error('Calix: the streamed response failed while it was collected:', err);
      return internalErrorResult();
    }
    const bytes = Buffer.concat(parts);
    const type = mediaType(headerValue(out.headers, 'content-type'));
    const text = type !== undefined && isTextType(type);
    out.body = text ? bytes.toString('utf8') : bytes.toString('base64');
    out.isBase64Encoded = !text;
    return out;
  }
}

/**
 * What a handler returns when it needs a status, headers or cookies (see ./response.ts), with the
 * streamed bodies. Every Response the router makes is an instance of this class too. esbuild drops
 * this module from a bundle that never imports `Response` (keep it free of top-level effects).
 */
export class Response extends CoreResponse {
  // `instanceof Response` holds for the router's own responses (the core class) as well.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof CoreResponse;
  }

  /**
   * A body sent as it is produced: chunk by chunk through a Function URL with `stream: true` and
   * through `calix local` on such a stage; collected first where the target cannot stream (API
   * Gateway, a buffered URL: at most 6 MB, Lambda's response limit). @default content-type application/octet-stream
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
}
