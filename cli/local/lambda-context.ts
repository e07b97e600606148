import { randomUUID } from 'node:crypto';
import type { LambdaContext } from '../../src/aws-types.js';
import { TARGET } from '../../src/events/dispatch.js';
import { functionModel } from '../../project/stage-model.js';
import type { StageConfig } from '../../project/types.js';

/**
 * What `calix local` and `calix invoke` put in process.env for one function before its code
 * runs: its environment from the stage model (as deployed) and the name Lambda would set.
 */
export function localEnvironment(stage: StageConfig, fn: string): Record<string, string> {
  const model = functionModel(stage, fn);
  return { ...model.environment, AWS_LAMBDA_FUNCTION_NAME: model.localName };
}

/**
 * Makes the Lambda contexts for one of the app's functions run locally (`calix local`, its
 * schedules and authorizers, `calix invoke`): named and sized by the stage model (its local name
 * `<app>-<stage>-<fn>`, its memory and timeout). With `target`, each context also says which function it is
 * (what CALIX_HANDLER says when deployed) without touching process.env, so calls may overlap.
 */
export function lambdaContexts(stage: StageConfig, fn: string, target?: string): () => LambdaContext {
  const { settings, localName: functionName } = functionModel(stage, fn);
  const timeout = settings.timeout * 1000;
  return () => {
    const started = Date.now();
    const context: LambdaContext = {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
      memoryLimitInMB: String(settings.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, timeout - (Date.now() - started)),
    };
    if (target !== undefined) Object.defineProperty(context, TARGET, { value: target });
    return context;
  };
}
