// The payload limits a deployed API enforces, which `calix local` applies the same way:
//   API Gateway REST: 10 MB of request body; it answers 413 {"message":"Request Too Long"}.
//   Lambda's synchronous invocation, which API Gateway's 10 MB hides: the router Lambda receives
//   the whole proxy event as JSON (headers, base64 bodies and all) and may return about as much.
//     Request: 6,291,456 bytes (6 MiB) of event JSON; Lambda refuses the invocation
//       (RequestEntityTooLargeException) and API Gateway answers 413 {"message":"Request Too Long"}.
//     Response: 6,291,556 bytes (6 MiB + 100) of result JSON; the invocation fails and API Gateway
//       answers 502 {"message":"Internal server error"}.
//   API Gateway HTTP API (`api.type: "http"`): the same 10 MB and 6 MB limits; over them it answers
//     413 {"message":"Request Entity Too Large"} (the body is not verified against a deployed HTTP
//     API), and a result over Lambda's limit is its integration failure, 500 {"message":"Internal Server Error"}.
// Measured limits: https://zaccharles.medium.com/deep-dive-lambdas-request-payload-size-limit-2-2-6350c1ae5577

export interface PayloadLimits {
  /** Bytes of request body API Gateway accepts. */
  readonly requestBody: number;
  /** Bytes of event JSON Lambda accepts. */
  readonly event: number;
  /** Bytes of result JSON Lambda returns. */
  readonly result: number;
}

export const AWS_LIMITS: PayloadLimits = { requestBody: 10 * 1024 * 1024, event: 6 * 1024 * 1024, result: 6 * 1024 * 1024 + 100 };

/** The JSON size of an event or result when it exceeds `limit`, else undefined. */
export function overLimit(payload: { body?: string | null }, limit: number): number | undefined {
  // Only a body of more than half the limit can push the JSON past it (headers stay small).
  if ((payload.body?.length ?? 0) <= limit / 2) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(payload));
  return bytes > limit ? bytes : undefined;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
