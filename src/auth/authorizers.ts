import { RegistrationError } from '../http/errors.js';

/** How an authorizer appears in the manifest; the infrastructure and `calix local` read this. */
export type AuthorizerManifest =
  | { kind: 'cognito_user_pools'; name: string; header: string; userPoolName: string | null; userPoolArn: string | null; scopes: string[] }
  | { kind: 'iam'; name: string };

/** Base of every authorizer declaration; registration only records data. */
export abstract class Authorizer {
  constructor(readonly name: string) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new RegistrationError(`authorizer name "${name}" must be 1-64 letters, digits, "-" or "_"`);
    }
  }
  abstract toManifest(): AuthorizerManifest;
}

export interface CognitoUserPoolAuthorizerOptions {
  /** A user pool Calix creates (or finds) by this name. @default the authorizer's name */
  userPoolName?: string;
  /** An existing pool, e.g. `arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC`. */
  userPoolArn?: string;
  /** Request header carrying the token. @default 'Authorization' */
  header?: string;
  /** OAuth scopes an access token must carry; empty means ID tokens are accepted. @default [] */
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
