// `calix/cdk`: the infrastructure of a Calix app as CDK constructs, and its OpenAPI document.
export {
  CalixApp,
  LIMITS,
  BUNDLE_ENTRY,
  type CalixAppProps,
  type CalixProjectProps,
  type CalixUserPool,
  type CalixOutputKeys,
} from './calix-app.js';
export { CalixFunction, type CalixFunctionProps } from './function.js';
export { CalixUserPools, type CalixUserPoolsProps } from './user-pools.js';
export { CalixRestApi, type CalixRestApiProps } from './rest-api.js';
export { CalixHttpApi, type CalixHttpApiProps } from './http-api.js';
export { TRIGGER_BUILDERS, connectTrigger, type TriggerContext } from './triggers.js';
export { CalixStack, defaultStageConfig, type CalixStackProps } from './stack.js';
export { checkRouteAuthorization, type PublicRoutes, type RouteAuthorizationFinding, type RouteAuthorizationReport } from './checks.js';
export { functionSettings } from '../project/config.js';
export {
  stageModel,
  functionModel,
  edgeCorsHeaders,
  stackName,
  localFunctionName,
  ROUTER_FUNCTION,
  type StageModel,
  type FunctionModel,
  type UserPoolModel,
  type ApiModel,
} from '../project/stage-model.js';
export { existingUserPoolArn } from '../project/user-pools.js';
export {
  toOpenApi,
  apiResources,
  gatewayResponseCors,
  preflightIsStatic,
  userPoolArnPlaceholder,
  ROUTER_ARN_PLACEHOLDER,
  REQUEST_VALIDATOR,
  CORS_GATEWAY_RESPONSES,
  API_KEY_SCHEME,
  type OpenApiOptions,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from '../project/openapi.js';
export { toHttpApiOpenApi, apiDocument, httpApiCors, httpApiProblems, type HttpApiCors, type HttpApiOptions } from '../project/http-api.js';
export { parseTriggers, type TriggerSpec, type TriggerKind } from '../project/triggers.js';
export type { StageConfig, FunctionSettings, AuthorizerSettings, ApiType } from '../project/types.js';
