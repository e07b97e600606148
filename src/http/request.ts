import type { EventAdapter } from '../adapters/adapter.js';
import type { ApiGatewayEvent, LambdaContext } from '../aws-types.js';
import type { Auth } from '../auth/claims.js';
import { EMPTY } from '../empty.js';
import { readAuth } from '../seams/authorizers.js';
import { mediaType } from './content-type.js';
import { BadRequestError, malformedEvent as malformed } from './errors.js';
import type { HeaderMap } from './headers.js';

const UNPARSED = Symbol('unparsed');

/**
 * One HTTP request, read from an API Gateway REST (v1) or HTTP API (v2) event by its format's
 * adapter. Everything beyond method, path and params is derived on first access: a route that
 * only reads `req.params` pays for nothing else.
 */
// Fields the constructor sets are `declare`d: one assignment each, and no field definition first.
export class Request<P = Record<string, string>, V = {}> {
  /** Upper-case HTTP method. */
  declare readonly method: string;
  /** Request path, without the stage. */
  declare readonly path: string;
  /** Path parameters, URL-decoded, typed from the route's path. */
  declare readonly params: P;
  /** The API Gateway event exactly as received. */
  declare readonly event: ApiGatewayEvent;
  /** The Lambda context (absent when a handler is called outside Lambda). */
  declare readonly lambdaContext: LambdaContext | undefined;
  /**
   * The outputs of the route's request schemas (`body`, `query`, `params`, `headers` options), typed
   * from them; set just before the handler runs, after middleware (middleware sees `{}`).
   */
  declare readonly valid: V;

  private declare readonly adapter: EventAdapter<any>;
  private _headers: HeaderMap | undefined;
  private _query: Record<string, string> | undefined;
  private _multiQuery: Record<string, string[]> | undefined;
  private _text: string | null | undefined;
  private _json: unknown = UNPARSED;

  /** @internal Made by the router. */
  constructor(adapter: EventAdapter<any>, event: ApiGatewayEvent, method: string, path: string, params: P, lambdaContext?: LambdaContext) {
    this.adapter = adapter;
    this.event = event;
    this.method = method;
    this.path = path;
    this.params = params;
    this.lambdaContext = lambdaContext;
    this.valid = EMPTY as V;
  }

  /** Case-insensitive, multi-value headers. (HTTP API v2 events arrive with repeated headers comma-joined.) */
  get headers(): HeaderMap {
    return (this._headers ??= this.adapter.headers(this.event));
  }

  /**
   * Query string, one value per name (the last one when repeated, as API Gateway REST does).
   * A null-prototype object: every name a client sends (`__proto__`, `toString`…) is plain data.
   */
  get query(): Record<string, string> {
    if (this._query === undefined) {
      const q: Record<string, string> = Object.create(null);
      const multi = this.multiQuery;
      for (const k in multi) q[k] = multi[k]![multi[k]!.length - 1]!;
      this._query = q;
    }
    return this._query;
  }

  /** Query string with every value of repeated names, e.g. `?tag=a&tag=b` -> `{ tag: ['a', 'b'] }`. */
  get multiQuery(): Record<string, string[]> {
    return (this._multiQuery ??= this.adapter.multiQuery(this.event));
  }

  /** Cookies sent by the client, by name (a null-prototype object, like `query`). */
  get cookies(): Record<string, string> {
    const out: Record<string, string> = Object.create(null);
    for (const header of this.headers.getAll('cookie')) {
      for (const pair of header.split(';')) {
        const eq = pair.indexOf('=');
        if (eq > 0) out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
    }
    return out;
  }

  /** Media type of the body, lower-case, without parameters (`application/json`). */
  get contentType(): string | undefined {
    return mediaType(this.headers.get('content-type'));
  }

  /** @internal The body's media type read straight from the event, without building `headers` (a body schema's fast path). */
  bodyType(): string | undefined {
    return this._headers ? this.contentType : mediaType(this.adapter.header(this.event, 'content-type'));
  }

  /** API Gateway's requestContext, including `authorizer` (v1) or `authorizer.jwt` (v2). */
  get context(): ApiGatewayEvent['requestContext'] {
    return this.event.requestContext;
  }

  /** Verified token claims put there by a Cognito/JWT authorizer, if any. */
  get claims(): Record<string, unknown> | undefined {
    return this.adapter.claims(this.event);
  }

  /**
   * The caller the route's authorizer let through: `{ sub, username, email, groups, scopes,
   * tokenUse, claims }` from a Cognito token, or a custom authorizer's principalId and context.
   * undefined on public routes.
   */
  get auth(): Auth | undefined {
    return readAuth(this.event.requestContext.authorizer);
  }

  /** `req.auth` with your own claims typed: `req.authAs<{ 'custom:tenant': string }>()`. */
  authAs<C extends object>(): Auth<C> | undefined {
    return this.auth as Auth<C> | undefined;
  }

  get stageVariables(): Record<string, string> {
    return (this.event.stageVariables ?? {}) as Record<string, string>;
  }

  get sourceIp(): string | undefined {
    return this.adapter.sourceIp(this.event);
  }

  private rawBody(): string | null | undefined {
    const b = this.event.body;
    if (b !== null && b !== undefined && typeof b !== 'string') throw malformed('body');
    return b;
  }

  /** Whether the event carried a non-empty body. */
  get hasBody(): boolean {
    const b = this.rawBody();
    return b !== null && b !== undefined && b !== '';
  }

  /** The body as text (base64 bodies decoded as UTF-8), or null without a body. */
  get body(): string | null {
    if (this._text === undefined) {
      const b = this.rawBody();
      this._text = b === null || b === undefined ? null : this.event.isBase64Encoded ? Buffer.from(b, 'base64').toString('utf8') : b;
    }
    return this._text;
  }

  /** The body as text; empty string without a body. */
  text(): string {
    return this.body ?? '';
  }

  /** The body as bytes (binary uploads arrive base64-encoded and are decoded here). */
  bytes(): Uint8Array {
    const b = this.rawBody();
    if (b === null || b === undefined) return new Uint8Array(0);
    return this.event.isBase64Encoded ? Buffer.from(b, 'base64') : Buffer.from(b, 'utf8');
  }

  /** The body parsed as JSON, once. A missing or malformed body is a 400 for the client. */
  json<T = unknown>(): T {
    if (this._json === UNPARSED) {
      const text = this.body;
      if (text === null || text.trim() === '') throw new BadRequestError('Request body is empty; expected a JSON document');
      try {
        this._json = JSON.parse(text);
      } catch (e) {
        throw new BadRequestError(`Request body is not valid JSON: ${(e as Error).message}`);
      }
    }
    return this._json as T;
  }
}
