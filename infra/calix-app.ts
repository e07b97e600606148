// CalixApp: an app's manifest + its esbuild bundle + a stage's config -> the router Lambda, a REST
// API built from the OpenAPI document, Cognito pools and one function per trigger. It only wires
// the constructs of this folder together from the stage model (project/stage-model.ts), which
// holds every setting, name and rule; everything here is synthesis only.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Annotations, ArnFormat, CfnOutput, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TASKS_ENV } from '../src/events/task.js';
import { KEEP_WARM_EVENT } from '../src/lambda.js';
import { MANIFEST_VERSION, type Manifest } from '../src/manifest.js';
import { loadAppSync } from '../project/app-loader.js';
import { apiDocument } from '../project/http-api.js';
import type { OpenApiDocument } from '../project/openapi.js';
import { alnum, LIVE_ALIAS, ROUTER_FUNCTION, stageModel, type FunctionModel, type StageModel } from '../project/stage-model.js';
import type { TriggerSpec } from '../project/triggers.js';
import type { StageConfig } from '../project/types.js';
import { checkRouteAuthorization, type PublicRoutes, type RouteAuthorizationReport } from './checks.js';
import { CalixFunction } from './function.js';
import { CalixHttpApi } from './http-api.js';
import { CalixRestApi } from './rest-api.js';
import { connectTrigger } from './triggers.js';
import { CalixUserPools, type CalixUserPool as PoolConstructs } from './user-pools.js';

/** API Gateway's default quotas per REST API and CloudFormation's template limit. */
export const LIMITS = { resourcesPerApi: 300, authorizersPerApi: 10, templateBytes: 1_000_000, outputsPerTemplate: 200 } as const;

/** The esbuild bundle's entry file inside `bundleDir`; handler `index.handler` (the CLI's bundles export it from the entry Calix generates, project/entry.ts). */
export const BUNDLE_ENTRY = 'index.mjs';

export interface CalixAppProps {
  /** The app's manifest (`app.manifest()`, as read from the bundle by the CLI). */
  readonly manifest: Manifest;
  /**
   * Folder holding the esbuild bundle: `index.mjs` exporting `handler` (+ `index.mjs.map`), and
   * any chunk files it imports (a CLI bundle's `chunks/`): the whole folder is zipped. Every
   * function of the app runs this same code.
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
export interface CalixUserPool extends PoolConstructs {
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
  /** The API's URL on the stage's custom domain, when it has one. */
  readonly customDomainUrl?: string;
  /** The router's Function URL, when the stage gives it one (`functionUrl`). */
  readonly functionUrl?: string;
  /** Physical function name and log group name of each function (`api` = the router). */
  readonly functions: Readonly<Record<string, { readonly functionName: string; readonly logGroupName: string }>>;
  /** Pool id and app client id of each pool Calix created. */
  readonly userPools: Readonly<Record<string, { readonly userPoolId: string; readonly clientId: string }>>;
}

/** The handler of the custom resource CDK uses for notifications on an existing bucket. */
const BUCKET_NOTIFICATIONS_HANDLER = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

/**
 * A Calix app on AWS: the router Lambda behind a REST API generated from the app's OpenAPI
 * document, its Cognito user pools, and one Lambda function per trigger.
 *
 * The stack's size does not depend on the number of routes: routes live in the OpenAPI body,
 * and API Gateway invokes the router through a single `lambda:InvokeFunction` permission.
 * Input problems are reported at synth (`node.addValidation`), each naming this construct.
 */
export class CalixApp extends Construct {
  /** The router function: every API Gateway request goes to it, through {@link routerAlias}. */
  readonly router: lambda.Function;
  /** The router's `live` alias: what API Gateway and the keepWarm rule invoke. */
  readonly routerAlias: lambda.Alias;
  /** The HTTP API, when the stage's `api.type` is `http` (else undefined: see {@link api}). */
  readonly httpApi: CalixHttpApi | undefined;
  /** The OpenAPI document deployed as the API's body (it holds CloudFormation tokens). */
  readonly openApi: OpenApiDocument;
  /** Every function by its Calix name: `api` (the router) and each trigger's name. */
  readonly functions: Readonly<Record<string, lambda.Function>>;
  /** The `live` alias of each function, by the same names: what API Gateway and the triggers invoke. */
  readonly aliases: Readonly<Record<string, lambda.Alias>>;
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
  /** What the app's functions, pools and API are on this stage: what this construct was built from. */
  readonly model: StageModel;

  private readonly manifest: Manifest;
  private readonly restApi: CalixRestApi | undefined;
  private readonly outputPrefix: string;
  private readonly outputIds = new Set<string>();
  /** Input problems found while wiring, reported at synth with the stage model's. */
  private readonly problems: string[] = [];
  private readonly keys: { url: string; customDomainUrl?: string; functionUrl?: string; functions: Record<string, { functionName: string; logGroupName: string }>; userPools: Record<string, { userPoolId: string; clientId: string }> } = {
    url: '',
    functions: {},
    userPools: {},
  };

  constructor(scope: Construct, id: string, input: CalixAppProps | CalixProjectProps) {
    super(scope, id);
    const props = 'projectDir' in input ? fromProject(input) : input;
    const { manifest, stage } = props;
    if (!manifest || manifest.manifestVersion !== MANIFEST_VERSION) {
      this.fail(`manifest version ${manifest?.manifestVersion} is not supported (expected ${MANIFEST_VERSION}); rebuild the app with this Calix version`);
    }
    const entry = join(props.bundleDir, BUNDLE_ENTRY);
    if (!existsSync(entry) || !statSync(entry).isFile()) {
      this.fail(`bundleDir "${props.bundleDir}" has no ${BUNDLE_ENTRY}; it must hold the esbuild bundle that exports "handler"`);
    }
    this.manifest = manifest;
    this.model = stageModel(manifest, stage);
    this.triggers = this.model.triggers;
    this.outputPrefix = props.outputPrefix ?? '';
    if (!/^[A-Za-z0-9]*$/.test(this.outputPrefix)) this.problems.push(`outputPrefix "${this.outputPrefix}" must hold only letters and digits`);
    this.checkApiInputs(props);
    const label = `Calix ${manifest.app} (${stage.stage})`;
    const code = lambda.Code.fromAsset(props.bundleDir);

    const fns: Record<string, CalixFunction> = {};
    const make = (parent: Construct, id: string, f: FunctionModel) => (fns[f.name] = new CalixFunction(parent, id, { model: f, code, app: manifest.app, stage: stage.stage }));
    const byKind = (kind: FunctionModel['kind']) => this.model.functions.filter((f) => f.kind === kind);
    const router = make(this, 'Router', byKind('router')[0]!);
    this.router = router.function;
    this.routerAlias = router.alias;
    if (router.url) {
      this.output(this, 'FunctionUrl', 'FunctionUrl', router.url.url, `router Function URL (auth ${router.model.url!.auth}, ${router.model.url!.invokeMode})`);
      this.keys.functionUrl = this.outputPrefix + 'FunctionUrl';
    }
    if (this.model.api.keepWarm) {
      // The router answers this event at once (src/lambda.ts), before any route or middleware.
      new events.Rule(this, 'KeepWarm', {
        schedule: events.Schedule.expression(this.model.api.keepWarm),
        description: `${label}: keep the router warm`,
        // The alias: API Gateway invokes it, and $LATEST's environments would not serve its requests.
        targets: [new targets.LambdaFunction(this.routerAlias, { event: events.RuleTargetInput.fromObject(KEEP_WARM_EVENT) })],
      });
    }

    // Authorizers: Cognito pools and custom authorizers' functions, then the OpenAPI body that refers to them.
    const pools = new CalixUserPools(this, 'UserPools', { pools: this.model.userPools, featurePlan: props.userPoolFeaturePlan });
    const authorizers = byKind('authorizer');
    const authorizersScope = authorizers.length ? new Construct(this, 'Authorizers') : undefined;
    for (const f of authorizers) make(authorizersScope!, f.authorizer!, f);
    const stack = Stack.of(this);
    const created = Object.entries(pools.byAuthorizer).filter(([, p]) => p.userPool && p.client);
    this.openApi = apiDocument(manifest, {
      stage,
      routerArn: this.routerAlias.functionArn,
      region: stack.region,
      partition: stack.partition,
      userPoolArns: Object.fromEntries(Object.entries(pools.byAuthorizer).map(([n, p]) => [n, p.userPoolArn])),
      authorizerFunctionArns: Object.fromEntries(authorizers.map((f) => [f.authorizer!, fns[f.name]!.alias.functionArn])),
      // HTTP APIs check Cognito tokens with JWT authorizers: the created pools' issuers and clients.
      // The issuer is spelled out as AWS documents it (not the pool's ProviderURL attribute).
      userPoolIssuers: Object.fromEntries(created.map(([n, p]) => [n, `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${p.userPool!.userPoolId}`])),
      userPoolClientIds: Object.fromEntries(created.map(([n, p]) => [n, [p.client!.userPoolClientId]])),
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: stage.logRetention as logs.RetentionDays });
    const apiProps = {
      model: this.model.api,
      openApi: this.openApi,
      description: `Calix app ${manifest.app}, stage ${stage.stage}`,
      accessLogs: this.accessLogs,
      router: this.routerAlias,
      authorizerFunctions: authorizers.map((f) => fns[f.name]!.alias),
      customDomain: stage.customDomain,
    };
    let apiConstruct: Construct;
    let url: string;
    if (this.model.api.type === 'http') {
      // The same construct id as the REST API's: a stage switching type replaces the API.
      const http = new CalixHttpApi(this, 'Api', apiProps);
      this.httpApi = http;
      this.restApi = undefined;
      apiConstruct = http;
      url = http.url;
    } else {
      const rest = new CalixRestApi(this, 'Api', {
        ...apiProps,
        policy: props.apiPolicy ?? this.configPolicy(stage),
        loggingLevel: props.apiLoggingLevel ?? apigw.MethodLoggingLevel.ERROR,
      });
      this.restApi = rest;
      this.httpApi = undefined;
      if (props.apiGatewayAccountLogging) rest.enableAccountLogging(this);
      apiConstruct = rest;
      url = rest.url;
    }
    // The same output key for both flavours: `calix url` and `calix status` read it.
    this.urlOutput = this.output(this, 'Url', 'Url', url, 'API URL');
    this.keys.url = this.outputPrefix + 'Url';
    const domain = stage.customDomain;
    if (domain) {
      this.output(this, 'CustomDomainUrl', 'CustomDomainUrl', `https://${domain.domainName}/${domain.basePath ?? ''}`, 'API URL on the custom domain');
      this.keys.customDomainUrl = this.outputPrefix + 'CustomDomainUrl';
    }

    // Trigger functions, each connected to its source by its kind's builder.
    const triggerFns = byKind('trigger');
    const triggersScope = triggerFns.length ? new Construct(this, 'Triggers') : undefined;
    const taskQueues = new Map<string, sqs.IQueue>();
    for (const f of triggerFns) {
      const { queue } = connectTrigger(make(triggersScope!, f.name, f), f.trigger!, { label, problem: (m) => this.problems.push(m) });
      if (queue) taskQueues.set(f.name, queue);
    }
    this.connectTasks(Object.values(fns), taskQueues);
    this.functions = Object.fromEntries(Object.entries(fns).map(([n, f]) => [n, f.function]));
    this.aliases = Object.fromEntries(Object.entries(fns).map(([n, f]) => [n, f.alias]));
    this.logGroups = Object.fromEntries(Object.entries(fns).map(([n, f]) => [n, f.logGroup]));

    // Outputs the CLI reads after a deploy: pool and client ids, then each function's physical names.
    const userPools: Record<string, CalixUserPool> = { ...pools.byAuthorizer };
    for (const [poolName, pool] of pools.created) {
      const k = this.outputKey(`UserPool${alnum(poolName)}`, ['Id', 'ClientId']);
      const withOutputs: CalixUserPool = {
        ...pool,
        userPoolIdOutput: this.output(pool.scope, 'UserPoolId', `${k}Id`, pool.userPool!.userPoolId, `user pool ${poolName}: id`),
        clientIdOutput: this.output(pool.scope, 'ClientId', `${k}ClientId`, pool.client!.userPoolClientId, `user pool ${poolName}: app client id`),
      };
      for (const p of this.model.userPools) {
        if (p.poolName !== poolName) continue;
        userPools[p.authorizer] = { userPoolArn: withOutputs.userPoolArn, userPool: withOutputs.userPool, client: withOutputs.client, userPoolIdOutput: withOutputs.userPoolIdOutput, clientIdOutput: withOutputs.clientIdOutput };
        this.keys.userPools[p.authorizer] = { userPoolId: this.outputPrefix + `${k}Id`, clientId: this.outputPrefix + `${k}ClientId` };
      }
    }
    this.userPools = userPools;
    for (const [name, fn] of Object.entries(fns)) {
      const k = this.outputKey(`Function${alnum(name)}`, ['Name', 'LogGroup']);
      this.output(fn, 'NameOutput', `${k}Name`, fn.function.functionName, `function ${name}: name`);
      this.output(fn, 'LogGroupOutput', `${k}LogGroup`, fn.logGroup.logGroupName, `function ${name}: log group`);
      // No output of the version: an output that changes with every code change would make the
      // toolkit's hotswap (which publishes a version and moves the alias itself) fall back to a change set.
      this.keys.functions[name] = { functionName: this.outputPrefix + `${k}Name`, logGroupName: this.outputPrefix + `${k}LogGroup` };
    }

    // The Calix route check (cdk-nag cannot see routes inside the OpenAPI body).
    this.routeAuthorization = checkRouteAuthorization(manifest, props.publicRoutes ?? []);
    if (this.routeAuthorization.unknownPublicRoutes.length) {
      this.problems.push(
        `publicRoutes names ${this.routeAuthorization.unknownPublicRoutes.map((n) => `"${n}"`).join(', ')} match no route; ` +
          `routes are: ${manifest.routes.map((r) => r.name).join(', ') || 'none'}`,
      );
    }
    for (const f of this.routeAuthorization.findings) {
      Annotations.of(apiConstruct).addWarningV2(f.kind === 'unauthorized' ? '@calix/infra:unauthorizedRoute' : '@calix/infra:stalePublicRoute', f.message);
    }

    Tags.of(this).add('calix:app', manifest.app);
    Tags.of(this).add('calix:stage', stage.stage);
    for (const [k, v] of Object.entries(stage.tags ?? {})) Tags.of(this).add(k, v);

    this.acknowledgeBucketNotifications();
    this.node.addValidation({ validate: () => [...this.model.problems, ...this.problems, ...this.validateQuotas()] });
  }

  /**
   * The REST API (stage `stage.apiGatewayStage`). A stage with `api.type: "http"` has none:
   * reading it then throws, naming {@link httpApi}.
   */
  get api(): apigw.SpecRestApi {
    if (!this.restApi) throw new Error(`${this.node.path}: stage "${this.model.stage}" deploys an HTTP API (api.type "http"), not a REST API; use calixApp.httpApi`);
    return this.restApi;
  }

  /**
   * Logical IDs of the stack outputs the CLI reads after a deploy (the keys of the toolkit's
   * `outputs`): `<prefix>Url`, `<prefix>Function<Name>Name` / `…LogGroup`, `<prefix>UserPool<Name>Id` /
   * `…ClientId`, where `<Name>` is the Calix name without characters other than letters and digits.
   */
  outputKeys(): CalixOutputKeys {
    return structuredClone(this.keys);
  }

  /**
   * Lets every function send every task: `CALIX_TASKS` (each task's function name, and queue URL
   * when queued, as JSON; read by `send` in src/events/task.ts) and the one permission it needs,
   * `lambda:InvokeFunction` on the task's function or `sqs:SendMessage` on its queue. Task
   * functions have names the stack chooses (stage model), so a task may send itself or another.
   */
  private connectTasks(fns: readonly CalixFunction[], queues: ReadonlyMap<string, sqs.IQueue>): void {
    const tasks = this.model.functions.filter((f) => f.trigger?.kind === 'task' && f.deployedName);
    if (!tasks.length) return;
    const stack = Stack.of(this);
    // Sends invoke the task's live alias (`name:live`), like every other event source, so a rollback covers tasks too.
    const env = stack.toJsonString(Object.fromEntries(tasks.map((t) => [t.name, { function: `${t.deployedName!}:${LIVE_ALIAS}`, ...(queues.has(t.name) ? { queue: queues.get(t.name)!.queueUrl } : {}) }])));
    const invoked = tasks.filter((t) => !queues.has(t.name)).map((t) => stack.formatArn({ service: 'lambda', resource: 'function', resourceName: `${t.deployedName!}:${LIVE_ALIAS}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }));
    const queued = [...queues.values()].map((q) => q.queueArn);
    for (const fn of fns) {
      fn.function.addEnvironment(TASKS_ENV, env);
      if (invoked.length) fn.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: invoked }));
      if (queued.length) fn.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: queued }));
    }
  }

  /** A CfnOutput with a stable logical ID (`outputPrefix` + key). */
  private output(scope: Construct, id: string, key: string, value: string, what: string): CfnOutput {
    const o = new CfnOutput(scope, id, { value, description: `Calix ${this.manifest.app} (${this.model.stage}): ${what}` });
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

  /** Inputs the construct cannot be built from at all. */
  private fail(message: string): never {
    throw new Error(`${this.node.path}: ${message}`);
  }

  /** `apiPolicy` from .calix/config.json as a PolicyDocument. */
  private configPolicy(stage: StageConfig): iam.PolicyDocument | undefined {
    if (!stage.apiPolicy) return undefined;
    try {
      return iam.PolicyDocument.fromJson(stage.apiPolicy);
    } catch (e) {
      this.problems.push(`apiPolicy is not a valid IAM policy document (${(e as Error).message}); give { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*" }] }`);
      return undefined;
    }
  }

  private checkApiInputs(props: CalixAppProps): void {
    const { manifest, stage } = props;
    if (this.model.api.type === 'http') {
      // HTTP APIs have none of these (stage-model.ts reports apiPolicy and the endpoint types).
      if (props.apiPolicy) this.problems.push('the apiPolicy prop: HTTP APIs have no resource policies; remove it and use an IAM authorizer on the routes, or deploy this stage as a REST API ("api": { "type": "rest" })');
      if (props.apiGatewayAccountLogging) {
        Annotations.of(this).addWarningV2('@calix/infra:accountLoggingUnused', 'apiGatewayAccountLogging has no effect on an HTTP API: HTTP APIs write access logs without the account\'s CloudWatch Logs role');
      }
    } else if (stage.apiGatewayEndpointType === 'PRIVATE' && !props.apiPolicy && !stage.apiPolicy) {
      this.problems.push(
        'apiGatewayEndpointType PRIVATE needs a resource policy (the apiPolicy prop): API Gateway refuses to deploy a private API without one. ' +
          'Set "apiPolicy" in .calix/config.json (or pass the apiPolicy prop), e.g. "apiPolicy": { "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*", "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-…" } } }] }',
      );
    }
    const authorizerNames = new Set(manifest.authorizers.map((a) => a.name));
    for (const name of Object.keys(stage.authorizers ?? {})) {
      if (!authorizerNames.has(name)) {
        Annotations.of(this).addWarningV2('@calix/infra:unknownAuthorizer', `stage config authorizers.${name} matches no authorizer of the app (${[...authorizerNames].join(', ') || 'none'})`);
      }
    }
  }

  /**
   * Notifications on an existing bucket go through CDK's custom resource (a stack-wide singleton
   * Lambda). Its role is CDK's, not Calix's: acknowledge exactly its cdk-nag finding (its
   * s3:Put/GetBucketNotification grants are scoped to the buckets, so IAM5 does not fire).
   */
  private acknowledgeBucketNotifications(): void {
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
    const { resources, resourceQuota: quota } = this.model.api;
    if (this.model.api.type === 'rest' && resources > quota) {
      const raised = quota !== LIMITS.resourcesPerApi;
      errors.push(
        `the API needs ${resources} API Gateway resources (distinct path segments, root included); API Gateway allows ${LIMITS.resourcesPerApi} per REST API` +
          (raised
            ? ` by default, and apiGatewayResourceQuota declares ${quota} for this account. `
            : '. That is a default quota AWS raises on request (Service Quotas, API Gateway, "Resources per REST API"); once raised, declare it with "apiGatewayResourceQuota": <new quota> in .calix/config.json. Or ') +
          `${raised ? 'Raise the quota further, or ' : ''}share path prefixes, use a greedy {proxy+} route, or split the app.`,
      );
    }
    const cognitoAuthorizers = this.manifest.authorizers.filter((a) => a.kind !== 'iam');
    if (cognitoAuthorizers.length > LIMITS.authorizersPerApi) {
      errors.push(
        `the app declares ${cognitoAuthorizers.length} authorizers (${cognitoAuthorizers.map((a) => a.name).join(', ')}); API Gateway allows ${LIMITS.authorizersPerApi} per ${this.model.api.type === 'http' ? 'HTTP' : 'REST'} API. ` +
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
    const bound = rough * 3 + 10_000 * this.model.functions.length + 50_000;
    if (bound < LIMITS.templateBytes) return rough;
    const stack = Stack.of(this);
    // Internal but long-standing CDK API: the template as synthesis writes it.
    const internal = stack as unknown as { _toCloudFormation?: () => unknown; _suppressTemplateIndentation?: boolean };
    if (typeof internal._toCloudFormation !== 'function') return rough;
    const template = stack.resolve(internal._toCloudFormation());
    return JSON.stringify(template, undefined, internal._suppressTemplateIndentation === true ? undefined : 1).length;
  }
}

/** The `{ projectDir }` form: the project loaded by the one app loader (a construct cannot await, so it runs in a child process). */
function fromProject(input: CalixProjectProps): CalixAppProps {
  const { projectDir, stage: stageName, ...rest } = input;
  const loaded = loadAppSync(projectDir, stageName ?? 'dev');
  return { ...rest, manifest: loaded.manifest, bundleDir: dirname(loaded.outfile), stage: loaded.stage, publicRoutes: input.publicRoutes ?? loaded.stage.publicRoutes };
}
