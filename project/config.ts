import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { ProjectError } from './errors.js';
import { API_GATEWAY_STAGE, API_TYPES, LOG_RETENTION_DAYS, MEMORY_MB, RELEASES_KEEP, RESOURCE_QUOTA, TIMEOUT_S } from './rules.js';
import type { FunctionSettings, StageConfig } from './types.js';

export const CONFIG_FILE = '.calix/config.json';

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'a name of letters, digits and "-", starting with a letter');
const stringMap = z.record(z.string(), z.string());

// A Lambda Function URL (the router's): its auth type, Lambda's own CORS, and whether responses stream.
// null turns a stage's URL off for one function (lambdaFunctions.api.functionUrl: null).
const functionUrlSchema = z
  .strictObject({
    auth: z.enum(['NONE', 'AWS_IAM']),
    cors: z.union([
      z.literal(true),
      z.strictObject({
        allowOrigins: z.array(z.string().min(1)).min(1).max(100),
        allowMethods: z.array(z.enum(['GET', 'PUT', 'HEAD', 'POST', 'PATCH', 'DELETE', '*'])).min(1).max(6).optional(),
        allowHeaders: z.array(z.string().min(1)).max(100).optional(),
        exposeHeaders: z.array(z.string().min(1)).max(100).optional(),
        allowCredentials: z.boolean().optional(),
        maxAge: z.number().int().min(0).max(86400).optional(),
      }),
    ], { error: 'expected true or { "allowOrigins": [...], "allowMethods"?, "allowHeaders"?, "exposeHeaders"?, "allowCredentials"?, "maxAge"? }' }).optional(),
    stream: z.boolean().optional(),
  })
  .nullable();

// Keys that may appear at the top level, in a stage, and per function.
const functionKeys = {
  environmentVariables: stringMap,
  memorySize: z.number().int().min(MEMORY_MB.min).max(MEMORY_MB.max),
  timeout: z.number().int().min(TIMEOUT_S.min).max(TIMEOUT_S.max),
  architecture: z.enum(['arm64', 'x86_64']),
  runtime: z.enum(['nodejs20.x', 'nodejs22.x', 'nodejs24.x']),
  tags: stringMap,
  layers: z.array(z.string().startsWith('arn:', 'a layer version ARN (arn:aws:lambda:…)')),
  reservedConcurrency: z.number().int().min(0).nullable(),
  // On the function's `live` alias; at a stage's top level it is the router's (functionSettings).
  provisionedConcurrency: z.number().int().min(0),
  // One literal list (not a union of literals) so an error lists the allowed values.
  logRetention: z.literal([...LOG_RETENTION_DAYS]),
  iamPolicy: z.array(
    z.strictObject({
      effect: z.enum(['Allow', 'Deny']).optional(),
      actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'an IAM action like "s3:GetObject"')).min(1),
      resources: z.array(z.string()).min(1),
    }),
  ),
  functionUrl: functionUrlSchema,
};
const functionSettingsSchema = z.strictObject(functionKeys).partial();

const stageKeys = {
  ...functionKeys,
  apiGatewayStage: z.string().regex(API_GATEWAY_STAGE.pattern, API_GATEWAY_STAGE.words),
  apiGatewayEndpointType: z.enum(['EDGE', 'REGIONAL', 'PRIVATE']),
  // Which API Gateway flavour serves the routes: a REST API (default) or an HTTP API (payload format 2.0).
  api: z.strictObject({ type: z.enum(API_TYPES) }),
  publicRoutes: z.union([z.literal('*'), z.array(z.string().min(1))], { error: 'expected "*" or an array of route names' }),
  // The REST API's resource policy (an IAM policy document); required for PRIVATE endpoints.
  apiPolicy: z.looseObject({
    Version: z.string().optional(),
    Statement: z.array(z.record(z.string(), z.unknown()), { error: 'expected an array of IAM policy statements' }).min(1),
  }),
  // API Gateway's resources-per-REST-API quota (300 by default) when AWS has raised it for the account.
  apiGatewayResourceQuota: z.number().int().min(RESOURCE_QUOTA.min).max(RESOURCE_QUOTA.max),
  // true: rate(5 minutes); a string: an EventBridge schedule (checked with the runtime's grammar in rules.ts).
  keepWarm: z.union([z.boolean(), z.string().min(1)], { error: 'expected true, false or a schedule like "rate(5 minutes)"' }),
  // How many Calix-published versions of each function deploy keeps for `calix rollback`.
  releases: z.strictObject({ keep: z.number().int().min(RELEASES_KEEP.min).max(RELEASES_KEEP.max) }),
  customDomain: z
    .strictObject({
      domainName: z.string().regex(/^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a domain name like "api.example.com"'),
      certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)'),
      // The Route 53 zone to add an alias record for domainName to (else point DNS at the API yourself).
      hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"').optional(),
      basePath: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, 'a path like "v1" or "shop/v1" (no leading or trailing "/")').optional(),
      tlsPolicy: z.enum(['TLS_1_0', 'TLS_1_2']).optional(),
    })
    .nullable(),
  lambdaFunctions: z.record(z.string(), functionSettingsSchema),
  // Per authorizer name. userPoolArn: an existing pool (deploy and local). userPoolId (+ region):
  // the pool `calix local` verifies tokens against and `calix auth` talks to. cognitoEndpoint: a
  // local emulator (cognito-local) serving that pool; issuer: the emulator's token issuer when it
  // is not `<cognitoEndpoint>/<userPoolId>`. clientIds: app clients whose tokens are accepted
  // (API Gateway accepts any client of the pool; listing them is stricter) — the first one is
  // the client `calix auth` signs up and logs in with. See docs/auth.md.
  authorizers: z.record(
    z.string(),
    z
      .strictObject({
        userPoolArn: z.string().regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+$/, 'a Cognito user pool ARN').optional(),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region like "us-east-1"').optional(),
        userPoolId: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'a user pool id like "us-east-1_AbCdEf123"').optional(),
        clientIds: z.array(z.string().regex(/^[\w+]+$/, 'an app client id')).min(1).optional(),
        cognitoEndpoint: z.url({ protocol: /^https?$/ }).optional(),
        issuer: z.url({ protocol: /^https?$/ }).optional(),
      })
      .refine((a) => !(a.userPoolArn && a.userPoolId), { message: 'give userPoolArn or userPoolId, not both' }),
  ),
};
const stageSchema = z.strictObject(stageKeys).partial();

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).optional(),
  app: name,
  main: z.string().min(1).optional(),
  ...Object.fromEntries(Object.entries(stageKeys).map(([k, v]) => [k, v.optional()])),
  stages: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,30}$/, 'letters and digits, starting with a letter'), stageSchema).optional(),
}) as z.ZodType<RawConfig>;

export type RawStage = Partial<Omit<StageConfig, 'app' | 'stage' | 'main'>>;
export interface RawConfig extends RawStage {
  $schema?: string;
  version?: 1;
  app: string;
  main?: string;
  stages?: Record<string, RawStage>;
}

export const DEFAULTS: FunctionSettings & Pick<StageConfig, 'apiGatewayStage' | 'apiGatewayEndpointType' | 'main'> = {
  main: 'app.ts',
  environmentVariables: {},
  memorySize: 512,
  timeout: 30,
  architecture: 'arm64',
  runtime: 'nodejs24.x',
  tags: {},
  layers: [],
  reservedConcurrency: null,
  provisionedConcurrency: 0,
  logRetention: 30,
  iamPolicy: [],
  functionUrl: null,
  apiGatewayStage: 'api',
  apiGatewayEndpointType: 'REGIONAL',
};

const FIX: Record<string, string> = {
  invalid_type: 'change the value to that type',
  unrecognized_keys: 'remove it or fix its spelling',
  too_small: 'use a larger value',
  too_big: 'use a smaller value',
  invalid_value: 'use one of the allowed values',
  invalid_format: 'fix the format',
  invalid_union: 'change the value to one of those',
};

const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** A zod issue's problem in words, listing the allowed values where there is a list. */
function problem(i: z.core.$ZodIssue): string {
  const got = 'input' in i && i.input !== undefined ? ` (got ${shown(i.input)})` : '';
  if (i.code === 'invalid_value') return `must be ${i.values.length === 1 ? shown(i.values[0]) : `one of ${i.values.map(shown).join(', ')}`}${got}`;
  if (i.code === 'invalid_union' && i.message === 'Invalid input') {
    const alternatives = i.errors.map((branch) => branch.map((b) => b.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '')).join(' and '));
    return `${alternatives.join(' or ')}${got}`;
  }
  // invalid_type already says what it received.
  return `${i.message.replace(/^Invalid (input|option): /, '')}${i.code === 'invalid_type' ? '' : got}`;
}

/** Closest known key, for "did you mean" hints. */
function closest(word: string, candidates: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const dd = dist(word, c);
    if (dd < bestD) [best, bestD] = [c, dd];
  }
  return best;
}

/** The router's function name (project/stage-model.ts's ROUTER_FUNCTION; that module imports this one). */
const ROUTER = 'api';

function knownKeysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return ['$schema', 'version', 'app', 'main', 'stages', ...Object.keys(stageKeys)];
  if (path[0] === 'stages' && path.length === 2) return Object.keys(stageKeys);
  if (path.includes('lambdaFunctions')) return Object.keys(functionKeys);
  // `api` at the top or in a stage (not a function or an authorizer named "api").
  if ((path.length === 1 || (path[0] === 'stages' && path.length === 3)) && path[path.length - 1] === 'api') return ['type'];
  if (path.includes('releases')) return ['keep'];
  if (path.includes('authorizers')) return ['userPoolArn', 'userPoolId', 'region', 'clientIds', 'cognitoEndpoint', 'issuer'];
  return [];
}

/** Formats zod issues as `file: json.path: problem (fix)` lines. */
export function formatConfigIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((i) => {
    const at = i.path.length ? i.path.map(String).join('.') : '(top level)';
    if (i.code === 'unrecognized_keys') {
      return i.keys
        .map((k) => {
          const hint = closest(k, knownKeysAt(i.path));
          return `  ${i.path.length ? at + '.' : ''}${k}: unknown key; ${hint ? `did you mean "${hint}"?` : 'remove it (see README, "Configuration")'}`;
        })
        .join('\n');
    }
    return `  ${at}: ${problem(i)}; ${FIX[i.code] ?? 'fix the value'}`;
  });
  return `${file} is not a valid Calix config:\n${lines.join('\n')}`;
}

/** `file:line:column: not valid JSON: reason` from JSON.parse's `at position N`. */
export function jsonSyntaxError(file: string, text: string, e: Error): string {
  const m = /^(.*?)(?:,?\s*(?:in JSON )?at position (\d+))(?: \(line \d+ column \d+\))?$/s.exec(e.message);
  const reason = (m ? m[1]! : e.message).replace(/ in JSON$/, '');
  const pos = m ? Number(m[2]) : text.length;
  const before = text.slice(0, pos).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  return `${file}:${line}:${column}: not valid JSON: ${reason}. Fix the syntax at line ${line}, column ${column} (trailing commas and comments are not allowed).`;
}

/** Reads and validates a config file, with errors that name the file, the key and the fix. */
export function readConfig(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProjectError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProjectError(jsonSyntaxError(file, text, e as Error));
  }
  const r = configSchema.safeParse(json, { reportInput: true });
  if (!r.success) throw new ProjectError(formatConfigIssues(file, r.error.issues));
  return r.data;
}

/** The nearest folder at or above `from` holding `.calix/config.json`. */
export function findProjectDir(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export interface Project {
  dir: string;
  configFile: string;
  config: RawConfig;
}

export function loadProject(projectDir: string | undefined, cwd = process.cwd()): Project {
  const dir = projectDir ? resolve(cwd, projectDir) : findProjectDir(cwd);
  if (!dir) throw new ProjectError(`no Calix project here: no ${CONFIG_FILE} in ${cwd} or any folder above it. Run \`calix new-project <name>\` or pass --project-dir.`);
  const configFile = join(dir, CONFIG_FILE);
  if (!existsSync(configFile)) throw new ProjectError(`${dir} is not a Calix project: ${CONFIG_FILE} is missing`);
  return { dir, configFile, config: readConfig(configFile) };
}

/** Merges top-level defaults with `stages.<stage>`: maps merge by key, the rest is replaced. */
export function resolveStage(project: Project, stage: string): StageConfig {
  const { config } = project;
  const s = config.stages?.[stage];
  if (!s) {
    const known = Object.keys(config.stages ?? {});
    throw new ProjectError(
      `${relative(process.cwd(), project.configFile) || project.configFile}: stage "${stage}" is not defined; ` +
        (known.length ? `known stages: ${known.join(', ')}` : `add "stages": { "${stage}": {} }`),
    );
  }
  const { stages: _s, $schema: _d, version: _v, ...top } = config;
  const merged: StageConfig = {
    ...DEFAULTS,
    customDomain: null,
    lambdaFunctions: {},
    authorizers: {},
    ...stripUndefined(top),
    ...stripUndefined(s),
    app: config.app,
    stage,
    main: config.main ?? DEFAULTS.main,
    environmentVariables: { ...top.environmentVariables, ...s.environmentVariables },
    tags: { ...top.tags, ...s.tags },
  };
  const fns: Record<string, Partial<FunctionSettings>> = {};
  for (const src of [top.lambdaFunctions ?? {}, s.lambdaFunctions ?? {}]) {
    for (const [fn, settings] of Object.entries(src)) {
      const prev = fns[fn] ?? {};
      fns[fn] = {
        ...prev,
        ...settings,
        ...(prev.environmentVariables || settings.environmentVariables ? { environmentVariables: { ...prev.environmentVariables, ...settings.environmentVariables } } : {}),
      };
    }
  }
  merged.lambdaFunctions = fns;
  merged.authorizers = { ...top.authorizers, ...s.authorizers };
  return merged;
}

/** One function's settings: the stage's, overridden by `lambdaFunctions.<name>`. */
export function functionSettings(stage: StageConfig, fn: string): FunctionSettings {
  const o = stage.lambdaFunctions[fn] ?? {};
  const pick = <K extends keyof FunctionSettings>(k: K): FunctionSettings[K] => (o[k] !== undefined ? (o[k] as FunctionSettings[K]) : stage[k]);
  return {
    environmentVariables: { ...stage.environmentVariables, ...o.environmentVariables },
    memorySize: pick('memorySize'),
    timeout: pick('timeout'),
    architecture: pick('architecture'),
    runtime: pick('runtime'),
    tags: { ...stage.tags, ...o.tags },
    layers: pick('layers'),
    reservedConcurrency: pick('reservedConcurrency'),
    // The stage-level value is the router's (the paid alternative to keepWarm): provisioning every
    // trigger function by default would bill for environments nothing needs warm.
    provisionedConcurrency: o.provisionedConcurrency ?? (fn === ROUTER ? (stage.provisionedConcurrency ?? 0) : 0),
    logRetention: pick('logRetention'),
    iamPolicy: [...stage.iamPolicy, ...(o.iamPolicy ?? [])],
    // The stage's URL is the router's (`api`, project/stage-model.ts ROUTER_FUNCTION); another
    // function has one only through its own key (which the stage model refuses).
    functionUrl: o.functionUrl !== undefined ? o.functionUrl : fn === 'api' ? stage.functionUrl : null,
  };
}

const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
