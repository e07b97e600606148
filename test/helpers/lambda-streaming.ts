// A stand-in for the Lambda Node.js runtime's response streaming, as AWS documents it and as
// aws-lambda-nodejs-runtime-interface-client implements it (src/UserFunction.js, Runtime.js,
// ResponseStream.js, HttpResponseStream.js):
// - `awslambda.streamifyResponse(h)` only marks the handler (Symbol.for('aws.lambda.runtime.handler.streaming') = 'response');
// - the runtime calls `h(event, responseStream, context)`, requires a promise (else fails the
//   invoke: "Streaming does not support non-async handlers."), ignores its value (with a warning),
//   and fails the invoke when the stream is not finished once the promise settles;
// - a rejected promise ends the stream with the error in trailers (`Lambda-Runtime-Function-Error-*`);
// - `awslambda.HttpResponseStream.from(stream, prelude)` sets the content type
//   `application/vnd.awslambda.http-integration-response` (refused after the first write) and, on
//   the first write, writes JSON.stringify(prelude) then 8 NUL bytes before that write's bytes;
// - a write of something other than a string or bytes is sent as its JSON.
// A Function URL reads the prelude as the HTTP status, headers and cookies, and the rest as the body.
import { Writable } from 'node:stream';

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const PRELUDE_TYPE = 'application/vnd.awslambda.http-integration-response';

/** What the runtime received for one invocation. */
export interface StreamedInvocation {
  /** The content type the stream declared (the runtime's default is application/octet-stream). */
  contentType: string;
  /** Every write as it reached the runtime, in order (prelude and delimiter included). */
  writes: Buffer[];
  /** The error the invocation failed with (sent as trailers after what was written), if any. */
  error?: unknown;
  /** Warnings the runtime printed. */
  warnings: string[];
}

class RuntimeResponseStream extends Writable {
  contentType = 'application/octet-stream';
  started = false;
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;

  constructor(private readonly record: StreamedInvocation, private readonly onWrite: (chunk: Buffer) => void) {
    // A small buffer, so that a fast producer meets backpressure ('drain') as it does over the network.
    super({ highWaterMark: 16 });
  }

  setContentType(type: string): void {
    if (this.started) throw new Error('Cannot set content-type, too late.');
    this.contentType = type;
  }

  override write(chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk) && !(chunk instanceof Uint8Array)) chunk = JSON.stringify(chunk);
    if (!this.started && typeof this._onBeforeFirstWrite === 'function') this._onBeforeFirstWrite((c) => super.write(c));
    this.started = true;
    return super.write(chunk as string, ...(rest as []));
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const b = Buffer.from(chunk);
    this.record.writes.push(b);
    this.onWrite(b);
    // Asynchronous, as a socket is: lets the writer's buffer fill up.
    setImmediate(done);
  }
}

/** Installs the `awslambda` global as Lambda's Node.js runtime defines it; returns the uninstaller. */
export function installAwsLambdaGlobal(): () => void {
  const g = globalThis as { awslambda?: unknown };
  const before = g.awslambda;
  g.awslambda = {
    streamifyResponse: (handler: Record<symbol, unknown>) => {
      handler[HANDLER_STREAMING] = 'response';
      return handler;
    },
    HttpResponseStream: {
      from(stream: RuntimeResponseStream, prelude: unknown) {
        stream.setContentType(PRELUDE_TYPE);
        const metadata = JSON.stringify(prelude);
        stream._onBeforeFirstWrite = (write) => {
          write(metadata);
          write(new Uint8Array(8));
        };
        return stream;
      },
    },
  };
  return () => {
    if (before === undefined) delete g.awslambda;
    else g.awslambda = before;
  };
}

/**
 * Invokes a streaming handler as the runtime does (Runtime.handleOnceStreaming). `onWrite` sees
 * each write when it reaches the runtime, before the handler has finished.
 */
export async function invokeStreaming(handler: unknown, event: unknown, onWrite: (chunk: Buffer) => void = () => {}): Promise<StreamedInvocation> {
  if ((handler as Record<symbol, unknown>)[HANDLER_STREAMING] !== 'response') throw new Error('the handler is not wrapped by awslambda.streamifyResponse');
  const record: StreamedInvocation = { contentType: '', writes: [], warnings: [] };
  const stream = new RuntimeResponseStream(record, onWrite);
  const context = { awsRequestId: 'req-1', functionName: 'calix-api', getRemainingTimeInMillis: () => 30_000 };
  const finish = () => {
    record.contentType = stream.contentType;
    return record;
  };
  const result = (handler as (e: unknown, s: unknown, c: unknown) => unknown)(event, stream, context);
  if (!(result instanceof Promise)) {
    record.error = 'Streaming does not support non-async handlers.';
    return finish();
  }
  try {
    if ((await result) !== undefined) record.warnings.push('Streaming handlers ignore return values.');
    // The runtime waits for the response to RAPID to complete: an ended stream finishes flushing.
    if (stream.writableEnded && !stream.writableFinished) await new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  } catch (err) {
    // The runtime's fail: what was written goes out, then the error trailers end the stream.
    record.error = err;
    if (!stream.writableFinished) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
  if (!record.error && !stream.writableFinished) record.error = 'Response stream is not finished.';
  return finish();
}

/** What a Function URL makes of a streamed invocation: the prelude's status, headers, cookies, then the body. */
export function functionUrlResponse(inv: StreamedInvocation): { statusCode: number; headers: Record<string, string>; cookies: string[]; body: Buffer; bodyWrites: Buffer[] } {
  const all = Buffer.concat(inv.writes);
  if (inv.contentType !== PRELUDE_TYPE) return { statusCode: 200, headers: { 'content-type': inv.contentType }, cookies: [], body: all, bodyWrites: inv.writes };
  const nul = all.indexOf(Buffer.alloc(8));
  if (nul < 0) throw new Error('no prelude delimiter (8 NUL bytes) in the streamed response');
  const prelude = JSON.parse(all.subarray(0, nul).toString('utf8')) as { statusCode?: number; headers?: Record<string, string>; cookies?: string[] };
  // The writes after the prelude's two (metadata, delimiter).
  const bodyWrites = inv.writes.slice(2).filter((w) => w.length > 0);
  return { statusCode: prelude.statusCode ?? 200, headers: prelude.headers ?? {}, cookies: prelude.cookies ?? [], body: all.subarray(nul + 8), bodyWrites };
}
