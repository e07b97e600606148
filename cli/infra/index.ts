// `calix/cdk`: the infrastructure of a Calix app as CDK constructs, and its OpenAPI document.
export {
  CalixApp,
  LIMITS,
  ROUTER_FUNCTION,
  BUNDLE_ENTRY,
  type CalixAppProps,
  type CalixProjectProps,
  type CalixUserPool,
  type CalixOutputKeys,
} from './construct.js';
export { functionSettings } from '../project/config.js';
export { CalixStack, defaultStageConfig, stackName, type CalixStackProps } from './stack.js';
export {
  toOpenApi,
  apiResources,
  gatewayResponseCors,
  preflightIsStatic,
  existingUserPoolArn,
  userPoolArnPlaceholder,
  ROUTER_ARN_PLACEHOLDER,
  REQUEST_VALIDATOR,
  CORS_GATEWAY_RESPONSES,
  API_KEY_SCHEME,
  type OpenApiOptions,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from './openapi.js';
export { checkRouteAuthorization, type PublicRoutes, type RouteAuthorizationFinding, type RouteAuthorizationReport } from './checks.js';
export { parseTriggers, type TriggerSpec, type TriggerKind } from './triggers.js';
export { loadProjectSync, type LoadedProject } from './project.js';
