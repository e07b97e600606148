// The stage model: an app's manifest + a resolved stage -> everything that must be the same
// wherever the app runs. `calix local`, `calix invoke`, `calix auth`, OpenAPI and the CDK
// constructs read these values instead of working them out again, so local and deployed agree.
import { TASKS_ENV } from '../src/events/task.js';
import type { Manifest } from '../src/manifest.js';
import { functionSettings } from './config.js';
import { httpApiCors, httpApiProblems, type HttpApiCors } from './http-api.js';
import { ALL_BINARY, apiResources, gatewayResponseCors } from './openapi.js';
import { apiProblems, apiType, keepWarmSchedule, releasesKeep, RESOURCE_QUOTA, retentionProblem, settingsProblems } from './rules.js';
import { parseTriggers, type TriggerSpec } from './triggers.js';
import type { ApiType, FunctionSettings, FunctionUrlConfig, FunctionUrlCors, StageConfig } from './types.js';
import { createdPoolName, deployedPoolName, existingUserPoolArn, resolvePool, type CognitoAuthorizer, type PoolTarget } from './user-pools.js';

/** The router function's key in `lambdaFunctions` and its `CALIX_HANDLER` value. */
export const ROUTER_FUNCTION = 'api';

/**
 * Environment variables only deployed functions have, besides `environment`: `CALIX_TASKS`
 * (where each task's function and queue are; the stack sets it, since a queue's URL exists only
 * once deployed). Locally no send goes to AWS: the emulation runs tasks in-process instead.
 */
export const DEPLOYED_ONLY_ENVIRONMENT: readonly string[] = [TASKS_ENV];

/** Lambda's limit on a function name. */
const LAMBDA_NAME_MAX = 64;

/** `<app>-<stage>`: the stack's and the REST API's name. */
export const stackName = (stage: Pick<StageConfig, 'app' | 'stage'>): string => `${stage.app}-${stage.stage}`;

/** `<app>-<stage>-<fn>`: a function's name where Calix names it itself (`calix local`, `calix invoke`). */
export const localFunctionName = (stage: Pick<StageConfig, 'app' | 'stage'>, fn: string): string => `${stackName(stage)}-${fn}`;

/**
 * The alias every deployed function is invoked through (API Gateway, authorizers, triggers):
 * `calix rollback` moves it to an older version, the next deploy forward again.
 */
export const LIVE_ALIAS = 'live';

/** Description prefix of the versions Calix publishes: only these are ever pruned. */
export const RELEASE_DESCRIPTION_PREFIX = 'calix ';

/**
 * The description of the version a change-set deploy publishes. Constant on purpose: a version's
 * description is immutable, so a value that changed without the function changing (a user name,
 * the Calix version) would make CloudFormation replace the version, which Lambda refuses ("A
 * version for this Lambda function exists") when code and configuration are unchanged.
 */
export const DEPLOY_RELEASE_DESCRIPTION = `${RELEASE_DESCRIPTION_PREFIX}deploy`;

/** Letters and digits of a name, for logical IDs and output keys. */
export const alnum = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '');

/** One Lambda function of the app, as local and deployed run it. */
export interface FunctionModel {
  /** The Calix name: `api` (the router), a trigger's name, or a custom authorizer's function. */
  readonly name: string;
  readonly kind: 'router' | 'authorizer' | 'trigger';
  /** The trigger it serves (kind `trigger`). */
  readonly trigger?: TriggerSpec;
  /** The custom authorizer it implements (kind `authorizer`). */
  readonly authorizer?: string;
  /** The stage's settings, overridden by `lambdaFunctions.<name>`. */
  readonly settings: FunctionSettings;
  /** The settings' tags set on this function only (the stage's tags go on every resource). */
  readonly ownTags: Readonly<Record<string, string>>;
  /** Its environment: the configured variables plus CALIX_HANDLER and CALIX_STAGE. */
  readonly environment: Readonly<Record<string, string>>;
  /** `<app>-<stage>-<name>`: its name in `calix local` / `calix invoke` (deployed, CloudFormation names it, unless `deployedName`). */
  readonly localName: string;
  /**
   * The name the stack gives the deployed function itself, or null to let CloudFormation name it.
   * Tasks: `<app>-<stage>-<name>`, so that every function (the task itself and other tasks
   * included) can address it in `CALIX_TASKS` and its IAM policy without a dependency cycle.
   */
  readonly deployedName: string | null;
  /** Its config key, `lambdaFunctions.<name>`, for messages. */
  readonly configKey: string;
  /** The deployed function's description. */
  readonly description: string;
  /** Its Function URL (the router's only), or null. */
  readonly url: FunctionUrlModel | null;
  /**
   * The bundle's export Lambda calls (`index.<entryExport>`): `streamHandler` (the router wrapped
   * in `awslambda.streamifyResponse`, src/lambda-stream.ts) behind a streaming URL, else `handler`.
   */
  readonly entryExport: 'handler' | 'streamHandler';
}

/** A function's Lambda Function URL, as deployed. */
export interface FunctionUrlModel {
  readonly auth: FunctionUrlConfig['auth'];
  /** `RESPONSE_STREAM` with `stream: true`: chunks reach the client as the handler writes them. */
  readonly invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  /** Lambda's CORS for the URL (`cors: true` spelled out), or null. */
  readonly cors: Required<Pick<FunctionUrlCors, 'allowOrigins' | 'allowMethods'>> & Omit<FunctionUrlCors, 'allowOrigins' | 'allowMethods'> | null;
}

/** The largest response a URL sends: streamed 200 MB (Lambda's response streaming limit), buffered 6 MB. */
export const FUNCTION_URL_LIMITS = { streamed: 200 * 1024 * 1024, buffered: 6 * 1024 * 1024 } as const;

function functionUrlModel(url: FunctionUrlConfig | null | undefined): FunctionUrlModel | null {
  if (!url) return null;
  const cors = url.cors === true ? { allowOrigins: ['*'], allowMethods: ['*' as const] } : url.cors ? { ...url.cors, allowMethods: url.cors.allowMethods ?? ['*' as const] } : null;
  return { auth: url.auth, invokeMode: url.stream ? 'RESPONSE_STREAM' : 'BUFFERED', cors };
}

/** The API event payloads the stage's router receives: 1.0 from a REST API; 2.0 from an HTTP API or a Function URL. */
export function routerEventFormats(stage: StageConfig): EventFormats {
  const type = apiType(stage);
  return { rest: type === 'rest', http: type === 'http' || functionModel(stage, ROUTER_FUNCTION).url !== null };
}

export interface EventFormats {
  readonly rest: boolean;
  readonly http: boolean;
}

/** Whether the stage's bundle must export `streamHandler` (its router has a streaming Function URL). */
export const streamsResponses = (stage: StageConfig): boolean => functionModel(stage, ROUTER_FUNCTION).entryExport === 'streamHandler';

/** A Cognito authorizer's pool. */
export interface UserPoolModel {
  readonly authorizer: string;
  /** The request header carrying the token. */
  readonly header: string;
  /** Scopes the method requires (access tokens then); none: ID tokens. */
  readonly scopes: readonly string[];
  /** `existing`: the pool at `userPoolArn`; `created`: the pool Calix creates as `deployedName`. */
  readonly source: 'existing' | 'created';
  readonly userPoolArn: string | null;
  /** Created pools: their Calix name (authorizers naming the same pool share it) and AWS name. */
  readonly poolName: string | null;
  readonly deployedName: string | null;
  /** The pool `calix local` verifies tokens against (id, region-derived issuer, JWKS), or why there is none. */
  readonly local: PoolTarget | { readonly problem: string };
}

/** The API's settings. */
export interface ApiModel {
  /**
   * `rest`: an API Gateway REST API (v1 events); `http`: an HTTP API (payload format 2.0), from
   * the stage's `api.type`.
   */
  readonly type: ApiType;
  /** `<app>-<stage>`. */
  readonly name: string;
  /** API Gateway stage name (the URL's first segment). */
  readonly stageName: string;
  readonly endpointType: StageConfig['apiGatewayEndpointType'];
  readonly binaryMediaTypes: readonly string[];
  /**
   * Headers API Gateway adds to its own answers (401/403/413/5XX) in its gateway-response mapping
   * syntax (`'value'` or `method.request.header.origin`); undefined when no route uses CORS.
   * Read the value for a request with {@link edgeCorsHeaders}.
   */
  readonly gatewayResponseHeaders: Readonly<Record<string, string>> | undefined;
  /**
   * HTTP APIs: the API's one CORS configuration (the union of the routes' rules; API Gateway
   * answers preflights and adds the headers to every response). undefined for REST APIs and
   * when no route uses CORS.
   */
  readonly httpCors: HttpApiCors | undefined;
  /** API Gateway resources the routes need, and the quota they must fit in. */
  readonly resources: number;
  readonly resourceQuota: number;
  /** The schedule that pings the router with the keep-warm event, or null. */
  readonly keepWarm: string | null;
}

export interface StageModel {
  readonly app: string;
  readonly stage: string;
  readonly stackName: string;
  readonly config: StageConfig;
  /** Every function: the router, each custom authorizer's, each trigger's (in manifest order). */
  readonly functions: readonly FunctionModel[];
  readonly userPools: readonly UserPoolModel[];
  readonly api: ApiModel;
  readonly triggers: readonly TriggerSpec[];
  /** Releases: the alias every function is invoked through, and how many Calix versions a deploy keeps. */
  readonly releases: { readonly alias: string; readonly keep: number };
  /** Input problems (one sentence each, with the fix); the CLI and the constructs report them. */
  readonly problems: readonly string[];
}

const described = (stage: StageConfig, what: string) => `${stage.app} (${stage.stage}): ${what}`;

/**
 * One function's model from the stage alone (the manifest only says which functions exist):
 * what `calix local` and `calix invoke` set before the app is even loaded.
 */
export function functionModel(stage: StageConfig, name: string, of: Pick<FunctionModel, 'kind' | 'trigger' | 'authorizer'> = { kind: name === ROUTER_FUNCTION ? 'router' : 'trigger' }): FunctionModel {
  const settings = functionSettings(stage, name);
  const url = of.kind === 'router' ? functionUrlModel(settings.functionUrl) : null;
  const what =
    of.kind === 'router' ? 'API router' : of.kind === 'authorizer' ? `authorizer ${of.authorizer}` : of.trigger ? `${of.trigger.kind} trigger "${name}"` : `function ${name}`;
  return {
    name,
    ...of,
    settings,
    ownTags: { ...stage.lambdaFunctions?.[name]?.tags },
    environment: { ...settings.environmentVariables, CALIX_HANDLER: name, CALIX_STAGE: stage.stage },
    localName: localFunctionName(stage, name),
    deployedName: of.trigger?.kind === 'task' ? localFunctionName(stage, name) : null,
    configKey: `lambdaFunctions.${name}`,
    description: described(stage, what),
    url,
    entryExport: url?.invokeMode === 'RESPONSE_STREAM' ? 'streamHandler' : 'handler',
  };
}


/**
 * The values API Gateway's gateway-response mapping gives for a request with this `Origin`
 * (a header whose source the request lacks is left out, as API Gateway does).
 */
export function edgeCorsHeaders(mapping: Readonly<Record<string, string>> | undefined, origin: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [header, source] of Object.entries(mapping ?? {})) {
    if (source.startsWith("'")) out[header] = source.slice(1, -1);
    else if (source === 'method.request.header.origin' && origin !== undefined) out[header] = origin;
  }
  return out;
}

/** The stage model of an app: every function, pool, API setting and problem. */
export function stageModel(manifest: Manifest, stage: StageConfig): StageModel {
  const problems: string[] = [];
  if (stage.app !== manifest.app) {
    problems.push(`stage config is for app "${stage.app}" but the manifest is app "${manifest.app}"; the "app" in .calix/config.json must equal new Calix({ name })`);
  }
  problems.push(...apiProblems(stage), ...httpApiProblems(manifest, stage));
  const triggers = parseTriggers(manifest.triggers, problems);

  // Function names: unique case-insensitively (they name Lambda functions and output keys).
  const functions: FunctionModel[] = [];
  const claimed = new Map<string, string>([[ROUTER_FUNCTION, 'the router']]);
  const add = (name: string, what: string, of: Pick<FunctionModel, 'kind' | 'trigger' | 'authorizer'>) => {
    if (of.kind !== 'router') {
      const other = claimed.get(name.toLowerCase());
      if (other) {
        problems.push(`${what} needs a function named "${name}", which is already ${other}; function names must be unique (case-insensitively)`);
        return;
      }
      claimed.set(name.toLowerCase(), what);
    }
    const fn = functionModel(stage, name, of);
    problems.push(...settingsProblems(fn.configKey, fn.settings));
    if (fn.deployedName && fn.deployedName.length > LAMBDA_NAME_MAX) {
      problems.push(`${what} is deployed as the function "${fn.deployedName}" (<app>-<stage>-<name>), ${fn.deployedName.length} characters; Lambda allows ${LAMBDA_NAME_MAX}: shorten the task's name, the app's or the stage's`);
    }
    if (of.kind !== 'router' && fn.settings.functionUrl) {
      problems.push(`${fn.configKey}.functionUrl: only the router (lambdaFunctions.${ROUTER_FUNCTION}) can have a Function URL, since every URL request is routed by the app's routes; remove the key`);
    }
    const own = stage.lambdaFunctions?.[name]?.logRetention;
    const retention = own === undefined ? undefined : retentionProblem(own, `${fn.configKey}.logRetention`);
    if (retention) problems.push(retention);
    functions.push(fn);
  };
  add(ROUTER_FUNCTION, 'the router', { kind: 'router' });
  for (const a of manifest.authorizers) if (a.kind === 'custom') add(a.function, `custom authorizer "${a.name}"`, { kind: 'authorizer', authorizer: a.name });
  for (const t of triggers) add(t.name, `${t.kind} trigger "${t.name}"`, { kind: 'trigger', trigger: t });

  const names = functions.map((f) => f.name);
  for (const key of Object.keys(stage.lambdaFunctions ?? {})) {
    if (!names.includes(key)) {
      const hint = names.find((k) => k.toLowerCase() === key.toLowerCase());
      problems.push(`lambdaFunctions.${key} matches no function; functions are: ${names.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}; rename or remove the key in .calix/config.json`);
    }
  }

  const router = functions.find((f) => f.kind === 'router');
  if (router?.url?.auth === 'NONE') {
    // A Function URL reaches the router without API Gateway: route authorizers and API keys do not run.
    const guarded = manifest.routes.filter((r) => r.authorizer || r.apiKeyRequired).map((r) => r.name);
    if (guarded.length) {
      problems.push(
        `functionUrl.auth "NONE" would let anyone call ${guarded.join(', ')} without the authorizer or API key API Gateway checks (a Function URL bypasses API Gateway); ` +
          'use "auth": "AWS_IAM", or serve those routes through the REST API only',
      );
    }
  }

  const userPools = manifest.authorizers.filter((a): a is CognitoAuthorizer => a.kind === 'cognito_user_pools').map((a) => userPoolModel(a, stage));
  const resourceQuota = stage.apiGatewayResourceQuota ?? RESOURCE_QUOTA.min;
  return {
    app: manifest.app,
    stage: stage.stage,
    stackName: stackName(stage),
    config: stage,
    functions,
    userPools,
    api: {
      type: apiType(stage),
      name: stackName(stage),
      stageName: stage.apiGatewayStage,
      endpointType: stage.apiGatewayEndpointType,
      binaryMediaTypes: [...ALL_BINARY],
      gatewayResponseHeaders: apiType(stage) === 'rest' ? gatewayResponseCors(manifest.routes) : undefined,
      httpCors: apiType(stage) === 'http' ? httpApiCors(manifest.routes) : undefined,
      resources: apiResources(manifest).size,
      resourceQuota,
      keepWarm: keepWarmSchedule(stage),
    },
    triggers,
    releases: { alias: LIVE_ALIAS, keep: releasesKeep(stage) },
    problems,
  };
}

function userPoolModel(a: CognitoAuthorizer, stage: StageConfig): UserPoolModel {
  const arn = existingUserPoolArn(a, stage);
  const poolName = arn ? null : createdPoolName(a);
  return {
    authorizer: a.name,
    header: a.header,
    scopes: [...a.scopes],
    source: arn ? 'existing' : 'created',
    userPoolArn: arn,
    poolName,
    deployedName: poolName === null ? null : deployedPoolName(poolName, stage.stage),
    local: resolvePool(a, stage.authorizers?.[a.name], stage.stage),
  };
}

/** The model of one function, by name; undefined when the app has none of that name. */
export const findFunction = (model: Pick<StageModel, 'functions'>, name: string): FunctionModel | undefined => model.functions.find((f) => f.name === name);

