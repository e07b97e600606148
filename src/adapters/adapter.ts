// One class per Lambda event format that carries an HTTP request (in the manner of Hono's
// EventProcessor): it reads the request out of the event and writes a Response back as the
// result that format expects. The router works on these methods only, never on the format.
import type { ApiGatewayEvent, ApiGatewayResult } from '../aws-types.js';
import { EMPTY } from '../empty.js';
import { malformedEvent } from '../http/errors.js';
import type { HeaderMap } from '../http/headers.js';
import { formatResult, type ResultShape } from '../http/respond.js';
import type { Response } from '../http/response.js';
import type { Route } from '../routing/route.js';

/** A path parameter that is not valid percent-encoding: the client's error (`/items/%E0%A4%A`). */
export class BadEncoding {
  constructor(readonly name: string) {}
}

export type Params = Record<string, string>;

export abstract class EventAdapter<E extends ApiGatewayEvent> implements ResultShape {
  /** Upper-case HTTP method. */
  abstract method(event: E): string;
  /** The request path as routes see it (no stage prefix). */
  abstract path(event: E): string;
  /** The route template API Gateway already matched (`/users/{id}`), when the event names one. */
  abstract template(event: E): string | undefined;
  /** Whether `pathParameters` arrive percent-encoded (and are decoded for the route). */
  protected abstract readonly encodedParams: boolean;
  /**
   * Only where no API Gateway authorizer or API key check ran (a Function URL, ./function-url.ts):
   * the answer to a route that needs one, or undefined to serve it.
   */
  unguarded?(route: Route, extra: Record<string, string> | undefined): ApiGatewayResult | undefined;

  abstract headers(event: E): HeaderMap;
  /** Query string with every value of repeated names. */
  abstract multiQuery(event: E): Record<string, string[]>;
  /** Verified token claims a Cognito/JWT authorizer put in the request context. */
  abstract claims(event: E): Record<string, unknown> | undefined;
  abstract sourceIp(event: E): string | undefined;

  abstract multiHeader(out: ApiGatewayResult, name: string, values: readonly string[]): void;
  abstract cookies(out: ApiGatewayResult, cookies: string[]): void;

  /** One request header by lower-case name: own keys and string values only (a direct invoke can send anything). */
  header(event: E, lower: string): string | undefined {
    const h = event.headers;
    if (!h || typeof h !== 'object') return undefined;
    const direct = Object.hasOwn(h, lower) ? h[lower] : undefined;
    if (typeof direct === 'string') return direct;
    for (const k in h) if (k.length === lower.length && k.toLowerCase() === lower && typeof h[k] === 'string') return h[k];
    return undefined;
  }

  /**
   * The event's path parameters as routes see them (decoded). A BadEncoding for a malformed escape;
   * throws a 400 for a field of the wrong type (only a direct invoke sends one).
   */
  params(event: E): Params | BadEncoding {
    const p: unknown = event.pathParameters;
    if (p === null || p === undefined) return EMPTY;
    if (typeof p !== 'object' || Array.isArray(p)) throw malformedEvent('pathParameters');
    const given = p as Record<string, unknown>;
    let out: Params | undefined;
    for (const k of Object.keys(given)) {
      const v = given[k];
      if (typeof v !== 'string') throw malformedEvent('pathParameters', k);
      if (this.encodedParams && v.includes('%')) {
        out ??= Object.assign(Object.create(null), given);
        try {
          out![k] = decodeURIComponent(v);
        } catch {
          return new BadEncoding(k);
        }
      }
    }
    return out ?? (given as Params);
  }

  /** A Response as this format's result, with `extra` headers (CORS) the Response does not set itself. */
  result(res: Response, extra: Record<string, string> | undefined): ApiGatewayResult {
    return formatResult(res, extra, this);
  }
}
