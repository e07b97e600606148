// The CDK construct: an app's manifest + its esbuild bundle + a stage's config -> the router
// Lambda, a REST API built from the OpenAPI document (one Lambda permission for any number of
// routes), Cognito pools, and one function per trigger. Everything here is synthesis only.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MANIFEST_VERSION, type Manifest } from '../../src/manifest.js';
import { functionSettings } from '../project/config.js';
import type { FunctionSettings, StageConfig } from '../project/types.js';
import { loadProjectSync } from './project.js';
import { checkRouteAuthorization, type PublicRoutes, type RouteAuthorizationReport } from './checks.js';
import { apiResources, existingUserPoolArn, toOpenApi, type OpenApiDocument } from './openapi.js';
import { parseTriggers, type TriggerSpec } from './triggers.js';

/** API Gateway's default quotas per REST API and CloudFormation's template limit. */
export const LIMITS = { resourcesPerApi: 300, authorizersPerApi: 10, templateBytes: 1_000_000, outputsPerTemplate: 200 } as const;

/** The router function's key in `lambdaFunctions` and its `CALIX_HANDLER` value. */
export const ROUTER_FUNCTION = 'api';

/** The esbuild bundle's entry file inside `bundleDir`; handler `index.handler` (the CLI's bundles export it from the entry Calix generates, cli/bundle/entry.ts). */
export const BUNDLE_ENTRY = 'index.mjs';

export interface CalixAppProps {
  /** The app's manifest (`app.manifest()`, as read from the bundle by the CLI). */
  readonly manifest: Manifest;
  /**
   * Folder holding the esbuild bundle: `index.mjs` exporting `handler` (+ `index.mjs.map`).
   * Every function of the app runs this same code.
   */
  readonly bundleDir: string;
  /** The stage's resolved config (`.calix/config.json` defaults merged with `stages.<name>`). */
  readonly stage: StageConfig;
  /**
   * Routes meant to be callable without an authorizer (route names, or `'*'` for all). Every
   * other route without an authorizer is reported by the Calix route check (a synth warning
   * `@calix/infra:unauthorizedRoute` and `routeAuthorization`).
   * @default [] — every route without an authorizer is reported
   */
  readonly publicRoutes?: PublicRoutes;
  /**
   * Feature plan of the Cognito user pools Calix creates. `PLUS` turns on threat protection
   * (compromised credentials, adaptive authentication) in enforcing mode; it is billed per user.
   * @default cognito.FeaturePlan.ESSENTIALS
   */
  readonly userPoolFeaturePlan?: cognito.FeaturePlan;
  /**
   * Resource policy of the REST API. Required for `PRIVATE` endpoints (API Gateway refuses to
   * deploy a private API without one), optional otherwise.
   * @default no resource policy
   */
  readonly apiPolicy?: iam.PolicyDocument;
  /**
   * Execution-log level of the API stage (`/*\/*` method settings). Request/response bodies
   * are never logged (`dataTraceEnabled: false`).
   * @default apigw.MethodLoggingLevel.ERROR
   */
  readonly apiLoggingLevel?: apigw.MethodLoggingLevel.ERROR | apigw.MethodLoggingLevel.INFO;
  /**
   * Sets this region's API Gateway account settings to a CloudWatch Logs role Calix creates.
   * API Gateway writes access and execution logs only when the account has such a role (once per
   * account and region; without it the stage fails to deploy with "CloudWatch Logs role ARN must
   * be set in account settings"). The setting is account-wide: turn this on in one stack only, or
   * set the role once by hand. The role and the setting are retained when the stack is deleted.
   * @default false — the account must already have the role
   */
  readonly apiGatewayAccountLogging?: boolean;
  /**
   * Prefix of the stack outputs' logical IDs (`<prefix>Url`, `<prefix>Function<name>Name`, ...),
   * needed only when one stack holds several CalixApps. Letters and digits.
   * @default '' (no prefix)
   */
  readonly outputPrefix?: string;
}

/** What Calix knows about one Cognito authorizer's pool. */
export interface CalixUserPool {
  /** The pool's ARN: an existing pool's, or a token for the pool created here. */
  readonly userPoolArn: string;
  /** Set when Calix created the pool. */
  readonly userPool?: cognito.UserPool;
  /** The app client Calix created with the pool (USER_PASSWORD_AUTH enabled, no secret). */
  readonly client?: cognito.UserPoolClient;
  readonly userPoolIdOutput?: CfnOutput;
  readonly clientIdOutput?: CfnOutput;
}

/**
 * The other way to give a CalixApp its app: a Calix project folder (with `.calix/config.json`),
 * bundled and read as `calix package` does: `new CalixApp(stack, 'Api', { projectDir: '.' })`.
 */
export type CalixProjectProps = Omit<CalixAppProps, 'manifest' | 'bundleDir' | 'stage'> & {
  /** The project folder. */
  readonly projectDir: string;
  /** Stage of `.calix/config.json` to use. @default 'dev' */
  readonly stage?: string;
};

/** Logical IDs of the stack outputs, by what they hold; see {@link CalixApp.outputKeys}. */
export interface CalixOutputKeys {
  /** The API's invoke URL. */
  readonly url: string;
  /** Physical function name and log group name of each function (`api` = the router). */
  readonly functions: Readonly<Record<string, { readonly functionName: string; readonly logGroupName: string }>>;
  /** Pool id and app client id of each pool Calix created. */
  readonly userPools: Readonly<Record<string, { readonly userPoolId: string; readonly clientId: string }>>;
}

const RUNTIMES: Record<FunctionSettings['runtime'], lambda.Runtime> = {
  'nodejs20.x': lambda.Runtime.NODEJS_20_X,
  'nodejs22.x': lambda.Runtime.NODEJS_22_X,
  'nodejs24.x': lambda.Runtime.NODEJS_24_X,
};
const ARCHITECTURES: Record<FunctionSettings['architecture'], lambda.Architecture> = {
  arm64: lambda.Architecture.ARM_64,
  x86_64: lambda.Architecture.X86_64,
};
const RETENTION_DAYS = new Set(Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number'));
const S3_EVENT_TYPES = new Set<string>(Object.values(s3.EventType));
const ENDPOINT_TYPES: Record<StageConfig['apiGatewayEndpointType'], apigw.EndpointType> = {
  EDGE: apigw.EndpointType.EDGE,
  REGIONAL: apigw.EndpointType.REGIONAL,
  PRIVATE: apigw.EndpointType.PRIVATE,
};

/** Letters and digits of a name, for logical IDs. */
const alnum = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '');

/** The handler of the custom resource CDK uses for notifications on an existing bucket. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * A Calix app on AWS: the router Lambda behind a REST API generated from the app's OpenAPI
 * document, its Cognito user pools, and one Lambda function per trigger.
 *
 * The stack's size does not depend on the number of routes: routes live in the OpenAPI body,
 * and API Gateway invokes the router through a single `lambda:InvokeFunction` permission.
 */
export class CalixApp extends Construct {
  /** The router function: every API Gateway request goes to it. */
  readonly router: lambda.Function;
  /** The REST API (stage `stage.apiGatewayStage`). */
  readonly api: apigw.SpecRestApi;
  /** The OpenAPI document deployed as the API's body (it holds CloudFormation tokens). */
  readonly openApi: OpenApiDocument;
  /** Every function by its Calix name: `api` (the router) and each trigger's name. */
  readonly functions: Readonly<Record<string, lambda.Function>>;
  /** Log group of each function, by the same names. */
  readonly logGroups: Readonly<Record<string, logs.LogGroup>>;
  /** The API's access log group. */
  readonly accessLogs: logs.LogGroup;
  /** Cognito pools by authorizer name (authorizers naming the same `userPoolName` share one created pool). */
  readonly userPools: Readonly<Record<string, CalixUserPool>>;
  /** Output holding the API's invoke URL (`https://…/<stage>/`). */
  readonly urlOutput: CfnOutput;
  /** Result of the Calix route check (routes without an authorizer that are not declared public). */
  readonly routeAuthorization: RouteAuthorizationReport;
  /** The parsed triggers, in manifest order. */
  readonly triggers: readonly TriggerSpec[];

  private readonly manifest: Manifest;
  private readonly stage: StageConfig;
  private readonly code: lambda.Code;
  private readonly fns: Record<string, lambda.Function> = {};
  private readonly fnLogs: Record<string, logs.LogGroup> = {};
  private readonly outputPrefix: string;
  private readonly outputIds = new Set<string>();
  /** Input problems found while constructing, reported together (one line each) at the end. */
  private readonly problems: string[] = [];
  private readonly poolKeys = new Map<string, { userPoolId: string; clientId: string }>();
  private readonly keys: { url: string; functions: Record<string, { functionName: string; logGroupName: string }>; userPools: Record<string, { userPoolId: string; clientId: string }> } = {
    url: '',
    functions: {},
    userPools: {},
  };

  constructor(scope: Construct, id: string, input: CalixAppProps | CalixProjectProps) {
    super(scope, id);
    let props: CalixAppProps;
    if ('projectDir' in input) {
      const loaded = loadProjectSync(input.projectDir, input.stage);
      props = { ...input, ...loaded, publicRoutes: input.publicRoutes ?? loaded.stage.publicRoutes };
    } else props = input;
    const { manifest, stage } = props;
    this.manifest = manifest;
    this.stage = stage;
    this.outputPrefix = props.outputPrefix ?? '';
    if (!/^[A-Za-z0-9]*$/.test(this.outputPrefix)) this.fail(`outputPrefix "${this.outputPrefix}" must hold only letters and digits`);
    this.validateInputs(props);
    const apiPolicy = props.apiPolicy ?? this.configPolicy(stage);
    this.triggers = parseTriggers(manifest.triggers, (msg) => this.fail(msg));
    this.code = lambda.Code.fromAsset(props.bundleDir);

    // Router Lambda.
    this.router = this.makeFunction(new Construct(this, 'Router'), ROUTER_FUNCTION, `${manifest.app} (${stage.stage}): API router`);

    // Authorizers: Cognito pools and custom authorizers' functions, then the OpenAPI body that
    // refers to them.
    const pools: Record<string, CalixUserPool> = {};
    const created = new Map<string, CalixUserPool>(); // by pool name: authorizers naming the same pool share it
    const authorizerFns: Record<string, lambda.Function> = {};
    let poolsScope: Construct | undefined;
    let authorizersScope: Construct | undefined;
    for (const a of manifest.authorizers) {
      if (a.kind === 'cognito_user_pools') {
        const arn = existingUserPoolArn(a, stage);
        if (arn) {
          pools[a.name] = { userPoolArn: arn };
          continue;
        }
        const poolName = a.userPoolName ?? a.name;
        let pool = created.get(poolName);
        if (!pool) {
          poolsScope ??= new Construct(this, 'UserPools');
          pool = this.makeUserPool(new Construct(poolsScope, poolName.replace(/\//g, '-')), poolName, props.userPoolFeaturePlan);
          created.set(poolName, pool);
        }
        pools[a.name] = pool;
        this.keys.userPools[a.name] = this.poolKeys.get(poolName)!;
        if (a.scopes.length) {
          Annotations.of(pool.userPool!).addWarningV2(
            '@calix/infra:scopesOnCreatedPool',
            `authorizer "${a.name}" requires the scopes ${a.scopes.join(', ')}, but the pool "${poolName}" Calix creates has no resource server or OAuth flows, so its tokens never carry them; pass an existing pool configured for OAuth (stage authorizers.${a.name}.userPoolArn) or drop the scopes`,
          );
        }
      } else if (a.kind === 'custom') {
        authorizersScope ??= new Construct(this, 'Authorizers');
        authorizerFns[a.name] = this.makeFunction(new Construct(authorizersScope, a.name), a.function, `${manifest.app} (${stage.stage}): authorizer ${a.name}`);
      }
    }
    this.userPools = pools;

    const stack = Stack.of(this);
    this.openApi = toOpenApi(manifest, {
      stage,
      routerArn: this.router.functionArn,
      region: stack.region,
      partition: stack.partition,
      userPoolArns: Object.fromEntries(Object.entries(pools).map(([n, p]) => [n, p.userPoolArn])),
      authorizerFunctionArns: Object.fromEntries(Object.entries(authorizerFns).map(([n, f]) => [n, f.functionArn])),
    });

    // REST API.
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: this.retention(stage.logRetention, 'logRetention') });
    const endpointType = ENDPOINT_TYPES[stage.apiGatewayEndpointType];
    const domain = stage.customDomain;
    this.api = new apigw.SpecRestApi(this, 'Api', {
      apiDefinition: apigw.ApiDefinition.fromInline(this.openApi),
      restApiName: `${manifest.app}-${stage.stage}`,
      description: `Calix app ${manifest.app}, stage ${stage.stage}`,
      cloudWatchRole: false,
      endpointTypes: [endpointType],
      policy: apiPolicy,
      deployOptions: {
        stageName: stage.apiGatewayStage,
        description: `Calix app ${manifest.app}, stage ${stage.stage}`,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            extendedRequestId: '$context.extendedRequestId',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            resourcePath: '$context.resourcePath',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            errorMessage: '$context.error.message',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integration.error',
          }),
        ),
        loggingLevel: props.apiLoggingLevel ?? apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
      },
      ...(domain
        ? {
            domainName: {
              domainName: domain.domainName,
              certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
              endpointType,
              securityPolicy: apigw.SecurityPolicy.TLS_1_2,
              ...(domain.basePath ? { basePath: domain.basePath } : {}),
            },
          }
        : {}),
    });
    // SpecRestApi adds an unnamed "Endpoint" output; Calix's own `Url` output replaces it.
    this.api.node.tryRemoveChild('Endpoint');
    if (props.apiGatewayAccountLogging) this.accountLogging();

    // One permission for every route: API Gateway may invoke the router from this API only.
    this.router.addPermission('ApiGatewayInvoke', {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: this.api.arnForExecuteApi(),
    });

    // Custom authorizers: API Gateway may invoke each one's function for this API's authorizers only.
    for (const fn of Object.values(authorizerFns)) {
      fn.addPermission('ApiGatewayAuthorizer', {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        action: 'lambda:InvokeFunction',
        sourceArn: stack.formatArn({ service: 'execute-api', resource: this.api.restApiId, resourceName: 'authorizers/*' }),
      });
    }

    this.urlOutput = this.output(this, 'Url', 'Url', this.api.url, 'API URL');
    this.keys.url = this.outputPrefix + 'Url';
    if (domain) {
      this.output(this, 'CustomDomainUrl', 'CustomDomainUrl', `https://${domain.domainName}/${domain.basePath ?? ''}`, 'API URL on the custom domain');
    }

    // Trigger functions.
    if (this.triggers.length) {
      const triggersScope = new Construct(this, 'Triggers');
      for (const t of this.triggers) this.makeTrigger(new Construct(triggersScope, t.name), t);
    }
    this.functions = this.fns;
    this.logGroups = this.fnLogs;

    // The Calix route check (cdk-nag cannot see routes inside the OpenAPI body).
    this.routeAuthorization = checkRouteAuthorization(manifest, props.publicRoutes ?? []);
    if (this.routeAuthorization.unknownPublicRoutes.length) {
      this.problem(
        `publicRoutes names ${this.routeAuthorization.unknownPublicRoutes.map((n) => `"${n}"`).join(', ')} match no route; ` +
          `routes are: ${manifest.routes.map((r) => r.name).join(', ') || 'none'}`,
      );
    }
    for (const f of this.routeAuthorization.findings) {
      Annotations.of(this.api).addWarningV2(f.kind === 'unauthorized' ? '@calix/infra:unauthorizedRoute' : '@calix/infra:stalePublicRoute', f.message);
    }

    // Physical names the CLI needs after a deploy (`calix logs`, `calix invoke`).
    for (const [name, fn] of Object.entries(this.fns)) {
      const k = this.outputKey(`Function${alnum(name)}`, ['Name', 'LogGroup']);
      this.output(fn.node.scope as Construct, 'NameOutput', `${k}Name`, fn.functionName, `function ${name}: name`);
      this.output(fn.node.scope as Construct, 'LogGroupOutput', `${k}LogGroup`, this.fnLogs[name]!.logGroupName, `function ${name}: log group`);
      this.keys.functions[name] = { functionName: this.outputPrefix + `${k}Name`, logGroupName: this.outputPrefix + `${k}LogGroup` };
    }

    Tags.of(this).add('calix:app', manifest.app);
    Tags.of(this).add('calix:stage', stage.stage);
    for (const [k, v] of Object.entries(stage.tags ?? {})) Tags.of(this).add(k, v);

    if (this.problems.length) throw new Error(this.problems.map((p) => `${this.node.path}: ${p}`).join('\n'));
    this.acknowledgeNagFindings();
    this.node.addValidation({ validate: () => this.validateQuotas() });
  }

  /**
   * Logical IDs of the stack outputs the CLI reads after a deploy (the keys of the toolkit's
   * `outputs`): `<prefix>Url`, `<prefix>Function<Name>Name` / `…LogGroup`, `<prefix>UserPool<Name>Id` /
   * `…ClientId`, where `<Name>` is the Calix name without characters other than letters and digits.
   */
  outputKeys(): CalixOutputKeys {
    return structuredClone(this.keys);
  }

  /** A CfnOutput with a stable logical ID (`outputPrefix` + key). */
  private output(scope: Construct, id: string, key: string, value: string, what: string): CfnOutput {
    const o = new CfnOutput(scope, id, { value, description: `Calix ${this.manifest.app} (${this.stage.stage}): ${what}` });
    o.overrideLogicalId(this.outputPrefix + key);
    return o;
  }

  /** `base`, or `base2`, `base3`... when names differing only in "-"/"_" would share an output key. */
  private outputKey(base: string, suffixes: readonly string[]): string {
    let k = base;
    for (let i = 2; suffixes.some((x) => this.outputIds.has(k + x)); i++) k = `${base}${i}`;
    for (const x of suffixes) this.outputIds.add(k + x);
    return k;
  }

  private fail(message: string): never {
    throw new Error(`${this.node.path}: ${message}`);
  }

  /** A problem that does not stop construction: every one is reported, not only the first. */
  private problem(message: string): void {
    this.problems.push(message);
  }

  /** `apiPolicy` from .calix/config.json as a PolicyDocument. */
  private configPolicy(stage: StageConfig): iam.PolicyDocument | undefined {
    if (!stage.apiPolicy) return undefined;
    try {
      return iam.PolicyDocument.fromJson(stage.apiPolicy);
    } catch (e) {
      this.problem(`apiPolicy is not a valid IAM policy document (${(e as Error).message}); give { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*" }] }`);
      return undefined;
    }
  }

  private validateInputs(props: CalixAppProps): void {
    const { manifest, stage } = props;
    if (!manifest || manifest.manifestVersion !== MANIFEST_VERSION) {
      this.fail(`manifest version ${manifest?.manifestVersion} is not supported (expected ${MANIFEST_VERSION}); rebuild the app with this Calix version`);
    }
    if (stage.app !== manifest.app) {
      this.fail(`stage config is for app "${stage.app}" but the manifest is app "${manifest.app}"; the "app" in .calix/config.json must equal new Calix({ name })`);
    }
    const entry = join(props.bundleDir, BUNDLE_ENTRY);
    if (!existsSync(entry) || !statSync(entry).isFile()) {
      this.fail(`bundleDir "${props.bundleDir}" has no ${BUNDLE_ENTRY}; it must hold the esbuild bundle that exports "handler"`);
    }
    const known = new Set([ROUTER_FUNCTION]);
    const lower = new Map<string, string>([[ROUTER_FUNCTION, 'the router']]);
    const claim = (name: string, what: string) => {
      const other = lower.get(name.toLowerCase());
      if (other) this.fail(`${what} needs a function named "${name}", which is already ${other}; function names must be unique (case-insensitively)`);
      lower.set(name.toLowerCase(), what);
      known.add(name);
    };
    for (const a of manifest.authorizers) if (a.kind === 'custom') claim(a.function, `custom authorizer "${a.name}"`);
    for (const t of manifest.triggers) if (t && typeof t.name === 'string') claim(t.name, `${t.kind} trigger "${t.name}"`);
    for (const key of Object.keys(stage.lambdaFunctions ?? {})) {
      if (!known.has(key)) {
        const hint = [...known].find((k) => k.toLowerCase() === key.toLowerCase());
        this.problem(`lambdaFunctions.${key} matches no function; functions are: ${[...known].join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}; rename or remove the key in .calix/config.json`);
      }
    }
    if (stage.apiGatewayEndpointType === 'PRIVATE' && !props.apiPolicy && !stage.apiPolicy) {
      this.problem(
        'apiGatewayEndpointType PRIVATE needs a resource policy (the apiPolicy prop): API Gateway refuses to deploy a private API without one. ' +
          'Set "apiPolicy" in .calix/config.json (or pass the apiPolicy prop), e.g. "apiPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*", "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-…" } } }] }',
      );
    }
    if (!ENDPOINT_TYPES[stage.apiGatewayEndpointType]) this.problem(`apiGatewayEndpointType "${stage.apiGatewayEndpointType}" must be EDGE, REGIONAL or PRIVATE`);
    if (stage.customDomain && stage.apiGatewayEndpointType === 'PRIVATE') this.problem('customDomain is not supported with a PRIVATE endpoint; remove customDomain or use REGIONAL');
    const quota = stage.apiGatewayResourceQuota;
    if (quota !== undefined && (!Number.isInteger(quota) || quota < LIMITS.resourcesPerApi)) {
      this.problem(`apiGatewayResourceQuota ${quota} must be an integer of at least ${LIMITS.resourcesPerApi} (API Gateway's default quota); set it to the raised quota AWS granted`);
    }
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(stage.apiGatewayStage)) this.problem(`apiGatewayStage "${stage.apiGatewayStage}" must be 1-128 letters, digits, "-" or "_"`);
    const authorizerNames = new Set(manifest.authorizers.map((a) => a.name));
    for (const name of Object.keys(stage.authorizers ?? {})) {
      if (!authorizerNames.has(name)) {
        Annotations.of(this).addWarningV2('@calix/infra:unknownAuthorizer', `stage config authorizers.${name} matches no authorizer of the app (${[...authorizerNames].join(', ') || 'none'})`);
      }
    }
  }

  private retention(days: number, key: string): logs.RetentionDays {
    if (!RETENTION_DAYS.has(days)) {
      this.fail(`${key} ${days} is not a CloudWatch Logs retention; use one of ${[...RETENTION_DAYS].sort((a, b) => a - b).join(', ')} (9999 = never expire)`);
    }
    return days as logs.RetentionDays;
  }

  /** A function over the shared bundle with its own role (log writes only) and log group. */
  private makeFunction(scope: Construct, name: string, description: string): lambda.Function {
    const s = functionSettings(this.stage, name);
    const where = name === ROUTER_FUNCTION ? 'lambdaFunctions.api' : `lambdaFunctions.${name}`;
    const runtime = RUNTIMES[s.runtime] ?? this.fail(`${where}: runtime "${s.runtime}" must be one of ${Object.keys(RUNTIMES).join(', ')}`);
    const architecture = ARCHITECTURES[s.architecture] ?? this.fail(`${where}: architecture "${s.architecture}" must be arm64 or x86_64`);
    if (!Number.isInteger(s.memorySize) || s.memorySize < 128 || s.memorySize > 10240) this.fail(`${where}: memorySize ${s.memorySize} must be an integer from 128 to 10240 (MB)`);
    if (!Number.isInteger(s.timeout) || s.timeout < 1 || s.timeout > 900) this.fail(`${where}: timeout ${s.timeout} must be an integer from 1 to 900 (seconds)`);
    if ('CALIX_HANDLER' in s.environmentVariables) this.fail(`${where}: environmentVariables must not set CALIX_HANDLER; Calix sets it per function`);

    const logGroup = new logs.LogGroup(scope, 'Logs', { retention: this.retention(s.logRetention, `${where}.logRetention`) });
    const statements = [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] })];
    for (const st of s.iamPolicy) {
      if (!st.actions?.length || !st.resources?.length) this.fail(`${where}: every iamPolicy statement needs actions and resources`);
      statements.push(new iam.PolicyStatement({ effect: st.effect === 'Deny' ? iam.Effect.DENY : iam.Effect.ALLOW, actions: [...st.actions], resources: [...st.resources] }));
    }
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Calix ${this.manifest.app} (${this.stage.stage}): function ${name}`,
      inlinePolicies: { calix: new iam.PolicyDocument({ statements }) },
    });
    const fn = new lambda.Function(scope, 'Function', {
      description,
      runtime,
      architecture,
      handler: 'index.handler',
      code: this.code,
      memorySize: s.memorySize,
      timeout: Duration.seconds(s.timeout),
      environment: { ...s.environmentVariables, CALIX_HANDLER: name },
      layers: s.layers.map((arn, i) => lambda.LayerVersion.fromLayerVersionArn(scope, `Layer${i}`, arn)),
      reservedConcurrentExecutions: s.reservedConcurrency ?? undefined,
      role,
      logGroup,
    });
    Tags.of(fn).add('calix:function', name);
    for (const [k, v] of Object.entries(this.stage.lambdaFunctions?.[name]?.tags ?? {})) Tags.of(fn).add(k, v);
    this.fns[name] = fn;
    this.fnLogs[name] = logGroup;
    return fn;
  }

  private makeUserPool(scope: Construct, poolName: string, plan: cognito.FeaturePlan | undefined): CalixUserPool {
    const featurePlan = plan ?? cognito.FeaturePlan.ESSENTIALS;
    const userPool = new cognito.UserPool(scope, 'UserPool', {
      userPoolName: `${poolName}-${this.stage.stage}`,
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
    const k = this.outputKey(`UserPool${alnum(poolName)}`, ['Id', 'ClientId']);
    this.poolKeys.set(poolName, { userPoolId: this.outputPrefix + `${k}Id`, clientId: this.outputPrefix + `${k}ClientId` });
    return {
      userPoolArn: userPool.userPoolArn,
      userPool,
      client,
      userPoolIdOutput: this.output(scope, 'UserPoolId', `${k}Id`, userPool.userPoolId, `user pool ${poolName}: id`),
      clientIdOutput: this.output(scope, 'ClientId', `${k}ClientId`, client.userPoolClientId, `user pool ${poolName}: app client id`),
    };
  }

  private makeTrigger(scope: Construct, t: TriggerSpec): void {
    const what = `${t.kind} trigger "${t.name}"`;
    const fn = this.makeFunction(scope, t.name, `${this.manifest.app} (${this.stage.stage}): ${what}`);
    const stack = Stack.of(this);
    switch (t.kind) {
      case 'schedule':
        // An EventBridge rule (not EventBridge Scheduler): the function receives the
        // `aws.events` "Scheduled Event" the runtime recognises, and the rule's permission is
        // scoped to this rule on this trigger's own function.
        new events.Rule(scope, 'Schedule', {
          schedule: events.Schedule.expression(t.expression),
          description: t.description ?? `Calix ${this.manifest.app} (${this.stage.stage}): schedule ${t.name}`,
          targets: [new targets.LambdaFunction(fn)],
        });
        return;
      case 's3': {
        const bucket = s3.Bucket.fromBucketName(scope, 'Bucket', t.bucket);
        const filter: s3.NotificationKeyFilter = { ...(t.prefix ? { prefix: t.prefix } : {}), ...(t.suffix ? { suffix: t.suffix } : {}) };
        for (const e of t.events) {
          if (!S3_EVENT_TYPES.has(e)) this.fail(`${what}: "${e}" is not an S3 event type (e.g. s3:ObjectCreated:*)`);
          bucket.addEventNotification(e as s3.EventType, new s3n.LambdaDestination(fn), ...(Object.keys(filter).length ? [filter] : []));
        }
        return;
      }
      case 'sqs': {
        const queue = t.queueArn
          ? sqs.Queue.fromQueueArn(scope, 'Queue', t.queueArn)
          : sqs.Queue.fromQueueAttributes(scope, 'Queue', {
              queueName: t.queue!,
              queueArn: stack.formatArn({ service: 'sqs', resource: t.queue!, arnFormat: ArnFormat.NO_RESOURCE_NAME }),
            });
        fn.addEventSource(
          new SqsEventSource(queue, {
            ...(t.batchSize !== null ? { batchSize: t.batchSize } : {}),
            ...(t.maxBatchingWindow !== null ? { maxBatchingWindow: Duration.seconds(t.maxBatchingWindow) } : {}),
            reportBatchItemFailures: true,
          }),
        );
        return;
      }
      case 'sns': {
        const topicArn = t.topicArn ?? stack.formatArn({ service: 'sns', resource: t.topic!, arnFormat: ArnFormat.NO_RESOURCE_NAME });
        sns.Topic.fromTopicArn(scope, 'Topic', topicArn).addSubscription(new subs.LambdaSubscription(fn));
        return;
      }
      case 'eventbridge':
        // The pattern is EventBridge's own JSON (`detail-type`, ...); CDK passes its keys through.
        new events.Rule(scope, 'Rule', {
          eventPattern: t.pattern as events.EventPattern,
          description: `Calix ${this.manifest.app} (${this.stage.stage}): EventBridge trigger ${t.name}`,
          targets: [new targets.LambdaFunction(fn)],
        });
        return;
      case 'function':
        return; // invoked directly (Lambda Invoke); nothing else to create
    }
  }

  /**
   * The account-wide CloudWatch role of API Gateway (what `cloudWatchRole: true` would create),
   * with an inline policy instead of the AWS managed AmazonAPIGatewayPushToCloudWatchLogs.
   */
  private accountLogging(): void {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ApiGatewayLoggingRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway account settings: writes access and execution logs of every REST API of this account and region',
      inlinePolicies: {
        logs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
              resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
            }),
          ],
        }),
      },
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new apigw.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.api.deploymentStage.node.addDependency(account);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*]',
      reason:
        "This is API Gateway's account-wide logging role: it creates and writes the execution log groups (API-Gateway-Execution-Logs_<api>/<stage>) and the access log groups of every REST API in the account and region, whose names are not known here; it is limited to log groups of this account and region.",
    });
  }

  /** Acknowledgements of cdk-nag AwsSolutions findings that are deliberate, each with its reason. */
  private acknowledgeNagFindings(): void {
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Request validation is configured inside the OpenAPI body (x-amazon-apigateway-request-validators, applied to every operation), which cdk-nag cannot read; a separate AWS::ApiGateway::RequestValidator resource would be attached to no method of a SpecRestApi. Bodies are not schema-validated because Calix routes declare content types, not schemas; the router answers 400/415 itself.',
    });
    Validations.of(this.api.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'A WAF web ACL is billed per ACL and per rule, and its rules depend on the application; attach one to calixApp.api.deploymentStage.stageArn with a wafv2.CfnWebACLAssociation when the API needs it.',
    });
    // Notifications on an existing bucket go through CDK's custom resource (a stack-wide
    // singleton Lambda). Its role is CDK's, not Calix's: acknowledge exactly its finding (its
    // s3:Put/GetBucketNotification grants are scoped to the buckets, so IAM5 does not fire).
    const handler = Stack.of(this).node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER);
    if (handler) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketNotificationsHandler (the custom resource that adds notifications to an existing S3 bucket) attaches AWSLambdaBasicExecutionRole to its own role; Calix cannot change that role, and the policy only allows writing the handler's logs.",
      });
    }
  }

  /** API Gateway and CloudFormation limits the template would break; CDK prefixes each error with this construct's path. */
  private validateQuotas(): string[] {
    const errors: string[] = [];
    const resources = apiResources(this.manifest);
    const quota = this.stage.apiGatewayResourceQuota ?? LIMITS.resourcesPerApi;
    if (resources.size > quota) {
      const raised = quota !== LIMITS.resourcesPerApi;
      errors.push(
        `the API needs ${resources.size} API Gateway resources (distinct path segments, root included); API Gateway allows ${LIMITS.resourcesPerApi} per REST API` +
          (raised
            ? ` by default, and apiGatewayResourceQuota declares ${quota} for this account. `
            : '. That is a default quota AWS raises on request (Service Quotas, API Gateway, "Resources per REST API"); once raised, declare it with "apiGatewayResourceQuota": <new quota> in .calix/config.json. Or ') +
          `${raised ? 'Raise the quota further, or ' : ''}share path prefixes, use a greedy {proxy+} route, or split the app.`,
      );
    }
    const cognitoAuthorizers = this.manifest.authorizers.filter((a) => a.kind !== 'iam');
    if (cognitoAuthorizers.length > LIMITS.authorizersPerApi) {
      errors.push(
        `the app declares ${cognitoAuthorizers.length} authorizers (${cognitoAuthorizers.map((a) => a.name).join(', ')}); API Gateway allows ${LIMITS.authorizersPerApi} per REST API. ` +
          'Share one authorizer between routes (scopes can differ per route).',
      );
    }
    if (this.outputIds.size + 1 > LIMITS.outputsPerTemplate) {
      errors.push(
        `the app needs ${this.outputIds.size + 1} stack outputs (two per function, two per created user pool, the URL); CloudFormation allows ${LIMITS.outputsPerTemplate}. Split the app.`,
      );
    }
    const size = this.templateSize();
    if (size > LIMITS.templateBytes) {
      errors.push(
        `the stack template is ${size} bytes; CloudFormation accepts at most ${LIMITS.templateBytes}. ` +
          'Set suppressTemplateIndentation on the stack, or split the app (the OpenAPI body grows with routes x methods).',
      );
    }
    return errors;
  }

  /**
   * The stack template's size in bytes, or a lower estimate when even a generous upper bound
   * stays under the limit. The OpenAPI body is what grows with the app; its unresolved JSON is
   * cheap to measure, so the exact template is rendered only when the bound comes near 1 MB.
   */
  private templateSize(): number {
    const rough = JSON.stringify(this.openApi).length;
    // Measured: resolved + indented body and template stay under 2.3x the rough size; every
    // function (with its role, log group, permissions, outputs) adds under 10 KB.
    const bound = rough * 3 + 10_000 * Object.keys(this.fns).length + 50_000;
    if (bound < LIMITS.templateBytes) return rough;
    const stack = Stack.of(this);
    // Internal but long-standing CDK API: the template as synthesis writes it.
    const internal = stack as unknown as { _toCloudFormation?: () => unknown; _suppressTemplateIndentation?: boolean };
    if (typeof internal._toCloudFormation !== 'function') return rough;
    const template = stack.resolve(internal._toCloudFormation());
    return JSON.stringify(template, undefined, internal._suppressTemplateIndentation === true ? undefined : 1).length;
  }
}
