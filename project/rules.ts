// The limits a stage's values must respect, each written once: the config schema (config.ts)
// builds its zod checks from them, and the stage model (stage-model.ts) applies them again to a
// StageConfig built by hand for `calix/cdk`, which never went through the schema.
import { parseSchedule } from '../src/events/schedule.js';
import type { ApiType, FunctionSettings, StageConfig } from './types.js';

/** Lambda's memory range, MB. */
export const MEMORY_MB = { min: 128, max: 10240 } as const;
/** Lambda's timeout range, seconds. */
export const TIMEOUT_S = { min: 1, max: 900 } as const;
/** The retentions CloudWatch Logs offers, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
/** API Gateway's stage names: letters, digits, "-" and "_", at most 128. */
export const API_GATEWAY_STAGE = { pattern: /^[A-Za-z0-9_-]{1,128}$/, words: '1-128 letters, digits, "-" or "_"' } as const;
/** API Gateway's default "resources per REST API" quota, and the most a raised one may declare. */
export const RESOURCE_QUOTA = { min: 300, max: 100000 } as const;
/** How many versions per function deploy keeps (`releases.keep`); the default keeps ten releases to roll back to. */
export const RELEASES_KEEP = { min: 1, max: 1000, default: 10 } as const;
export const RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const satisfies readonly FunctionSettings['runtime'][];
export const ARCHITECTURES = ['arm64', 'x86_64'] as const satisfies readonly FunctionSettings['architecture'][];
/** The API Gateway flavours a stage can deploy (`api.type`); `rest` is the default. */
export const API_TYPES = ['rest', 'http'] as const satisfies readonly ApiType[];
export const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'] as const satisfies readonly StageConfig['apiGatewayEndpointType'][];
/** Variables Calix sets in every function's environment; a config may not set them. */
export const RESERVED_VARIABLES = ['CALIX_HANDLER', 'CALIX_STAGE'] as const;

const isIntIn = (v: unknown, r: { min: number; max: number }) => Number.isInteger(v) && (v as number) >= r.min && (v as number) <= r.max;

/** A log retention's problem, or undefined. `key` names it in the message (`logRetention`, `lambdaFunctions.x.logRetention`). */
export function retentionProblem(days: number, key: string): string | undefined {
  if ((LOG_RETENTION_DAYS as readonly number[]).includes(days)) return undefined;
  return `${key} ${days} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(', ')}`;
}

/** What is wrong with one function's settings but its log retention (see retentionProblem); `where` is its config key (`lambdaFunctions.api`). */
export function settingsProblems(where: string, s: FunctionSettings): string[] {
  const out: string[] = [];
  if (!(RUNTIMES as readonly string[]).includes(s.runtime)) out.push(`${where}: runtime "${s.runtime}" must be one of ${RUNTIMES.join(', ')}`);
  if (!(ARCHITECTURES as readonly string[]).includes(s.architecture)) out.push(`${where}: architecture "${s.architecture}" must be arm64 or x86_64`);
  if (!isIntIn(s.memorySize, MEMORY_MB)) out.push(`${where}: memorySize ${s.memorySize} must be an integer from ${MEMORY_MB.min} to ${MEMORY_MB.max} (MB)`);
  if (!isIntIn(s.timeout, TIMEOUT_S)) out.push(`${where}: timeout ${s.timeout} must be an integer from ${TIMEOUT_S.min} to ${TIMEOUT_S.max} (seconds)`);
  const pc = s.provisionedConcurrency ?? 0;
  if (!Number.isInteger(pc) || pc < 0) out.push(`${where}: provisionedConcurrency ${pc} must be an integer of at least 0 (0 = none)`);
  else if (pc > 0 && s.reservedConcurrency !== null && s.reservedConcurrency !== undefined && pc > s.reservedConcurrency) {
    out.push(`${where}: provisionedConcurrency ${pc} exceeds reservedConcurrency ${s.reservedConcurrency}; Lambda refuses more provisioned than reserved executions: lower provisionedConcurrency or raise reservedConcurrency`);
  }
  for (const v of RESERVED_VARIABLES) if (v in s.environmentVariables) out.push(`${where}: environmentVariables must not set ${v}; Calix sets it per function`);
  for (const st of s.iamPolicy) if (!st.actions?.length || !st.resources?.length) out.push(`${where}: every iamPolicy statement needs actions and resources`);
  return out;
}

/** What is wrong with a stage's API settings. */
export function apiProblems(stage: StageConfig): string[] {
  const out: string[] = [];
  if (!API_GATEWAY_STAGE.pattern.test(stage.apiGatewayStage)) out.push(`apiGatewayStage "${stage.apiGatewayStage}" must be ${API_GATEWAY_STAGE.words}`);
  if (stage.api !== undefined && !(API_TYPES as readonly string[]).includes(stage.api?.type)) out.push(`api.type "${stage.api?.type}" must be "rest" or "http"`);
  if (!(ENDPOINT_TYPES as readonly string[]).includes(stage.apiGatewayEndpointType)) out.push(`apiGatewayEndpointType "${stage.apiGatewayEndpointType}" must be EDGE, REGIONAL or PRIVATE`);
  if (stage.customDomain && stage.apiGatewayEndpointType === 'PRIVATE') out.push('customDomain is not supported with a PRIVATE endpoint; remove customDomain or use REGIONAL');
  const certRegion = stage.customDomain ? certificateRegion(stage.customDomain.certificateArn) : undefined;
  if (stage.apiGatewayEndpointType === 'EDGE' && certRegion && certRegion !== 'us-east-1') {
    out.push(`customDomain.certificateArn is in ${certRegion}, but an EDGE endpoint is served by CloudFront, which takes ACM certificates from us-east-1 only; request or import the certificate in us-east-1, or use "apiGatewayEndpointType": "REGIONAL"`);
  }
  const quota = stage.apiGatewayResourceQuota;
  if (quota !== undefined && !isIntIn(quota, RESOURCE_QUOTA)) {
    out.push(`apiGatewayResourceQuota ${quota} must be an integer of at least ${RESOURCE_QUOTA.min} (API Gateway's default quota); set it to the raised quota AWS granted`);
  }
  const keepWarm = keepWarmSchedule(stage);
  if (keepWarm) {
    try {
      parseSchedule(keepWarm, 'keepWarm');
    } catch (e) {
      out.push(`${(e as Error).message}; use true (rate(5 minutes)) or a schedule like "rate(10 minutes)"`);
    }
  }
  const retention = retentionProblem(stage.logRetention, 'logRetention');
  if (retention) out.push(retention);
  const keep = stage.releases?.keep;
  if (keep !== undefined && !isIntIn(keep, RELEASES_KEEP)) out.push(`releases.keep ${keep} must be an integer from ${RELEASES_KEEP.min} to ${RELEASES_KEEP.max} (versions kept per function for calix rollback)`);
  return out;
}

/** The region an ACM certificate ARN names (`arn:aws:acm:<region>:…`). */
export function certificateRegion(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:acm:([a-z0-9-]+):/.exec(arn)?.[1];
}

/** The router's keep-warm schedule expression, or null when the stage keeps nothing warm. */
export function keepWarmSchedule(stage: Pick<StageConfig, 'keepWarm'>): string | null {
  if (stage.keepWarm === true) return 'rate(5 minutes)';
  return typeof stage.keepWarm === 'string' ? stage.keepWarm.trim() : null;
}

/** The stage's API flavour: `api.type`, `rest` when unset. */
export const apiType = (stage: Pick<StageConfig, 'api'> | undefined): ApiType => stage?.api?.type ?? 'rest';

/** How many Calix-published versions of each function deploy keeps (`releases.keep`). */
export function releasesKeep(stage: Pick<StageConfig, 'releases'>): number {
  return stage.releases?.keep ?? RELEASES_KEEP.default;
}
