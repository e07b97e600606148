// The Cognito user pools of an app: an existing pool by its ARN, or one Calix creates (with an
// app client) per pool name the stage model lists; authorizers naming the same pool share it.
import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { UserPoolModel } from '../project/stage-model.js';

/** What Calix knows about one Cognito authorizer's pool. */
export interface CalixUserPool {
  /** The pool's ARN: an existing pool's, or a token for the pool created here. */
  readonly userPoolArn: string;
  /** Set when Calix created the pool. */
  readonly userPool?: cognito.UserPool;
  /** The app client Calix created with the pool (USER_PASSWORD_AUTH enabled, no secret). */
  readonly client?: cognito.UserPoolClient;
}

export interface CalixUserPoolsProps {
  readonly pools: readonly UserPoolModel[];
  /** @default cognito.FeaturePlan.ESSENTIALS */
  readonly featurePlan?: cognito.FeaturePlan;
}

/** Every pool Calix creates, one child construct per pool name (`UserPools/<pool>`). */
export class CalixUserPools extends Construct {
  /** By authorizer name. */
  readonly byAuthorizer: Readonly<Record<string, CalixUserPool>>;
  /** The created pools by pool name, with the construct holding each (for its outputs). */
  readonly created: ReadonlyMap<string, CalixUserPool & { readonly scope: Construct }>;

  constructor(scope: Construct, id: string, props: CalixUserPoolsProps) {
    super(scope, id);
    const byAuthorizer: Record<string, CalixUserPool> = {};
    const created = new Map<string, CalixUserPool & { scope: Construct }>();
    for (const p of props.pools) {
      if (p.source === 'existing') {
        byAuthorizer[p.authorizer] = { userPoolArn: p.userPoolArn! };
        continue;
      }
      let pool = created.get(p.poolName!);
      if (!pool) {
        pool = createPool(new Construct(this, p.poolName!.replace(/\//g, '-')), p.deployedName!, props.featurePlan);
        created.set(p.poolName!, pool);
      }
      byAuthorizer[p.authorizer] = pool;
      if (p.scopes.length) {
        Annotations.of(pool.userPool!).addWarningV2(
          '@calix/infra:scopesOnCreatedPool',
          `authorizer "${p.authorizer}" requires the scopes ${p.scopes.join(', ')}, but the pool "${p.poolName}" Calix creates has no resource server or OAuth flows, so its tokens never carry them; pass an existing pool configured for OAuth (stage authorizers.${p.authorizer}.userPoolArn) or drop the scopes`,
        );
      }
    }
    this.byAuthorizer = byAuthorizer;
    this.created = created;
  }
}

function createPool(scope: Construct, userPoolName: string, plan: cognito.FeaturePlan | undefined): CalixUserPool & { scope: Construct } {
  const featurePlan = plan ?? cognito.FeaturePlan.ESSENTIALS;
  const userPool = new cognito.UserPool(scope, 'UserPool', {
    userPoolName,
    selfSignUpEnabled: true,
    signInAliases: { username: true, email: true },
    autoVerify: { email: true },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(3),
    },
    mfa: cognito.Mfa.OPTIONAL,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    featurePlan,
    ...(featurePlan === cognito.FeaturePlan.PLUS ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION } : {}),
  });
  const client = userPool.addClient('Client', {
    // USER_PASSWORD_AUTH for `calix auth login`; SRP for browser SDKs. No secret: a public client.
    authFlows: { userPassword: true, userSrp: true },
    generateSecret: false,
    preventUserExistenceErrors: true,
    disableOAuth: true,
  });
  Validations.of(userPool).acknowledge({
    id: 'AwsSolutions-COG2',
    reason:
      'MFA is OPTIONAL (TOTP) rather than REQUIRED: a required second factor would break the USER_PASSWORD_AUTH sign-in `calix auth login` performs and every new user\'s first sign-in; users can enrol TOTP, and apps that need it pass an existing pool by ARN.',
  });
  if (featurePlan !== cognito.FeaturePlan.PLUS) {
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per monthly active user, so it is opt-in: set the userPoolFeaturePlan prop to PLUS to turn it on in enforcing mode. The pool uses the Essentials plan with a strong password policy.',
    });
  }
  return { userPoolArn: userPool.userPoolArn, userPool, client, scope };
}
