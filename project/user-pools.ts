// Where a Cognito authorizer's pool is: the one rule the stack (an existing pool's ARN, or the
// pool Calix creates), `calix local` (the pool tokens are verified against) and `calix auth` (the
// pool it manages users of) all read.
import type { AuthorizerManifest } from '../src/auth/authorizers.js';
import type { AuthorizerSettings, StageConfig } from './types.js';

export type CognitoAuthorizer = Extract<AuthorizerManifest, { kind: 'cognito_user_pools' }>;

/** AWS user pool ids: `<region>_<id>`. cognito-local's own pools are `local_<id>`. */
const AWS_POOL_ID = /^(?<region>[a-z]{2}(-gov)?-[a-z]+-\d)_[0-9a-zA-Z]+$/;

/** `stages.<stage>.authorizers.<name>`: where an authorizer's pool is configured. */
export const authorizerConfigKey = (stage: string, name: string): string => `stages.${stage}.authorizers.${name}`;

/** The ARN of an existing pool the deployed authorizer uses (config wins over the app's), or null when Calix creates the pool. */
export function existingUserPoolArn(a: AuthorizerManifest, stage: Pick<StageConfig, 'authorizers'> | undefined): string | null {
  if (a.kind !== 'cognito_user_pools') return null;
  return stage?.authorizers?.[a.name]?.userPoolArn ?? a.userPoolArn ?? null;
}

/** The name of the pool Calix creates for an authorizer (authorizers naming the same pool share it). */
export const createdPoolName = (a: CognitoAuthorizer): string => a.userPoolName ?? a.name;

/** The created pool's name in AWS: `<pool>-<stage>`. */
export const deployedPoolName = (poolName: string, stage: string): string => `${poolName}-${stage}`;

/** A pool as configured: its id, region, emulator endpoint and accepted app clients. */
export interface PoolLocation {
  userPoolId: string;
  /** From `region`, the ARN or the id; `us-east-1` for an emulator that names neither. */
  region: string | undefined;
  /** A local emulator serving the pool (`cognitoEndpoint`, no trailing slash). */
  endpoint: string | undefined;
  /** App clients whose tokens are accepted; null: any client of the pool. */
  clientIds: string[] | null;
}

/**
 * The pool of an authorizer's settings; the app's own `userPoolArn` counts when the config names
 * no pool. undefined when neither does.
 */
export function poolLocation(s: AuthorizerSettings | undefined, appArn: string | null = null): PoolLocation | undefined {
  const arn = s?.userPoolArn ?? (s?.userPoolId ? undefined : (appArn ?? undefined));
  const userPoolId = s?.userPoolId ?? arn?.split('/')[1];
  if (!userPoolId) return undefined;
  const endpoint = s?.cognitoEndpoint?.replace(/\/+$/, '');
  const region = s?.region ?? arn?.split(':')[3] ?? AWS_POOL_ID.exec(userPoolId)?.groups!.region ?? (endpoint ? 'us-east-1' : undefined);
  return { userPoolId, region, endpoint, clientIds: s?.clientIds?.length ? [...s.clientIds] : null };
}

/** Where a Cognito authorizer's tokens are verified. */
export interface PoolTarget {
  userPoolId: string;
  /** Tokens' `iss`. */
  issuer: string;
  /** Where the JWKS is actually fetched from (the emulator when `cognitoEndpoint` is set). */
  jwksUrl: string;
  /** AWS-shaped pool and issuer: the stock CognitoJwtVerifier verifies, exactly as in production code. */
  aws: boolean;
  clientIds: string[] | null;
}

/** The pool to verify a Cognito authorizer's tokens against, from config or the app's userPoolArn; a problem sentence when there is none. */
export function resolvePool(a: CognitoAuthorizer, s: AuthorizerSettings | undefined, stage: string): PoolTarget | { problem: string } {
  const key = authorizerConfigKey(stage, a.name);
  const at = poolLocation(s, a.userPoolArn);
  if (!at) {
    return {
      problem:
        `authorizer "${a.name}" has no user pool to verify tokens against, so its routes answer 401. ` +
        `Set ${key}.userPoolId (a deployed pool's id; with ${key}.cognitoEndpoint for a local emulator such as cognito-local) ` +
        `or ${key}.userPoolArn in .calix/config.json (see docs/auth.md).`,
    };
  }
  const { userPoolId, endpoint, clientIds } = at;
  if (AWS_POOL_ID.test(userPoolId) && !s?.issuer) {
    const issuer = `https://cognito-idp.${at.region}.amazonaws.com/${userPoolId}`;
    return { userPoolId, issuer, jwksUrl: endpoint ? `${endpoint}/${userPoolId}/.well-known/jwks.json` : `${issuer}/.well-known/jwks.json`, aws: true, clientIds };
  }
  if (!endpoint && !s?.issuer) {
    return { problem: `authorizer "${a.name}": ${key}.userPoolId "${userPoolId}" is not an AWS pool id (<region>_<id>); set ${key}.cognitoEndpoint to the emulator that serves it, so its routes stop answering 401.` };
  }
  const issuer = s?.issuer?.replace(/\/+$/, '') ?? `${endpoint}/${userPoolId}`;
  return { userPoolId, issuer, jwksUrl: endpoint ? `${endpoint}/${userPoolId}/.well-known/jwks.json` : `${issuer}/.well-known/jwks.json`, aws: false, clientIds };
}
