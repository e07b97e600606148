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

/** The event's JSON size when it exceeds Lambda's request limit, else undefined. */
export function oversizedEvent(event: { body?: string | null }): number | undefined {
  if ((event.body?.length ?? 0) <= WORTH_MEASURING) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(event));
  return bytes > LAMBDA_REQUEST_LIMIT ? bytes : undefined;
}

/** The result's JSON size when it exceeds Lambda's response limit, else undefined. */
export function oversizedResult(result: { body?: string | null }): number | undefined {
  if ((result.body?.length ?? 0) <= WORTH_MEASURING) return undefined;
  const bytes = Buffer.byteLength(JSON.stringify(result));
  return bytes > LAMBDA_RESPONSE_LIMIT ? bytes : undefined;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
