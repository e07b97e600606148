// What API Gateway's authorizers do before the router Lambda sees a request, done locally:
// Cognito user pool tokens verified with aws-jwt-verify (signature against the pool's JWKS, issuer,
// expiry, token use, client, scopes), IAM requests checked for a SigV4 shape, and custom Lambda
// authorizers run from the app's own bundle: a REST API's TOKEN authorizer with its policy enforced
// and cached, an HTTP API's REQUEST authorizer (payload format 2.0) with its simple response relayed.
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { AuthorizerManifest } from '../../src/auth/authorizers.js';
import { evaluatePolicy } from '../../src/auth/policy.js';
import type { ApiGatewayV1Event, ApiGatewayV2Event } from '../../src/aws-types.js';
import type { Manifest } from '../../src/manifest.js';
import type { AuthorizerSettings } from '../../project/types.js';
import { authorizerConfigKey as configKey, resolvePool, type PoolTarget } from '../../project/user-pools.js';

type Cognito = Extract<AuthorizerManifest, { kind: 'cognito_user_pools' }>;
type Custom = Extract<AuthorizerManifest, { kind: 'custom' }>;

/** API Gateway's own answer when an authorizer refuses a request, and why (for the dev server's log). */
export interface Denial {
  status: number;
  /** `x-amzn-ErrorType`. */
  type: string;
  /** The JSON body API Gateway sends. */
  body: string;
  /** Headers API Gateway adds to this answer (an HTTP API's `www-authenticate`). */
  headers?: Record<string, string>;
  reason: string;
}

const deny = (status: number, type: string, body: unknown, reason: string): Denial => ({ status, type, body: JSON.stringify(body), reason });
const unauthorized = (reason: string) => deny(401, 'UnauthorizedException', { message: 'Unauthorized' }, reason);

// An HTTP API's own answers: no x-amzn-ErrorType, and other bodies than a REST API's.
const httpUnauthorized = (reason: string, headers?: Record<string, string>): Denial => ({ ...deny(401, '', { message: 'Unauthorized' }, reason), ...(headers ? { headers } : {}) });
const httpForbidden = (reason: string, headers?: Record<string, string>): Denial => ({ ...deny(403, '', { message: 'Forbidden' }, reason), ...(headers ? { headers } : {}) });
const httpFailed = (reason: string): Denial => deny(500, '', { message: 'Internal Server Error' }, reason);

/** What an HTTP API's JWT authorizer says in `www-authenticate` when it refuses a token. */
const bearerChallenge = (scopes: readonly string[], error: string, description: string) => ({
  'www-authenticate': `Bearer scope="${scopes.join(' ')}" error="${error}" error_description="${description.replace(/["\\]/g, "'")}"`,
});

/**
 * Claims as an HTTP API puts them in `requestContext.authorizer.jwt.claims`: strings as they are,
 * numbers and booleans as their text, lists as `[a b]` (how `cognito:groups` arrives), objects JSON.
 */
export function httpApiClaims(payload: JwtPayload): Record<string, string> {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') out.push([k, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push([k, String(v)]);
    else if (Array.isArray(v)) out.push([k, `[${v.map(String).join(' ')}]`]);
    else out.push([k, JSON.stringify(v)]);
  }
  return Object.fromEntries(out);
}

/** A JWT's scopes (`scope`, space-separated, as Cognito writes it; or `scp`). */
const tokenScopes = (payload: JwtPayload): string[] => {
  const raw = payload.scope ?? (payload as { scp?: unknown }).scp;
  return Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(' ').filter(Boolean) : [];
};

/** Fetches a JWKS over http(s) with `fetch` (aws-jwt-verify's own fetcher is https-only); `fixed` redirects every request (an emulator serving an AWS-shaped pool). */
function jwksFetcher(fixed: string | undefined): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      const url = fixed ?? uri;
      let r: globalThis.Response;
      try {
        r = await fetch(url, { signal: AbortSignal.timeout(5000) });
      } catch (e) {
        throw new Error(`cannot fetch the JWKS from ${url}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`);
      }
      if (!r.ok) throw new Error(`cannot fetch the JWKS from ${url}: HTTP ${r.status}`);
      return r.arrayBuffer();
    },
  };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `Fri Jan 12 15:03:20 UTC 2024`: how API Gateway REST writes `exp` and `iat`. */
export function apiGatewayDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Claims as API Gateway REST puts them in `requestContext.authorizer.claims`: every value a
 * string. `exp`/`iat` become dates (`Fri Jan 12 15:03:20 UTC 2024`), other numbers and booleans
 * their text (`"1705067900"`, `"true"`), lists (`cognito:groups`) comma-joined (`"admins,readers"`),
 * objects JSON.
 */
export function restApiClaims(payload: JwtPayload): Record<string, string> {
  // Entries, then own properties: a claim named `__proto__` stays a claim.
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') out.push([k, v]);
    else if (typeof v === 'number') out.push([k, (k === 'exp' || k === 'iat') && Number.isFinite(v) ? apiGatewayDate(v) : String(v)]);
    else if (typeof v === 'boolean') out.push([k, String(v)]);
    else if (Array.isArray(v)) out.push([k, v.map(String).join(',')]);
    else out.push([k, JSON.stringify(v)]);
  }
  return Object.fromEntries(out);
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Why a Lambda authorizer's answer is not one API Gateway accepts (API Gateway then answers 500); undefined when it is valid. */
export function policyProblem(r: any): string | undefined {
  if (!r || typeof r !== 'object') return `it returned ${JSON.stringify(r)}, not a policy (return an AuthResponse)`;
  if (typeof r.principalId !== 'string') return 'its result has no principalId string';
  if (!r.policyDocument || list(r.policyDocument.Statement).length === 0) return 'its result has no policyDocument.Statement';
  if (r.context !== undefined) {
    if (typeof r.context !== 'object' || r.context === null || Array.isArray(r.context)) return 'its context must be an object';
    for (const [k, v] of Object.entries(r.context)) if (!['string', 'number', 'boolean'].includes(typeof v)) return `its context.${k} is ${Array.isArray(v) ? 'an array' : typeof v}; context values must be strings, numbers or booleans`;
  }
  return undefined;
}

function header(event: ApiGatewayV1Event, name: string): string | undefined {
  const want = name.toLowerCase();
  let value: string | undefined;
  for (const [k, v] of Object.entries(event.multiValueHeaders ?? {})) if (k.toLowerCase() === want && v?.length) value = v[v.length - 1];
  return value;
}

/** A v2 event's header (names are lower-case there; repeats comma-joined). */
const v2Header = (event: ApiGatewayV2Event, name: string): string | undefined => event.headers?.[name.toLowerCase()];

/** Runs one of the app's functions (by logical name: `api` is the router) with its environment and Lambda context. */
/**
 * Runs one of the app's functions on an event. `streams`: the caller sends a streamed body's chunks
 * as they come (the router's result then carries them instead of a collected body; src/http/stream.ts).
 */
export type InvokeFunction = (fn: string, event: unknown, streams?: boolean) => Promise<unknown>;

/** The stage's authorizer settings, as .calix/config.json gives them. */
export interface AuthorizerFacts {
  /** The stage's name, for the config keys named in messages (`stages.<stage>.authorizers.<name>`). */
  readonly stage: string;
  /** `stages.<stage>.authorizers`: each authorizer's pool, clients, emulator. */
  readonly settings: Readonly<Record<string, AuthorizerSettings>>;
  /** The API in front of the router (the stage model's `apiType`), for the notices. @default 'rest' */
  readonly apiType?: 'rest' | 'http';
}
export interface Notice {
  level: 'info' | 'warn';
  text: string;
}

/**
 * One per dev server: holds the verifiers (and so each pool's JWKS, fetched once) across reloads,
 * and the custom authorizers' policy cache (cleared when the app is rebuilt).
 */
export class LocalAuth {
  private readonly verifiers = new Map<string, { verify(token: string): Promise<JwtPayload> }>();
  private readonly jwksCaches = new Map<string, SimpleJwksCache>();
  private readonly policies = new Map<string, { policy: any; until: number }>();
  private policiesFor: InvokeFunction | undefined;
  private readonly noticed = new Set<string>();

  constructor(private readonly facts: AuthorizerFacts) {}

  /** What to tell the developer about the app's authorizers (each sentence once per server). */
  notices(manifest: Manifest): Notice[] {
    const out: Notice[] = [];
    const add = (level: Notice['level'], text: string) => {
      if (!this.noticed.has(text)) out.push({ level, text });
      this.noticed.add(text);
    };
    const used = new Set(manifest.routes.map((r) => r.authorizer).filter(Boolean));
    for (const a of manifest.authorizers) {
      if (a.kind === 'cognito_user_pools') {
        const t = resolvePool(a, this.facts.settings[a.name], this.facts.stage);
        if ('problem' in t) add('warn', t.problem);
        else if (this.facts.apiType === 'http') add('info', `authorizer "${a.name}" (HTTP API JWT authorizer): verifying ID and access tokens${a.scopes.length ? ` with scope ${a.scopes.join(' or ')}` : ''} of pool ${t.userPoolId} (issuer ${t.issuer}, keys from ${t.jwksUrl})${t.clientIds ? ` for audience ${t.clientIds.join(', ')}` : ' for any audience (set clientIds to the API\'s audience)'}`);
        else add('info', `authorizer "${a.name}": verifying ${a.scopes.length ? `access tokens with scope ${a.scopes.join(' or ')}` : 'ID tokens'} of pool ${t.userPoolId} (issuer ${t.issuer}, keys from ${t.jwksUrl})${t.clientIds ? ` for clients ${t.clientIds.join(', ')}` : ''}`);
      } else if (a.kind === 'iam' && used.has(a.name)) {
        add('info', `authorizer "${a.name}" (IAM): requests need a SigV4-signed Authorization header; calix local checks its shape but cannot verify signatures offline`);
      }
    }
    for (const name of Object.keys(this.facts.settings)) {
      if (!manifest.authorizers.some((a) => a.name === name)) {
        add('warn', `${configKey(this.facts.stage, name)} is set in .calix/config.json, but the app has no authorizer named "${name}" (it has: ${manifest.authorizers.map((a) => a.name).join(', ') || 'none'})`);
      }
    }
    return out;
  }

  /**
   * Checks a request against its route's authorizer. On success the event carries what API
   * Gateway adds (`requestContext.authorizer`) and undefined is returned; otherwise API Gateway's answer.
   */
  async authorize(a: AuthorizerManifest, event: ApiGatewayV1Event, invoke: InvokeFunction): Promise<Denial | undefined> {
    if (a.kind === 'cognito_user_pools') return this.cognito(a, event);
    if (a.kind === 'iam') return this.iam(event);
    return this.custom(a, event, invoke);
  }

  private verifier(a: Cognito, t: PoolTarget) {
    const key = JSON.stringify([t, a.scopes.length > 0]);
    let v = this.verifiers.get(key);
    if (v) return v;
    let jwksCache = this.jwksCaches.get(t.jwksUrl);
    if (!jwksCache) this.jwksCaches.set(t.jwksUrl, (jwksCache = new SimpleJwksCache({ fetcher: jwksFetcher(t.jwksUrl) })));
    // API Gateway REST: no scopes on the method -> ID tokens; scopes -> access tokens.
    const tokenUse = a.scopes.length ? 'access' : 'id';
    if (t.aws) {
      const c = CognitoJwtVerifier.create({ userPoolId: t.userPoolId, tokenUse, clientId: t.clientIds }, { jwksCache });
      v = { verify: (token) => c.verify(token) };
    } else {
      const j = JwtVerifier.create(
        {
          issuer: t.issuer,
          audience: null,
          jwksUri: t.jwksUrl,
          customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId: t.clientIds }),
        },
        { jwksCache },
      );
      v = { verify: (token) => j.verify(token) };
    }
    this.verifiers.set(key, v);
    return v;
  }

  private async cognito(a: Cognito, event: ApiGatewayV1Event): Promise<Denial | undefined> {
    const raw = header(event, a.header)?.trim();
    if (!raw) return unauthorized(`no ${a.header} header`);
    const t = resolvePool(a, this.facts.settings[a.name], this.facts.stage);
    if ('problem' in t) return unauthorized(t.problem);
    const token = raw.replace(/^Bearer\s+/i, '');
    let payload: JwtPayload;
    try {
      payload = await this.verifier(a, t).verify(token);
    } catch (e) {
      const err = e as Error;
      // aws-jwt-verify reports a foreign issuer as a configuration problem; say what it means here.
      const foreign = /^issuer not configured: (.*)$/.exec(err.message);
      if (foreign) return unauthorized(`wrong pool: the token's issuer is ${foreign[1]}, this authorizer's is ${t.issuer}`);
      return unauthorized(`${err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name}: ${err.message}`);
    }
    if (a.scopes.length) {
      const have = String(payload.scope ?? '').split(' ');
      if (!a.scopes.some((s) => have.includes(s))) {
        return deny(403, 'AccessDeniedException', { message: 'Forbidden' }, `the access token's scopes (${payload.scope ?? 'none'}) include none of ${a.scopes.join(', ')}`);
      }
    }
    event.requestContext.authorizer = { claims: restApiClaims(payload) };
    return undefined;
  }

  private iam(event: ApiGatewayV1Event): Denial | undefined {
    const auth = header(event, 'authorization');
    // Any Authorization header, even an empty one, is read as a signature attempt: only a request
    // without one is "Missing Authentication Token".
    if (auth === undefined) return deny(403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' }, 'no Authorization header (IAM routes need SigV4-signed requests)');
    const missing: string[] = [];
    const isV4 = auth.startsWith('AWS4-HMAC-SHA256 ');
    for (const part of ['Credential', 'Signature', 'SignedHeaders']) if (!isV4 || !new RegExp(`[ ,]${part}=\\S`).test(auth)) missing.push(`Authorization header requires '${part}' parameter.`);
    if (!header(event, 'x-amz-date') && !header(event, 'date')) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    if (missing.length) return deny(403, 'IncompleteSignatureException', { message: `${missing.join(' ')} Authorization=${auth}` }, 'the Authorization header is not a SigV4 signature');
    const accessKey = /Credential=([^/,\s]+)/.exec(auth)?.[1] ?? null;
    const identity = (event.requestContext.identity ??= {});
    identity.accessKey = accessKey;
    return undefined;
  }

  private async custom(a: Custom, event: ApiGatewayV1Event, invoke: InvokeFunction): Promise<Denial | undefined> {
    const token = header(event, a.header);
    // API Gateway refuses a request without the token before calling the authorizer.
    if (!token) return unauthorized(`no ${a.header} header`);
    const ctx = event.requestContext;
    const region = process.env.AWS_REGION ?? 'us-east-1';
    const methodArn = `arn:aws:execute-api:${region}:${ctx.accountId ?? '123456789012'}:${ctx.apiId ?? 'calixlocal'}/${ctx.stage}/${event.httpMethod}/${event.path.replace(/^\//, '')}`;
    const got = await this.policy(a, token, methodArn, { type: 'TOKEN', authorizationToken: token, methodArn }, invoke);
    if ('unauthorized' in got) return unauthorized(got.unauthorized);
    if ('failed' in got) return deny(500, 'AuthorizerConfigurationException', { message: null }, got.failed);
    const verdict = evaluatePolicy(got.policy, methodArn);
    if (verdict === 'deny') return deny(403, 'AccessDeniedException', { Message: 'User is not authorized to access this resource with an explicit deny' }, `custom authorizer "${a.name}"'s policy denies ${methodArn}`);
    if (verdict === 'none') return deny(403, 'AccessDeniedException', { Message: 'User is not authorized to access this resource' }, notAllowed(a, methodArn));
    ctx.authorizer = { ...got.policy.context, principalId: got.policy.principalId, integrationLatency: got.latency };
    return undefined;
  }

  /** The policy a custom authorizer returns for `token` (from the cache while its TTL lasts), or why there is none. */
  private async policy(a: Custom, token: string, methodArn: string, authEvent: unknown, invoke: InvokeFunction): Promise<{ policy: any; latency: number } | { unauthorized: string } | { failed: string }> {
    if (this.policiesFor !== invoke) {
      this.policies.clear();
      this.policiesFor = invoke;
    }
    const key = `${a.name}\0${token}`;
    const cached = this.policies.get(key);
    if (cached && cached.until > Date.now()) return { policy: cached.policy, latency: 0 };
    const started = performance.now();
    let result: any;
    try {
      result = await invoke(a.function, authEvent);
    } catch (e) {
      const err = e as Error;
      if (err?.message === 'Unauthorized') return { unauthorized: `custom authorizer "${a.name}" answered Unauthorized` };
      return { failed: `custom authorizer "${a.name}" failed: ${err?.stack ?? err}` };
    }
    const problem = policyProblem(result);
    if (problem) return { failed: `custom authorizer "${a.name}": ${problem}` };
    if (a.ttlSeconds > 0) this.policies.set(key, { policy: result, until: Date.now() + a.ttlSeconds * 1000 });
    return { policy: result, latency: Math.round(performance.now() - started) };
  }

  /**
   * Checks a request to an HTTP API against its route's authorizer, as the HTTP API's would: the
   * Cognito authorizer is a JWT authorizer on the pool's issuer, IAM is IAM, a custom authorizer is
   * a Lambda REQUEST authorizer with payload format 2.0 and simple responses (the app's bundle
   * evaluates its AuthResponse for the route ARN and answers `isAuthorized`). On success the v2 event carries
   * `requestContext.authorizer` (`jwt`, `iam` or `lambda`) and undefined is returned.
   */
  async authorizeHttp(a: AuthorizerManifest, event: ApiGatewayV2Event, routeArn: string, invoke: InvokeFunction): Promise<Denial | undefined> {
    if (a.kind === 'cognito_user_pools') return this.jwt(a, event);
    if (a.kind === 'iam') return this.httpIam(event);
    return this.lambda(a, event, routeArn, invoke);
  }

  private jwtVerifier(t: PoolTarget) {
    const key = JSON.stringify(['jwt', t]);
    let v = this.verifiers.get(key);
    if (v) return v;
    let jwksCache = this.jwksCaches.get(t.jwksUrl);
    if (!jwksCache) this.jwksCaches.set(t.jwksUrl, (jwksCache = new SimpleJwksCache({ fetcher: jwksFetcher(t.jwksUrl) })));
    const clients = t.clientIds;
    // An HTTP API's JWT authorizer: issuer, signature, expiry, and the audience (`aud`, or
    // `client_id` when there is no `aud`) among its clients; ID and access tokens alike.
    const j = JwtVerifier.create(
      {
        issuer: t.issuer,
        audience: null,
        jwksUri: t.jwksUrl,
        customJwtCheck: ({ payload }) => {
          if (!clients) return;
          const aud = payload.aud ?? (payload as { client_id?: unknown }).client_id;
          if (!(Array.isArray(aud) ? aud : [aud]).some((x) => clients.includes(String(x)))) throw new JwtAudienceError('the token does not have a valid audience');
        },
      },
      { jwksCache },
    );
    v = { verify: (token) => j.verify(token) };
    this.verifiers.set(key, v);
    return v;
  }

  private async jwt(a: Cognito, event: ApiGatewayV2Event): Promise<Denial | undefined> {
    const raw = v2Header(event, a.header)?.trim();
    if (!raw) return httpUnauthorized(`no ${a.header} header`);
    const t = resolvePool(a, this.facts.settings[a.name], this.facts.stage);
    if ('problem' in t) return httpUnauthorized(t.problem);
    let payload: JwtPayload;
    try {
      payload = await this.jwtVerifier(t).verify(raw.replace(/^Bearer\s+/i, ''));
    } catch (e) {
      const err = e as Error;
      const foreign = /^issuer not configured: (.*)$/.exec(err.message);
      const reason = foreign ? `wrong pool: the token's issuer is ${foreign[1]}, this authorizer's is ${t.issuer}` : `${err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name}: ${err.message}`;
      return httpUnauthorized(reason, bearerChallenge(a.scopes, 'invalid_token', challengeText(err)));
    }
    const scopes = tokenScopes(payload);
    if (a.scopes.length && !a.scopes.some((s) => scopes.includes(s))) {
      return httpForbidden(`the token's scopes (${scopes.join(' ') || 'none'}) include none of ${a.scopes.join(', ')}`);
    }
    event.requestContext.authorizer = { jwt: { claims: httpApiClaims(payload), scopes: scopes.length ? scopes : null } };
    return undefined;
  }

  private httpIam(event: ApiGatewayV2Event): Denial | undefined {
    const auth = v2Header(event, 'authorization');
    if (auth === undefined) return httpForbidden('no Authorization header (IAM routes need SigV4-signed requests)');
    const isV4 = auth.startsWith('AWS4-HMAC-SHA256 ');
    const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((part) => !isV4 || !new RegExp(`[ ,]${part}=\\S`).test(auth));
    if (!v2Header(event, 'x-amz-date') && !v2Header(event, 'date')) missing.push('X-Amz-Date or Date header');
    if (missing.length) return httpForbidden(`the Authorization header is not a SigV4 signature (missing ${missing.join(', ')})`);
    const accessKey = /Credential=([^/,\s]+)/.exec(auth)?.[1] ?? null;
    event.requestContext.authorizer = { iam: { accessKey, accountId: null, callerId: null, cognitoIdentity: null, principalOrgId: null, userArn: null, userId: null } };
    return undefined;
  }

  /**
   * An HTTP API's Lambda REQUEST authorizer as the stack configures it (project/http-api.ts):
   * payload format 2.0, simple responses, identity source the header (plus `$context.httpMethod`
   * and `$context.path` while caching, so a cached answer is per identity, method and path). The
   * app's own bundle answers the 2.0 event (src/auth/dispatch.ts decides from its AuthResponse);
   * this only relays the decision as API Gateway does.
   */
  private async lambda(a: Custom, event: ApiGatewayV2Event, routeArn: string, invoke: InvokeFunction): Promise<Denial | undefined> {
    const token = v2Header(event, a.header);
    // An identity source is missing: 401 without calling the authorizer.
    if (!token) return httpUnauthorized(`no ${a.header} header`);
    const ctx = event.requestContext;
    const identitySource = a.ttlSeconds > 0 ? [token, ctx.http.method, ctx.http.path] : [token];
    const { authorizer: _none, ...requestContext } = ctx;
    const authEvent = {
      version: '2.0',
      type: 'REQUEST',
      routeArn,
      identitySource,
      routeKey: event.routeKey,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      ...(event.cookies ? { cookies: event.cookies } : {}),
      headers: event.headers,
      ...(event.queryStringParameters ? { queryStringParameters: event.queryStringParameters } : {}),
      requestContext,
      ...(event.pathParameters ? { pathParameters: event.pathParameters } : {}),
      ...(event.stageVariables ? { stageVariables: event.stageVariables } : {}),
    };
    if (this.policiesFor !== invoke) {
      this.policies.clear();
      this.policiesFor = invoke;
    }
    const key = `${a.name}\0v2\0${identitySource.join('\0')}`;
    const cached = this.policies.get(key);
    let answer: { isAuthorized: boolean; context?: Record<string, unknown> };
    if (cached && cached.until > Date.now()) answer = cached.policy;
    else {
      let result: any;
      try {
        result = await invoke(a.function, authEvent);
      } catch (e) {
        return httpFailed(`custom authorizer "${a.name}" failed: ${(e as Error)?.stack ?? e}`);
      }
      const problem = simpleResponseProblem(result);
      if (problem) return httpFailed(`custom authorizer "${a.name}": ${problem}`);
      answer = result;
      if (a.ttlSeconds > 0) this.policies.set(key, { policy: answer, until: Date.now() + a.ttlSeconds * 1000 });
    }
    if (!answer.isAuthorized) return httpForbidden(`custom authorizer "${a.name}" answered isAuthorized: false for ${routeArn}${a.ttlSeconds ? ` (answers are cached per token, method and path for ${a.ttlSeconds} s)` : ''}`);
    ctx.authorizer = { lambda: answer.context ?? null };
    return undefined;
  }
}

class JwtAudienceError extends Error {}

/** Why a Lambda authorizer's answer is not a simple response API Gateway can use (its 500). */
function simpleResponseProblem(r: any): string | undefined {
  if (r === null || typeof r !== 'object' || Array.isArray(r)) return `the answer is not a simple response object ({ isAuthorized, context }): ${JSON.stringify(r)}`;
  if (typeof r.isAuthorized !== 'boolean') return `isAuthorized must be true or false, got ${JSON.stringify(r.isAuthorized)}`;
  if (r.context !== undefined && r.context !== null && (typeof r.context !== 'object' || Array.isArray(r.context))) return `context must be an object, got ${JSON.stringify(r.context)}`;
  return undefined;
}

const notAllowed = (a: Custom, methodArn: string) =>
  `custom authorizer "${a.name}"'s policy does not allow ${methodArn}${a.ttlSeconds ? ` (policies are cached per token for ${a.ttlSeconds} s: list every route the token may call)` : ''}`;

/** The `error_description` an HTTP API gives for a refused token, where the verifier's error says which. */
function challengeText(e: Error): string {
  const name = e.constructor?.name ?? '';
  if (e instanceof JwtAudienceError) return e.message;
  if (name === 'JwtExpiredError') return 'the token has expired';
  if (name === 'JwtInvalidIssuerError' || /^issuer not configured/.test(e.message)) return 'the token does not have a valid issuer';
  if (name === 'JwtInvalidSignatureError' || name === 'KidNotFoundInJwksError') return 'the token does not have a valid signature';
  return 'the token is not valid';
}

