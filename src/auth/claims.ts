// `req.auth`: the caller as the route's authorizer described it, read from the event.

/**
 * The authenticated caller. From a Cognito authorizer: the verified token's claims. From a custom
 * authorizer: `sub` is its principalId and `claims` its context. `C` types your custom claims.
 */
export interface Auth<C extends object = Record<string, unknown>> {
  /** The user's id (`sub`), or a custom authorizer's principalId. */
  sub: string;
  /** `cognito:username` (ID tokens) or `username` (access tokens). */
  username: string | undefined;
  email: string | undefined;
  /**
   * `cognito:groups` as a list. API Gateway REST (v1) passes it as one string (`"admins,readers"`,
   * sometimes `"[admins readers]"`), HTTP APIs (v2) as `"[admins readers]"` or an array: all are read.
   */
  groups: string[];
  /** OAuth scopes of an access token (`scope`, space-separated), or HTTP API's `jwt.scopes`. */
  scopes: string[];
  tokenUse: 'id' | 'access' | undefined;
  /** Every claim as API Gateway passed it (REST: each value a string, e.g. `exp: "Fri Jan 12 15:03:20 UTC 2024"`). */
  claims: C & Record<string, unknown>;
}

/** `["a","b"]`, `"[a b]"`, `"a,b"`, `"a b"` or `"a"` -> `['a', 'b']`. */
export function claimList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v !== 'string') return [];
  let s = v.trim();
  if (s[0] === '[') {
    try {
      const a = JSON.parse(s);
      if (Array.isArray(a)) return a.map(String);
    } catch {
      /* API Gateway's "[a b]" */
    }
    s = s.slice(1, -1);
  }
  return s.split(/[\s,]+/).filter(Boolean);
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Reads `requestContext.authorizer` (REST v1 or HTTP API v2); undefined for an unauthenticated request. */
export function readAuth(a: Record<string, any> | null | undefined): Auth | undefined {
  if (!a) return undefined;
  const jwt = a.jwt;
  const c = a.claims ?? jwt?.claims;
  if (!c) {
    const p = a.principalId ?? a.lambda?.principalId;
    if (p === undefined) return undefined;
    const { principalId: _p, integrationLatency: _i, ...context } = a.lambda ?? a;
    return { sub: String(p), username: undefined, email: undefined, groups: [], scopes: [], tokenUse: undefined, claims: context };
  }
  const use = c.token_use;
  return {
    sub: String(c.sub ?? ''),
    username: str(c['cognito:username'] ?? c.username),
    email: str(c.email),
    groups: claimList(c['cognito:groups']),
    scopes: Array.isArray(jwt?.scopes) ? jwt.scopes.map(String) : claimList(c.scope),
    tokenUse: use === 'id' || use === 'access' ? use : undefined,
    claims: c,
  };
}
