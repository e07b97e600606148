import type { Authorizer, CognitoUserPoolAuthorizer, CustomAuthorizer } from './auth/authorizers.js';
import type { Auth } from './auth/claims.js';
import type { CorsConfig } from './http/cors.js';
import type { Request } from './http/request.js';
import type { Response } from './http/response.js';

/** `'/users/{id}/files/{path+}'` -> `'id' | 'path'` */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer N}+` ? N : Name) | ParamNames<Rest>
  : never;

/** The `req.params` of a route: exactly its path's parameters, as strings. */
export type PathParams<P extends string> = string extends P ? Record<string, string> : { [K in ParamNames<P>]: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** What a handler may return: JSON-able value, text, bytes, a Response, or nothing (204). */
export type HandlerResult = unknown;

export type RouteHandler<P extends string = string> = (req: Request<PathParams<P>>) => HandlerResult | Promise<HandlerResult>;

/**
 * The request of a route whose Cognito or custom authorizer let the caller through: `req.auth` is
 * always set there (API Gateway, `calix local` and the test client refuse the request otherwise).
 * IAM routes keep `req.auth` optional: IAM puts no authorizer context in the event.
 */
export type AuthenticatedRequest<P = Record<string, string>> = Request<P> & { readonly auth: Auth };

export type AuthenticatedRouteHandler<P extends string = string> = (req: AuthenticatedRequest<PathParams<P>>) => HandlerResult | Promise<HandlerResult>;

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
}
