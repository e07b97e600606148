export { Calix, type CalixOptions } from './app.js';
export { Blueprint, type BlueprintOptions } from './blueprint.js';
export { Request } from './http/request.js';
export type { ResponseInit, HeaderValue, ResponseBody } from './http/response.js';
// The core Response with Response.stream / Response.sse: only apps that import it bundle streaming.
export { Response, type StreamSource, type SseEvent } from './http/stream.js';
export { HeaderMap } from './http/headers.js';
export {
  HttpError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  MethodNotAllowedError,
  ConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnprocessableEntityError,
  TooManyRequestsError,
  InternalServerError,
  RegistrationError,
} from './http/errors.js';
export type { CorsConfig, CorsRule } from './http/cors.js';
export {
  Authorizer, CognitoUserPoolAuthorizer, IAMAuthorizer, CustomAuthorizer, AuthResponse,
  type CognitoUserPoolAuthorizerOptions, type CustomAuthorizerOptions, type AuthorizerManifest, type AuthorizerFunction,
  type AuthorizerEvent, type AuthorizerPolicy, type AuthRequest, type AuthResponseInit, type AuthRoute,
} from './auth/authorizers.js';
export { claimList, type Auth } from './auth/claims.js';
export { MANIFEST_VERSION, type Manifest, type RouteManifest, type TriggerManifest, type RouteSchemasManifest, type SchemaManifest, type JsonSchemaTarget } from './manifest.js';
export type { ValidationIssue } from './schema/validate.js';
export type { StandardSchemaV1 } from './schema/standard.js';
export { isV1Event, isV2Event, isFunctionUrlEvent, KEEP_WARM_EVENT, type RouterHandler } from './lambda.js';
export { streamHandler, type StreamingHandler, type LambdaResponseStream, type HttpResponseMetadata } from './lambda-stream.js';
export { Rate, Cron, type CronFields, type ScheduleExpression } from './events/schedule.js';
export type * from './events/types.js';
export type { Task, TaskHandler, TaskOptions, TaskPayloads, Tasks } from './events/task.js';
export type * from './aws-types.js';
export type { AuthenticatedRequest, AuthenticatedRouteHandler, AuthenticatedRouteOptions, HandlerDecorator, HttpMethod, Middleware, PathParams, ParamNames, RequestPart, RouteHandler, RouteOptions, Validated } from './types.js';
