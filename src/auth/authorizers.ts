import type { LambdaContext } from '../aws-types.js';
import { RegistrationError } from '../http/errors.js';
import { simpleResponse, type SimpleAuthorizerResponse } from './simple-response.js';

/** How an authorizer appears in the manifest; the infrastructure and `calix local` read this. */
export type AuthorizerManifest =
  /** API Gateway's COGNITO_USER_POOLS authorizer. Exactly one of userPoolName (a pool Calix creates) / userPoolArn is set. No scopes: ID tokens; scopes: access tokens carrying at least one of them. */
  | { kind: 'cognito_user_pools'; name: string; header: string; userPoolName: string | null; userPoolArn: string | null; scopes: string[] }
  /** API Gateway's AWS_IAM authorization (SigV4-signed requests). */
  | { kind: 'iam'; name: string }
  /**
   * A Lambda TOKEN authorizer: API Gateway passes the `header` value to the app's own function
   * `function` (deployed with `CALIX_HANDLER=<function>`, like a trigger) and caches the policy
   * it returns per token for `ttlSeconds` (0: no caching).
   */
  | { kind: 'custom'; name: string; header: string; ttlSeconds: number; function: string };

/** Base of every authorizer declaration; registration only records data. */
export abstract class Authorizer {
  constructor(readonly name: string) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new RegistrationError(`authorizer name "${name}" must be 1-64 letters, digits, "-" or "_"`);
    }
  }
  abstract toManifest(): AuthorizerManifest;
}

const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkHeader(name: string, header: unknown): string {
  if (header === undefined) return 'Authorization';
  if (typeof header !== 'string' || !HEADER.test(header)) throw new RegistrationError(`authorizer "${name}": header ${JSON.stringify(header)} is not an HTTP header name`);
  return header;
}

export interface CognitoUserPoolAuthorizerOptions {
  /** A user pool Calix creates (or finds) by this name. @default the authorizer's name */
  userPoolName?: string;
  /** An existing pool, e.g. `arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC`. */
  userPoolArn?: string;
  /** Request header carrying the token. @default 'Authorization' */
  header?: string;
  /**
   * OAuth scopes (`resource-server/scope`): requests then need an **access token** carrying at
   * least one of them (ID tokens are refused, as API Gateway does). Empty: **ID tokens** only. @default []
   */
  scopes?: readonly string[];
}

/** Protects routes with a Cognito user pool, as API Gateway's COGNITO_USER_POOLS authorizer does. */
export class CognitoUserPoolAuthorizer extends Authorizer {
  readonly options: Readonly<CognitoUserPoolAuthorizerOptions>;

  constructor(name: string, options: CognitoUserPoolAuthorizerOptions = {}) {
    super(name);
    if (options.userPoolName && options.userPoolArn) {
      throw new RegistrationError(`authorizer "${name}": give userPoolName or userPoolArn, not both`);
    }
    if (options.userPoolArn && !/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/.test(options.userPoolArn)) {
      throw new RegistrationError(`authorizer "${name}": userPoolArn "${options.userPoolArn}" is not a Cognito user pool ARN`);
    }
    checkHeader(name, options.header);
    if (options.scopes !== undefined && (!Array.isArray(options.scopes) || options.scopes.some((s) => typeof s !== 'string' || !/^\S+$/.test(s)))) {
      throw new RegistrationError(`authorizer "${name}": scopes must be a list of scope names without spaces, like ["orders/read"]`);
    }
    this.options = options;
  }

  toManifest(): AuthorizerManifest {
    const o = this.options;
    return {
      kind: 'cognito_user_pools',
      name: this.name,
      header: o.header ?? 'Authorization',
      userPoolName: o.userPoolArn ? null : (o.userPoolName ?? this.name),
      userPoolArn: o.userPoolArn ?? null,
      scopes: [...(o.scopes ?? [])],
    };
  }
}

/** Requires SigV4-signed requests (API Gateway's AWS_IAM authorization). */
export class IAMAuthorizer extends Authorizer {
  constructor(name = 'iam') {
    super(name);
  }
  toManifest(): AuthorizerManifest {
    return { kind: 'iam', name: this.name };
  }
}

/** The event API Gateway sends a TOKEN (or REQUEST) Lambda authorizer. */
export interface AuthorizerEvent {
  type: 'TOKEN' | 'REQUEST';
  /** TOKEN: the header's value, exactly as sent (`Bearer …` included). */
  authorizationToken?: string;
  /** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>` of the request (REST APIs). */
  methodArn: string;
  /** The same ARN from an HTTP API (payload format 2.0 REQUEST events carry it instead of methodArn). */
  routeArn?: string;
  [key: string]: unknown;
}

/** What a custom authorizer function receives. */
export interface AuthRequest {
  /** The token from the authorizer's header. */
  token: string;
  /** The request's method ARN; `AuthResponse` builds its policy from it. */
  methodArn: string;
  /** The raw authorizer event. */
  event: AuthorizerEvent;
}

/** A route an `AuthResponse` allows: a URL path (`*` wildcards; `{param}` counts as `*`) and its methods. */
export interface AuthRoute {
  path: string;
  /** @default every method */
  methods?: readonly string[];
}

/** The IAM policy a Lambda authorizer returns to API Gateway. */
export interface AuthorizerPolicy {
  principalId: string;
  policyDocument: { Version: string; Statement: { Action: string | string[]; Effect: 'Allow' | 'Deny'; Resource: string | string[] }[] };
  /** Passed to the route as `requestContext.authorizer.<key>`: strings, numbers or booleans only. */
  context?: Record<string, string | number | boolean>;
  usageIdentifierKey?: string;
}

export interface AuthResponseInit {
  /** What the caller may call: `'/todos/*'`, `'*'` (everything), `{ path: '/admin', methods: ['GET'] }`. Empty: nothing (deny). */
  routes: readonly (string | AuthRoute)[];
  /** Who the caller is; the route sees it as `req.auth.sub` and `requestContext.authorizer.principalId`. */
  principalId: string;
  /** Values for the route: `req.auth.claims` and `requestContext.authorizer.<key>`. */
  context?: Record<string, string | number | boolean>;
}

/**
 * A custom authorizer's answer, like Chalice's `AuthResponse`: the routes the token may call,
 * turned into the allow (or, with no routes, deny) policy API Gateway expects. API Gateway caches
 * the policy per token (`ttlSeconds`), so list every route this token may call, not just this one.
 */
export class AuthResponse {
  constructor(readonly init: AuthResponseInit) {}

  /** The policy for a request whose method ARN is `methodArn`. */
  toPolicy(methodArn: string): AuthorizerPolicy {
    // arn:aws:execute-api:region:account:apiId/stage/METHOD/path -> arn:...:apiId/stage
    const slash = methodArn.indexOf('/');
    const base = methodArn.slice(0, methodArn.indexOf('/', slash + 1));
    const resources: string[] = [];
    for (const r of this.init.routes) {
      const path = (typeof r === 'string' ? r : r.path).replace(/\{[^}]+\}/g, '*');
      if (path === '*') {
        resources.push(`${base}/*`);
        continue;
      }
      for (const m of (typeof r === 'string' ? undefined : r.methods) ?? ['*']) resources.push(`${base}/${m.toUpperCase()}/${path.replace(/^\//, '')}`);
    }
    const allow = resources.length > 0;
    return {
      principalId: this.init.principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: allow ? 'Allow' : 'Deny', Resource: allow ? resources : [`${base}/*`] }],
      },
      ...(this.init.context ? { context: { ...this.init.context } } : {}),
    };
  }
}

/**
 * A custom authorizer's function. Return an `AuthResponse` (or a raw policy); throw
 * `new UnauthorizedError()` for API Gateway's 401; any other error is API Gateway's 500.
 */
export type AuthorizerFunction = (request: AuthRequest, context?: LambdaContext) => AuthResponse | AuthorizerPolicy | Promise<AuthResponse | AuthorizerPolicy>;

export interface CustomAuthorizerOptions {
  /** Request header carrying the token. @default 'Authorization' */
  header?: string;
  /** How long API Gateway caches the policy per token, 0-3600 s; 0 turns caching off. @default 300 */
  ttlSeconds?: number;
}

/**
 * A Lambda TOKEN authorizer (Chalice's `@app.authorizer`): `fn` runs in its own function (named
 * after the authorizer) and decides from the token which routes the caller may call.
 */
export class CustomAuthorizer extends Authorizer {
  readonly header: string;
  readonly ttlSeconds: number;

  constructor(
    name: string,
    options: CustomAuthorizerOptions,
    readonly fn: AuthorizerFunction,
  ) {
    super(name);
    if (!/^[A-Za-z]/.test(name) || name.toLowerCase() === 'api') {
      throw new RegistrationError(`custom authorizer "${name}": the name becomes its Lambda function's name: start with a letter, and "api" is the router's`);
    }
    if (typeof fn !== 'function') throw new RegistrationError(`custom authorizer "${name}": the authorizer function must be a function (request) => AuthResponse`);
    this.header = checkHeader(name, options?.header);
    const ttl = options?.ttlSeconds ?? 300;
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) throw new RegistrationError(`custom authorizer "${name}": ttlSeconds must be a whole number from 0 to 3600, got ${ttl}`);
    this.ttlSeconds = ttl;
  }

  toManifest(): AuthorizerManifest {
    return { kind: 'custom', name: this.name, header: this.header, ttlSeconds: this.ttlSeconds, function: this.name };
  }

  /**
   * HTTP APIs (payload format 2.0, simple responses): the answer for the policy `fn` returned,
   * authorized when it allows this request's `routeArn`, as a REST API evaluates it.
   */
  simpleResponse(policy: AuthorizerPolicy, routeArn: string): SimpleAuthorizerResponse {
    return simpleResponse(policy, routeArn);
  }
}
