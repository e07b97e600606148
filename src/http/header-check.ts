// Response header validation, shared by the router (respond.ts) and `calix local`'s HTTP writer,
// so a handler's bad header is the same 500 everywhere.

/** RFC 9110 `token`: what a header name may hold. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Control characters other than tab (CR and LF among them) end or split a header line. */
const CONTROL = /[\0-\x08\x0a-\x1f\x7f]/;

/** Whether a value may be sent as a header value (echoing a request's Origin, for instance). */
export const isHeaderValue = (value: string): boolean => !CONTROL.test(value);

/** Why a header cannot be sent (naming it), or undefined when it can. */
function headerProblem(name: string, value: unknown): string | undefined {
  if (!TOKEN.test(name)) return `response header name ${JSON.stringify(name)} is not a valid HTTP header name`;
  if (typeof value !== 'string') return `response header "${name}" has a ${value === null ? 'null' : typeof value} value, not a string`;
  if (CONTROL.test(value)) return `response header "${name}" has a value with a control character (CR, LF or NUL): ${JSON.stringify(value.slice(0, 80))}`;
  return undefined;
}

/** The first problem with a Lambda proxy result's status and headers, or undefined. */
export function resultProblem(r: { statusCode: unknown; headers?: object | null; multiValueHeaders?: object | null; cookies?: unknown }): string | undefined {
  const s = r.statusCode;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 100 || s > 599) return `response status ${JSON.stringify(s)} is not an HTTP status (100-599)`;
  let p: string | undefined;
  const headers = r.headers as Record<string, unknown> | null | undefined;
  const multi = r.multiValueHeaders as Record<string, unknown> | null | undefined;
  // for-in, not Object.entries: this runs on every response the router shapes.
  for (const k in headers) if ((p = headerProblem(k, headers[k]))) return p;
  for (const k in multi) {
    const list = multi[k];
    if (!Array.isArray(list)) return `response header "${k}" in multiValueHeaders is not a list`;
    for (const v of list) if ((p = headerProblem(k, v))) return p;
  }
  if (Array.isArray(r.cookies)) for (const v of r.cookies) if ((p = headerProblem('Set-Cookie', v))) return p;
  return undefined;
}
