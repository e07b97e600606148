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
  /** Days of CloudWatch log retention. @default 30 */
  logRetention: number;
  /** Extra IAM statements for the function's role. */
  iamPolicy: IamStatement[];
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
  /** @default 'REGIONAL' */
  apiGatewayEndpointType: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  customDomain: { domainName: string; certificateArn: string; basePath?: string } | null;
  /** Per-function overrides (router function is `api`, triggers by their name). */
  lambdaFunctions: Record<string, Partial<FunctionSettings>>;
  /** Per-authorizer settings: an existing user pool (ARN) instead of one Calix creates. */
  authorizers: Record<string, { userPoolArn?: string; cognitoEndpoint?: string; region?: string; userPoolId?: string; clientIds?: string[] }>;
}
