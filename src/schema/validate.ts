// Schema-typed routes at run time: the route's request schemas run just before its handler (inside
// every middleware, as Hono's validators run in the route's own chain), and, where turned on, its
// response schemas check what the handler returned. Built once per route at registration; a route
// without schemas keeps its bare handler, so it pays nothing.
import type { Request } from '../http/request.js';
import { toResponse } from '../http/respond.js';
import { Response } from '../http/response.js';
import type { RequestPart, RouteHandler } from '../types.js';
import type { StandardSchemaV1 } from './standard.js';

/** One entry of a 422 body's `issues`: where, the path inside that part, and the schema's message. */
export interface ValidationIssue {
  in: RequestPart;
  path: (string | number)[];
  message: string;
}

/**
 * Turns response validation on for one invocation, whatever the app says: the test client sets it
 * on the Lambda context it builds (`createTestClient(app, { validateResponses: true })`). A global
 * symbol: the test's copy of Calix and a bundled app's copy must agree on it.
 */
export const VALIDATE_RESPONSES = Symbol.for('calix.validateResponses');

type Handler = RouteHandler<string, any>;
type Result = StandardSchemaV1.Result<unknown>;

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';

/** A Standard Schema issue path as plain JSON keys (`[{ key: 'a' }, 0]` -> `['a', 0]`). */
function issuePath(path: StandardSchemaV1.Issue['path']): (string | number)[] {
  if (!path) return [];
  return path.map((p) => {
    const key = typeof p === 'object' && p !== null ? p.key : p;
    return typeof key === 'number' ? key : String(key);
  });
}

/** What the `query` schema sees: one string per name, a `string[]` for a name given more than once (as Hono does). */
function queryInput(req: Request<unknown>): Record<string, string | string[]> {
  const multi = req.multiQuery;
  // Null prototype: any name a client sends (`__proto__`…) stays plain data.
  const out: Record<string, string | string[]> = Object.create(null);
  for (const k in multi) out[k] = multi[k]!.length === 1 ? multi[k]![0]! : multi[k]!;
  return out;
}

/** What the `headers` schema sees: lower-case names, repeated headers joined with `, ` (HTTP API v2 delivers them so). */
function headersInput(req: Request<unknown>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of req.headers) out[k] = v;
  return out;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]*\+)?json$/;

/**
 * What the `body` schema sees: the parsed JSON (a malformed body throws the usual 400 here, before
 * any schema runs), the text for a non-JSON media type, or `undefined` without a body, so the
 * schema decides whether a body is required.
 */
function bodyInput(req: Request<unknown>): unknown {
  if (!req.hasBody) return undefined;
  const type = req.bodyType();
  return type === undefined || JSON_MEDIA.test(type) ? req.json() : req.body;
}

const READ: Record<RequestPart, (req: Request<unknown>) => unknown> = {
  params: (req) => req.params,
  query: queryInput,
  headers: headersInput,
  body: bodyInput,
};

/** `bodyInput` for a route that accepts JSON only: the router's 415 check has already seen to the media type. */
const jsonBodyInput = (req: Request<unknown>): unknown => (req.hasBody ? req.json() : undefined);

/** The 422 every driver answers when a request schema refuses its part: every issue, in order. */
export function unprocessable(issues: ValidationIssue[]): Response {
  return new Response(JSON.stringify({ code: 'UnprocessableEntityError', message: 'Request validation failed', issues }), {
    status: 422,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * `handler` behind the route's request schemas: reads each declared part, runs every schema
 * (awaiting async ones), and either answers 422 with all the issues or sets `req.valid` and calls
 * the handler. Parts are checked in URL order: params, query, headers, body.
 */
export function validatingHandler(schemas: Partial<Record<RequestPart, StandardSchemaV1>>, handler: Handler, contentTypes: readonly string[]): Handler {
  const read = { ...READ };
  if (contentTypes.every((t) => JSON_MEDIA.test(t))) read.body = jsonBodyInput;
  const parts = (['params', 'query', 'headers', 'body'] as const).filter((p) => schemas[p] !== undefined);
  if (parts.length === 0) return handler;
  const validators = parts.map((p) => schemas[p]!['~standard'].validate);
  const n = parts.length;

  function finish(req: Request<unknown>, results: readonly Result[]): unknown {
    let issues: ValidationIssue[] | undefined;
    const valid: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const r = results[i]!;
      if (r.issues) for (const issue of r.issues) (issues ??= []).push({ in: parts[i]!, path: issuePath(issue.path), message: issue.message });
      else valid[parts[i]!] = r.value;
    }
    if (issues) return unprocessable(issues);
    (req as { valid: unknown }).valid = valid;
    return handler(req as Request<never>);
  }

  if (n === 1) {
    // One schema (most often a body): no arrays on the request path.
    const [part] = parts as [RequestPart];
    const readPart = read[part];
    const validate = validators[0]!;
    const one = (req: Request<unknown>, r: Result): unknown => {
      if (r.issues) return finish(req, [r]);
      (req as { valid: unknown }).valid = part === 'body' ? { body: r.value } : { [part]: r.value };
      return handler(req as Request<never>);
    };
    return function validated(req) {
      const r = validate(readPart(req as Request<unknown>));
      return isThenable(r) ? Promise.resolve(r).then((x) => one(req as Request<unknown>, x)) : one(req as Request<unknown>, r);
    };
  }

  return function validated(req) {
    // Read every part first: a malformed body is a 400 whatever the other parts hold.
    const inputs: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) inputs[i] = read[parts[i]!](req as Request<unknown>);
    const results: (Result | Promise<Result>)[] = new Array(n);
    let async = false;
    for (let i = 0; i < n; i++) {
      const r = validators[i]!(inputs[i]);
      if (isThenable(r)) async = true;
      results[i] = r;
    }
    if (async) return Promise.all(results).then((rs) => finish(req as Request<unknown>, rs));
    return finish(req as Request<unknown>, results as Result[]);
  };
}

/** Where response validation is decided: the app's setting, or the invocation's (the test client). */
export interface ResponseValidation {
  enabled(req: Request<unknown>): boolean;
  readonly debug: boolean;
}

/**
 * How an app's routes with response schemas decide, per request, whether to check: the app's
 * `validateResponses` option, else `CALIX_VALIDATE_RESPONSES=1` (read once), or a caller that
 * marks its Lambda context (the test client, `calix local`).
 */
export function responsePolicy(app: { readonly debug: boolean; responseValidation: boolean | undefined }): ResponseValidation {
  return {
    debug: app.debug,
    enabled: (req) =>
      (app.responseValidation ??= globalThis.process?.env?.CALIX_VALIDATE_RESPONSES === '1') ||
      (req.lambdaContext as Record<symbol, unknown> | undefined)?.[VALIDATE_RESPONSES] === true,
  };
}

/** The value a client would parse from `res`'s body: JSON parsed, text as text, bytes as bytes. */
function responseValue(res: Response): unknown {
  const b = res.body;
  if (b === undefined || b === null) return undefined;
  if (b instanceof Uint8Array || b instanceof ArrayBuffer) return b;
  const type = res.header('content-type');
  if (typeof b === 'string') {
    if (typeof type === 'string' && JSON_MEDIA.test(type.split(';')[0]!.trim().toLowerCase())) {
      try {
        return JSON.parse(b);
      } catch {
        return b;
      }
    }
    return b;
  }
  // An object body goes out as JSON: check what the client will read, not the live object.
  return JSON.parse(JSON.stringify(b));
}

/**
 * `handler` whose return value is checked against the route's `response` schema for its status,
 * when `policy` says so (off by default: production pays one boolean test per request of such a
 * route). A mismatch is the handler's bug: a 500, with the issues logged (and in the body in debug).
 * Statuses without a schema, and thrown errors, are not checked.
 */
export function responseCheckingHandler(what: string, responses: { readonly [status: number]: StandardSchemaV1 }, policy: ResponseValidation, handler: Handler): Handler {
  function check(value: unknown): Response | Promise<Response> {
    const res = toResponse(value);
    const schema = responses[res.status];
    if (!schema) return res;
    const r = schema['~standard'].validate(responseValue(res));
    return isThenable(r) ? Promise.resolve(r).then((x) => verdict(res, x)) : verdict(res, r);
  }
  function verdict(res: Response, r: Result): Response {
    if (!r.issues) return res;
    const issues = r.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
    // Where response validation runs (tests, `calix local`), the log is what the developer reads.
    console.error(`Calix: ${what} answered ${res.status} with a body its response schema refuses; answering 500.`, JSON.stringify(issues));
    const body: Record<string, unknown> = { code: 'InternalServerError', message: 'An internal server error occurred.' };
    if (policy.debug) Object.assign(body, { message: `Response validation failed (status ${res.status})`, issues });
    return new Response(JSON.stringify(body), { status: 500, headers: { 'content-type': 'application/json' } });
  }
  return function checked(req) {
    if (!policy.enabled(req as Request<unknown>)) return handler(req);
    const out = handler(req);
    return isThenable(out) ? Promise.resolve(out).then(check) : check(out);
  };
}
