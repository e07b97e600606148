// How API Gateway evaluates the IAM policy a Lambda (custom) authorizer returns. Shared by the
// test client and `calix local`, so both refuse and admit exactly the same requests; the Lambda
// bundle reaches it only through simple-response.ts, loaded for HTTP API authorizer events.

/** IAM-style wildcard match: `*` any run of characters (slashes included), `?` one character. */
export function arnMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, ignoreCase ? 'is' : 's');
  return re.test(value);
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** How API Gateway evaluates a Lambda authorizer's policy for one request: an explicit Deny wins, then any Allow. */
export function evaluatePolicy(policy: any, methodArn: string): 'allow' | 'deny' | 'none' {
  let allowed = false;
  for (const st of list(policy?.policyDocument?.Statement) as any[]) {
    if (!list(st?.Action).some((a) => typeof a === 'string' && arnMatches(a, 'execute-api:Invoke', true))) continue;
    if (!list(st?.Resource).some((r) => typeof r === 'string' && arnMatches(r, methodArn))) continue;
    if (st.Effect === 'Deny') return 'deny';
    if (st.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'none';
}
