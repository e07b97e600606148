// The one Lambda context builder for every emulated invocation: the test client, `calix local`
// (routes, schedules, authorizers) and `calix invoke`.
import { randomUUID } from 'node:crypto';
import type { LambdaContext } from '../aws-types.js';
import { TARGET } from '../events/target.js';

/** The region and account emulated events and contexts name unless told otherwise. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

export interface LambdaContextInit {
  /** The function's name, as deployed (`<app>-<stage>-<fn>`). */
  functionName: string;
  /** @default 1024 */
  memorySize?: number;
  /** Seconds; `getRemainingTimeInMillis()` counts down from it. @default 30 */
  timeout?: number;
  /** @default REGION */
  region?: string;
  /** @default ACCOUNT */
  account?: string;
  /** @default 'test' */
  logStreamName?: string;
  /**
   * The app function this invocation runs as (what CALIX_HANDLER says when deployed), carried on
   * the context so that calls for different functions may overlap. @default none: the router
   */
  target?: string;
}

/** A Lambda context for one invocation of the function `init` describes. */
export function lambdaContext(init: LambdaContextInit): LambdaContext {
  const { functionName, memorySize = 1024, timeout = 30, region = REGION, account = ACCOUNT, logStreamName = 'test', target } = init;
  const started = Date.now();
  const context: LambdaContext = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:${functionName}`,
    memoryLimitInMB: String(memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, timeout * 1000 - (Date.now() - started)),
  };
  if (target !== undefined) Object.defineProperty(context, TARGET, { value: target });
  return context;
}
