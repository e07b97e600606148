// Response header validation, shared by the router (src/lambda.ts via respond.ts) and `calix local`'s
// HTTP writer, so a handler's bad header is the same 500 everywhere.

/** RFC 9110 `token`: what a header name may hold. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Control characters other than tab (CR and LF among them) end or split a header line. */
const CONTROL = /[\0-\x08\x0a-\x1f\x7f]/;

/** Why a header cannot be sent (naming it), or undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `response header name ${JSON.stringify(name)} is not a valid HTTP header name`;
  if (CONTROL.test(value)) return `response header "${name}" has a value with a control character (CR, LF or NUL): ${JSON.stringify(value.slice(0, 80))}`;
  return undefined;
}

/** Whether a value may be sent as a header value (echoing a request's Origin, for instance). */
export const isHeaderValue = (value: string): boolean => !CONTROL.test(value);

/** The first problem with a Lambda proxy result's status and headers, or undefined. */
export function resultProblem(r: {
  statusCode: unknown;
  headers?: Record<string, unknown> | null;
  multiValueHeaders?: Record<string, unknown> | null;
  cookies?: unknown;
}): string | undefined {
  const s = r.statusCode;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 100 || s > 599) return `response status ${JSON.stringify(s)} is not an HTTP status (100-599)`;
  for (const k in r.headers) {
    const v = r.headers[k];
    const p = typeof v === 'string' ? headerProblem(k, v) : `response header "${k}" has a ${v === null ? 'null' : typeof v} value, not a string`;
    if (p) return p;
  }
  for (const k in r.multiValueHeaders) {
    const list = r.multiValueHeaders[k];
    if (!Array.isArray(list)) return `response header "${k}" in multiValueHeaders is not a list`;
    for (const v of list) {
      const p = typeof v === 'string' ? headerProblem(k, v) : `response header "${k}" has a ${v === null ? 'null' : typeof v} value, not a string`;
      if (p) return p;
    }
  }
  if (Array.isArray(r.cookies)) {
    for (const v of r.cookies) {
      const p = typeof v === 'string' ? headerProblem('Set-Cookie', v) : 'a cookie is not a string';
      if (p) return p;
    }
  }
  return undefined;
}
