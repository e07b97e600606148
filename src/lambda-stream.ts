// The router as a response-streaming Lambda handler, for a Function URL with `stream: true`
// (`invokeMode: RESPONSE_STREAM`). The generated entry (project/entry.ts) exports it as
// `streamHandler` when the stage asks for it; an app that never streams never loads this module.
import type { ApiGatewayResult, LambdaContext } from './aws-types.js';
import { STREAM } from './http/response.js';
import { STREAM_RESULTS, type StreamedResult } from './http/stream.js';
import { isFunctionUrlEvent, type RouterHandler } from './lambda.js';

/** The writable the Lambda Node.js runtime passes a streaming handler (a Node `Writable`). */
export interface LambdaResponseStream {
  write(chunk: string | Uint8Array): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): unknown;
}

/** The prelude `awslambda.HttpResponseStream.from` writes before the body (a Function URL's status, headers, cookies). */
export interface HttpResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

/** The `awslambda` global the Lambda Node.js runtime defines; nowhere else. */
interface AwsLambdaGlobal {
  streamifyResponse<H>(handler: H, options?: { highWaterMark?: number }): H;
  HttpResponseStream: { from(stream: LambdaResponseStream, metadata: HttpResponseMetadata): LambdaResponseStream };
}

export type StreamingHandler = (event: unknown, responseStream: LambdaResponseStream, context: LambdaContext) => Promise<void>;

/** The runtime's global, when it is the runtime's (other code may define an `awslambda` of its own). */
const runtime = (): AwsLambdaGlobal | undefined => {
  const g = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
  return typeof g?.streamifyResponse === 'function' && typeof g.HttpResponseStream?.from === 'function' ? (g as AwsLambdaGlobal) : undefined;
};

const isHttpResult = (r: unknown): r is StreamedResult => !!r && typeof r === 'object' && typeof (r as ApiGatewayResult).statusCode === 'number';

/** Waits for the stream to take more when it says it is full, so a fast producer does not buffer the whole body. */
async function write(stream: LambdaResponseStream, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * The app's router as a streaming handler: a Function URL event's response goes out through
 * `awslambda.HttpResponseStream` (status, headers and cookies first, then each chunk as the
 * handler produces it). Any other event (a keep-warm ping, API Gateway through a plain Invoke,
 * a direct invoke) gets its usual result, collected and written as JSON, which is what a buffered
 * invoke of a streaming function returns to its caller.
 *
 * Outside Lambda's runtime (no `awslambda` global) the plain handler is returned, unwrapped.
 */
export function streamHandler(app: { readonly handler: RouterHandler }): StreamingHandler {
  const handler: StreamingHandler = async (event, responseStream, context) => {
    if (!isFunctionUrlEvent(event as Record<string, unknown>)) {
      responseStream.write(JSON.stringify((await app.handler(event, context)) ?? null));
      responseStream.end();
      return;
    }
    // Non-enumerable: invisible to handlers that log their context.
    const ctx = Object.defineProperty(context ?? ({} as LambdaContext), STREAM_RESULTS, { value: true, configurable: true });
    const out: unknown = await app.handler(event, ctx);
    if (!isHttpResult(out)) throw new Error('the router returned no HTTP result for a Function URL event');
    const aws = runtime();
    if (!aws) throw new Error('awslambda.HttpResponseStream is missing: streamHandler runs in the Lambda Node.js runtime (or a stand-in that defines the awslambda global)');
    const metadata: HttpResponseMetadata = { statusCode: out.statusCode, headers: { ...out.headers }, cookies: 'cookies' in out && Array.isArray(out.cookies) ? out.cookies : [] };
    const stream = aws.HttpResponseStream.from(responseStream, metadata);
    const chunks = out[STREAM] as AsyncIterable<Uint8Array> | undefined;
    // The runtime writes the prelude on the first write: an empty body still needs one.
    if (!chunks) await write(stream, out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body);
    else {
      await write(stream, '');
      try {
        for await (const chunk of chunks) await write(stream, chunk);
      } catch (err) {
        // The status is already sent. Rejecting lets the runtime end the stream with the error in
        // its trailers (its `fail`), so the client sees a cut-short body, never a complete one.
        console.error('Calix: the streamed response failed after it started:', err);
        throw err;
      }
    }
    stream.end();
  };
  const aws = runtime();
  return aws ? aws.streamifyResponse(handler) : handler;
}
