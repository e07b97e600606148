import type { Authorizer, CognitoUserPoolAuthorizer, CustomAuthorizer } from './auth/authorizers.js';
import type { Auth } from './auth/claims.js';
import type { CorsConfig } from './http/cors.js';
import type { Request } from './http/request.js';
import type { Response } from './http/response.js';
import type { StandardSchemaV1 } from './schema/standard.js';

/** `'/users/{id}/files/{path+}'` -> `'id' | 'path'` */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer N}+` ? N : Name) | ParamNames<Rest>
  : never;

/** The `req.params` of a route: exactly its path's parameters, as strings. */
export type PathParams<P extends string> = string extends P ? Record<string, string> : { [K in ParamNames<P>]: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What a handler may return: JSON-able value, text, bytes, a Response, or nothing (204). */
export type HandlerResult = unknown;

/** A route handler; `V` is the type of `req.valid` (from the route's schemas, see `Validated`). */
export type RouteHandler<P extends string = string, V = {}> = (req: Request<PathParams<P>, V>) => HandlerResult | Promise<HandlerResult>;

/**
 * The request of a route whose Cognito or custom authorizer let the caller through: `req.auth` is
 * always set there (API Gateway, `calix local` and the test client refuse the request otherwise).
 * IAM routes keep `req.auth` optional: IAM puts no authorizer context in the event.
 */
export type AuthenticatedRequest<P = Record<string, string>, V = {}> = Request<P, V> & { readonly auth: Auth };

export type AuthenticatedRouteHandler<P extends string = string, V = {}> = (req: AuthenticatedRequest<PathParams<P>, V>) => HandlerResult | Promise<HandlerResult>;

/** Route options naming a Cognito or custom authorizer: the handler gets an `AuthenticatedRequest`. */
export type AuthenticatedRouteOptions = RouteOptions & { authorizer: CognitoUserPoolAuthorizer | CustomAuthorizer };

/**
 * What a registration method returns when called without its handler: a standard (TC39) method
 * decorator, `@app.route('/orders/{id}')`. The method must fit the handler type `H` as a handler
 * passed to the call form would: for a route, its `req` must accept the route's parameters
 * (`req: Request<{ id: string }>`).
 */
export type HandlerDecorator<H extends (...args: any) => unknown> = (method: H, context: ClassMethodDecoratorContext<any, any>) => void;

/** Runs around every route: call `next()` to run the rest of the chain and get its Response. */
export type Middleware = (req: Request, next: () => Promise<Response>) => HandlerResult | Promise<HandlerResult>;

export interface RouteOptions {
  /** @default ['GET'] */
  methods?: readonly (HttpMethod | Lowercase<HttpMethod>)[];
  /** Authorizer protecting this route; `null` opts out of an app-wide default. @default the app's / blueprint's authorizer */
  authorizer?: Authorizer | null;
  /** CORS for this route; `false` opts out of an app-wide setting. @default the app's / blueprint's cors */
  cors?: boolean | CorsConfig;
  /** Accepted request content types (`image/*` and `*\/*` allowed). @default ['application/json'] */
  contentTypes?: readonly string[];
  /** Requires an API Gateway API key (`x-api-key`). @default false */
  apiKeyRequired?: boolean;
  /** Stable route name (the OpenAPI operationId). @default derived from the handler or the path */
  name?: string;
  /**
   * Standard Schema (zod 4, valibot, arktype…) for the request body: the parsed JSON body (the body
   * text for a non-JSON media type; `undefined` without a body). Its output is `req.valid.body`;
   * a value it refuses is a 422. A malformed JSON body stays a 400.
   */
  body?: StandardSchemaV1;
  /**
   * Schema for the query string: an object of strings, `string[]` for a name given more than once.
   * No coercion: use `z.coerce.number()` (not `z.number()`) for a number. Output: `req.valid.query`.
   */
  query?: StandardSchemaV1;
  /** Schema for the path parameters: an object of (decoded) strings. Output: `req.valid.params`. */
  params?: StandardSchemaV1;
  /**
   * Schema for the headers: an object of lower-case names to strings (repeated headers joined
   * with `, `). Output: `req.valid.headers`.
   */
  headers?: StandardSchemaV1;
  /**
   * Schemas of the response body by status, for documentation (OpenAPI) and, where turned on
   * (`validateResponses`), a check of what the handler returns: a mismatch is a logged 500.
   */
  response?: { readonly [status: number]: StandardSchemaV1 };
}

/** The route options that validate a part of the request, and `req.valid`'s keys. */
export type RequestPart = 'params' | 'query' | 'headers' | 'body';

/**
 * The type of `req.valid` for route options `O`: one key per request schema the options certainly
 * declare, typed as that schema's output. No schema, no key: `req.valid.body` does not compile on a
 * route without `body`. (Options typed only as `RouteOptions` declare nothing certain: `{}`.)
 */
export type Validated<O> = {
  readonly [K in keyof O & RequestPart as undefined extends O[K] ? never : O[K] extends StandardSchemaV1 ? K : never]: O[K] extends StandardSchemaV1
    ? StandardSchemaV1.InferOutput<O[K]>
    : never;
};
