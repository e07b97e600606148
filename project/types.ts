/**
 * A stage's settings after merging `.calix/config.json` top-level defaults with
 * `stages.<name>`: what the local server and the infrastructure read.
 */
export interface FunctionSettings {
  environmentVariables: Record<string, string>;
  /** MB. @default 512 */
  memorySize: number;
  /** Seconds. @default 30 (API Gateway's integration limit is 29 s for the router) */
  timeout: number;
  /** @default 'arm64' */
  architecture: 'arm64' | 'x86_64';
  /** @default 'nodejs24.x' */
  runtime: 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x';
  tags: Record<string, string>;
  /** Layer ARNs. */
  layers: string[];
  reservedConcurrency: number | null;
  /**
   * Execution environments Lambda keeps initialized on the function's `live` alias (billed while
   * configured). At the stage's top level it applies to the router only; another function sets
   * its own under `lambdaFunctions.<name>`. 0 = none. @default 0
   */
  provisionedConcurrency: number;
  /** Days of CloudWatch log retention. @default 30 */
  logRetention: number;
  /** Extra IAM statements for the function's role. */
  iamPolicy: IamStatement[];
  /**
   * A Lambda Function URL for the function (the router only). The stage's value is the router's;
   * `lambdaFunctions.api.functionUrl` overrides it (`null`: none). @default null
   */
  functionUrl: FunctionUrlConfig | null;
}

/** `functionUrl` in `.calix/config.json`. */
export interface FunctionUrlConfig {
  /** `AWS_IAM`: callers sign with SigV4 and need `lambda:InvokeFunctionUrl`; `NONE`: public. */
  auth: 'NONE' | 'AWS_IAM';
  /** CORS answered by Lambda itself (`true`: any origin, any method). @default none */
  cors?: true | FunctionUrlCors;
  /** Stream responses (`invokeMode: RESPONSE_STREAM`, handler `index.streamHandler`). @default false */
  stream?: boolean;
}

export interface FunctionUrlCors {
  allowOrigins: string[];
  allowMethods?: ('GET' | 'PUT' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE' | '*')[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  allowCredentials?: boolean;
  /** Seconds. */
  maxAge?: number;
}

export interface IamStatement {
  effect?: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
}

export interface StageConfig extends FunctionSettings {
  /** App name from config (must equal the app's `new Calix({ name })`). */
  app: string;
  /** Stage name, e.g. `dev`. Stack name is `<app>-<stage>`. */
  stage: string;
  /** Entry module relative to the project dir. @default 'app.ts' */
  main: string;
  /** API Gateway stage name. @default 'api' */
  apiGatewayStage: string;
  /**
   * Which API Gateway flavour serves the routes: `rest` (a REST API, v1 events) or `http` (an
   * HTTP API, payload format 2.0). @default { type: 'rest' }
   */
  api?: { type: ApiType };
  /** @default 'REGIONAL' */
  apiGatewayEndpointType: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  /**
   * The API on your own domain: an API Gateway custom domain with this ACM certificate (in
   * us-east-1 for EDGE endpoints, in the stack's region for REGIONAL ones), a base path mapping,
   * and with `hostedZoneId` a Route 53 alias record. `tlsPolicy` @default 'TLS_1_2'.
   */
  customDomain: { domainName: string; certificateArn: string; hostedZoneId?: string; basePath?: string; tlsPolicy?: 'TLS_1_0' | 'TLS_1_2' } | null;
  /** Per-function overrides (router function is `api`, triggers by their name). */
  lambdaFunctions: Record<string, Partial<FunctionSettings>>;
  /** Per-authorizer settings by authorizer name (see docs/auth.md). */
  authorizers: Record<string, AuthorizerSettings>;
  /**
   * Route names meant to be callable without an authorizer, or '*'. `package`/`deploy` warn
   * about every other route that has none. @default [] */
  publicRoutes?: string[] | '*';
  /**
   * Resource policy of the REST API, as an IAM policy document (`{ "Version": "2012-10-17",
   * "Statement": [...] }`). Required with `apiGatewayEndpointType: "PRIVATE"`. @default none */
  apiPolicy?: ApiPolicyDocument;
  /**
   * API Gateway's "resources per REST API" quota for this account and region when AWS has raised
   * it (Service Quotas). Calix refuses an app needing more API Gateway resources. @default 300 */
  apiGatewayResourceQuota?: number;
  /**
   * Pings the router on a schedule so it stays warm: `true` is `rate(5 minutes)`, a string is
   * any EventBridge schedule. The ping is answered at once, touching no route. @default false
   */
  keepWarm?: boolean | string;
  /**
   * Releases: every deploy publishes a Lambda version per changed function behind the alias
   * `live`; after a deploy Calix deletes the oldest versions it published beyond `keep` (the
   * version `live` points to is never deleted). @default { keep: 10 }
   */
  releases?: { keep: number };
}

/** API Gateway's two flavours: REST APIs and HTTP APIs. */
export type ApiType = 'rest' | 'http';

/** An IAM policy document in its JSON form. */
export interface ApiPolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[];
  [key: string]: unknown;
}

/** `stages.<stage>.authorizers.<name>` in `.calix/config.json`. */
export interface AuthorizerSettings {
  /** An existing user pool, instead of one Calix creates: used by deploy, `calix local` and `calix auth`. */
  userPoolArn?: string;
  /** The pool `calix local` verifies tokens against and `calix auth` uses (e.g. a deployed pool, or an emulator's). */
  userPoolId?: string;
  /** @default the region in the pool id (`us-east-1_…`) */
  region?: string;
  /** App clients whose tokens `calix local` accepts (API Gateway accepts any client of the pool); the first is the one `calix auth` uses. */
  clientIds?: string[];
  /** A local Cognito emulator (cognito-local) serving the pool, e.g. `http://localhost:9229`. Local development only. */
  cognitoEndpoint?: string;
  /** The tokens' `iss` when it is not AWS's (`https://cognito-idp.<region>.amazonaws.com/<id>`) nor `<cognitoEndpoint>/<userPoolId>`. */
  issuer?: string;
}
