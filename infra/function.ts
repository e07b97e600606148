// One Lambda function of a Calix app: the shared bundle, told which handler it is by its
// environment (the stage model's), with its own role (log writes + the config's statements) and
// its own log group.
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEPLOY_RELEASE_DESCRIPTION, LIVE_ALIAS, type FunctionModel } from '../project/stage-model.js';
import type { FunctionSettings } from '../project/types.js';

/** The bundle's handler: `index.mjs` exports `handler` (the entry Calix generates, project/entry.ts). */
export const BUNDLE_HANDLER = 'index.handler';

const URL_METHODS = { GET: lambda.HttpMethod.GET, PUT: lambda.HttpMethod.PUT, HEAD: lambda.HttpMethod.HEAD, POST: lambda.HttpMethod.POST, PATCH: lambda.HttpMethod.PATCH, DELETE: lambda.HttpMethod.DELETE, '*': lambda.HttpMethod.ALL } as const;

const RUNTIMES: Record<FunctionSettings['runtime'], lambda.Runtime> = {
  'nodejs20.x': lambda.Runtime.NODEJS_20_X,
  'nodejs22.x': lambda.Runtime.NODEJS_22_X,
  'nodejs24.x': lambda.Runtime.NODEJS_24_X,
};
const ARCHITECTURES: Record<FunctionSettings['architecture'], lambda.Architecture> = {
  arm64: lambda.Architecture.ARM_64,
  x86_64: lambda.Architecture.X86_64,
};

export interface CalixFunctionProps {
  /** The function as the stage model describes it (settings, environment, description). */
  readonly model: FunctionModel;
  /** The app's bundle, shared by every function. */
  readonly code: lambda.Code;
  /** For the role's description: `Calix <app> (<stage>)`. */
  readonly app: string;
  readonly stage: string;
}

/**
 * A function over the shared bundle. Values the stage model reports as invalid (see
 * `StageModel.problems`, reported at synth by CalixApp) fall back to the defaults here so that
 * every problem is found in one synth.
 */
export class CalixFunction extends Construct {
  readonly function: lambda.Function;
  /**
   * The version this deploy's code and configuration publish. Its logical ID hashes the
   * function's version-locked properties (CDK's `currentVersion`), so a change publishes a new
   * version and an unchanged redeploy none; versions are retained when they leave the template,
   * so `calix rollback` can reach them (the CLI prunes them to `releases.keep`).
   */
  readonly version: lambda.Version;
  /** `live`: what API Gateway, authorizers and triggers invoke; it carries the provisioned concurrency. */
  readonly alias: lambda.Alias;
  readonly logGroup: logs.LogGroup;
  readonly model: FunctionModel;
  /** Its Function URL (the stage model's `url`), if it has one. */
  readonly url?: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: CalixFunctionProps) {
    super(scope, id);
    const { model } = props;
    const s = model.settings;
    this.model = model;
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: s.logRetention as logs.RetentionDays });
    const statements = [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })];
    for (const st of s.iamPolicy) {
      if (!st.actions?.length || !st.resources?.length) continue;
      statements.push(new iam.PolicyStatement({ effect: st.effect === 'Deny' ? iam.Effect.DENY : iam.Effect.ALLOW, actions: [...st.actions], resources: [...st.resources] }));
    }
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Calix ${props.app} (${props.stage}): function ${model.name}`,
      inlinePolicies: { calix: new iam.PolicyDocument({ statements }) },
    });
    this.function = new lambda.Function(this, 'Function', {
      description: model.description,
      ...(model.deployedName ? { functionName: model.deployedName } : {}),
      runtime: RUNTIMES[s.runtime] ?? lambda.Runtime.NODEJS_24_X,
      architecture: ARCHITECTURES[s.architecture] ?? lambda.Architecture.ARM_64,
      // `index.streamHandler` behind a streaming Function URL (the stage model's entryExport).
      handler: `index.${model.entryExport}`,
      code: props.code,
      memorySize: s.memorySize,
      timeout: Duration.seconds(s.timeout),
      environment: { ...model.environment },
      layers: s.layers.map((arn, i) => lambda.LayerVersion.fromLayerVersionArn(this, `Layer${i}`, arn)),
      reservedConcurrentExecutions: s.reservedConcurrency ?? undefined,
      role,
      logGroup: this.logGroup,
    });
    this.version = this.function.currentVersion;
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    (this.version.node.defaultChild as lambda.CfnVersion).description = DEPLOY_RELEASE_DESCRIPTION;
    this.alias = new lambda.Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.version,
      description: `${model.description}: the live release`,
      ...(s.provisionedConcurrency > 0 ? { provisionedConcurrentExecutions: s.provisionedConcurrency } : {}),
    });
    if (model.url) {
      const cors = model.url.cors;
      // On the alias: a URL request runs the live release, and `calix rollback` moves it too.
      this.url = this.alias.addFunctionUrl({
        authType: model.url.auth === 'AWS_IAM' ? lambda.FunctionUrlAuthType.AWS_IAM : lambda.FunctionUrlAuthType.NONE,
        invokeMode: model.url.invokeMode === 'RESPONSE_STREAM' ? lambda.InvokeMode.RESPONSE_STREAM : lambda.InvokeMode.BUFFERED,
        cors: cors
          ? {
              allowedOrigins: cors.allowOrigins,
              allowedMethods: cors.allowMethods.map((m) => URL_METHODS[m]),
              allowedHeaders: cors.allowHeaders,
              exposedHeaders: cors.exposeHeaders,
              allowCredentials: cors.allowCredentials,
              maxAge: cors.maxAge === undefined ? undefined : Duration.seconds(cors.maxAge),
            }
          : undefined,
      });
    }
    Tags.of(this.function).add('calix:function', model.name);
    for (const [k, v] of Object.entries(model.ownTags)) Tags.of(this.function).add(k, v);
  }
}
