// Streamed bodies (`Response.stream`, `Response.sse`): their chunks as bytes, and the whole body
// for targets that cannot stream. Loaded only by the entry points that meet a StreamBody.
import type { ApiGatewayResult } from '../aws-types.js';
import { isTextType, mediaType } from './content-type.js';
import { STREAM, StreamBody, type SseEvent } from './response.js';

/**
 * Set (non-enumerable) on the Lambda context by a caller that sends chunks as they come: the
 * Function URL streaming handler, `calix local`, the test client. Without it a streamed body is
 * collected into the result, as API Gateway and a buffered Function URL need.
 */
export const STREAM_RESULTS = Symbol.for('calix.streamResults');

/**
 * The most a collected body may hold: Lambda's synchronous response payload is 6 MB (streamed
 * through a Function URL, 200 MB). A larger body answers 500 rather than failing the invocation.
 */
export const BUFFERED_LIMIT = 6 * 1024 * 1024;

/** A result whose body is still a stream (see respond.ts). */
export type StreamedResult = ApiGatewayResult & { [STREAM]?: StreamBody | AsyncIterable<Uint8Array> };

const encoder = new TextEncoder();

/** The source's items, from an async iterable or a web ReadableStream. */
async function* items<T>(source: AsyncIterable<T> | ReadableStream<T>): AsyncGenerator<T> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<T>;
    return;
  }
  const reader = (source as ReadableStream<T>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

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

/** A streamed body's chunks as bytes, in order; empty chunks are skipped. */
export async function* encodedChunks(body: StreamBody): AsyncGenerator<Uint8Array> {
  for await (const item of items<unknown>(body.source as AsyncIterable<unknown>)) {
    if (body.sse) yield encoder.encode(sseText(item as SseEvent));
    else if (typeof item === 'string') {
      if (item) yield encoder.encode(item);
    } else if (item instanceof Uint8Array) {
      if (item.length) yield item;
    } else throw new TypeError(`Response.stream: a chunk must be a string or a Uint8Array, not ${item === null ? 'null' : typeof item}`);
  }
}

const headerValue = (h: Record<string, string> | undefined, lower: string) => {
  for (const k in h) if (k.toLowerCase() === lower) return h[k];
  return undefined;
};

/**
 * Finishes a result whose body is a stream: its chunks, for a caller that streams (STREAM_RESULTS
 * on the context); otherwise the whole body collected into `body` (text types as text, others base64).
 */
export function finishStream(out: StreamedResult, streams: boolean): StreamedResult | Promise<ApiGatewayResult> {
  const body = out[STREAM] as StreamBody;
  if (streams) {
    out[STREAM] = encodedChunks(body);
    return out;
  }
  delete out[STREAM];
  return collect(out, body);
}

async function collect(out: ApiGatewayResult, body: StreamBody): Promise<ApiGatewayResult> {
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of encodedChunks(body)) {
      size += chunk.length;
      if (size > BUFFERED_LIMIT) throw new Error(`the streamed body is over ${BUFFERED_LIMIT} bytes, the most a buffered Lambda response holds; serve it through a Function URL with "stream": true`);
      parts.push(chunk);
    }
  } catch (err) {
    console.error('Calix: the streamed response failed while it was collected:', err);
    return { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'InternalServerError', message: 'An internal server error occurred.' }), isBase64Encoded: false };
  }
  const bytes = Buffer.concat(parts);
  const type = mediaType(headerValue(out.headers, 'content-type'));
  const text = type !== undefined && (isTextType(type) || type === 'text/event-stream');
  out.body = text ? bytes.toString('utf8') : bytes.toString('base64');
  out.isBase64Encoded = !text;
  return out;
}
