// The Lambda event and result shapes Calix reads and writes. Declared here (rather than
// taken from @types/aws-lambda) so the runtime has no type dependency either.

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
  [key: string]: unknown;
}

type Dict<T> = Record<string, T | undefined>;

/** API Gateway REST API (v1) proxy integration event. */
export interface ApiGatewayV1Event {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Dict<string> | null;
  multiValueHeaders: Dict<string[]> | null;
  queryStringParameters: Dict<string> | null;
  multiValueQueryStringParameters: Dict<string[]> | null;
  pathParameters: Dict<string> | null;
  stageVariables: Dict<string> | null;
  requestContext: {
    resourcePath?: string;
    httpMethod?: string;
    path?: string;
    stage?: string;
    requestId?: string;
    identity?: { sourceIp?: string; [key: string]: unknown };
    authorizer?: { claims?: Record<string, unknown>; [key: string]: unknown } | null;
    [key: string]: unknown;
  };
  body: string | null;
  isBase64Encoded: boolean;
}

/** API Gateway HTTP API (v2) event. */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  cookies?: string[];
  headers: Dict<string>;
  queryStringParameters?: Dict<string>;
  pathParameters?: Dict<string>;
  stageVariables?: Dict<string>;
  requestContext: {
    http: { method: string; path: string; protocol?: string; sourceIp?: string; userAgent?: string };
    stage?: string;
    requestId?: string;
    authorizer?: { jwt?: { claims?: Record<string, unknown>; scopes?: string[] | null }; [key: string]: unknown };
    [key: string]: unknown;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export type ApiGatewayEvent = ApiGatewayV1Event | ApiGatewayV2Event;

export interface ApiGatewayV1Result {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export interface ApiGatewayV2Result {
  statusCode: number;
  headers?: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export type ApiGatewayResult = ApiGatewayV1Result | ApiGatewayV2Result;
