// Lambda's synchronous invocation payload limits, which API Gateway's 10 MB request limit hides:
// the router Lambda receives the whole proxy event as JSON (headers, base64 bodies and all) and
// may return at most about as much. `calix local` answers as the deployed API does past them.
//   Request: 6,291,456 bytes (6 MiB) of event JSON; Lambda refuses the invocation
//     (RequestEntityTooLargeException) and API Gateway answers 413 {"message":"Request Too Long"}.
//   Response: 6,291,556 bytes (6 MiB + 100) of result JSON; the invocation fails and API Gateway
//     answers 502 {"message":"Internal server error"}.
// Measured limits: https://zaccharles.medium.com/deep-dive-lambdas-request-payload-size-limit-2-2-6350c1ae5577

export const LAMBDA_REQUEST_LIMIT = 6 * 1024 * 1024;
export const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024 + 100;

/** Only a body of more than this many bytes can push the JSON past a limit (headers stay small). */
const WORTH_MEASURING = 3 * 1024 * 1024;

/** The JSON size of an event or result when it exceeds `limit`, else undefined. */
export function overLimit(payload: { body?: string | null }, limit: number): number | undefined {
  if ((payload.body?.length ?? 0) <= WORTH_MEASURING) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(payload));
  return bytes > limit ? bytes : undefined;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
