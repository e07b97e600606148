import type { LambdaContext } from '../../src/aws-types.js';
import { lambdaContext } from '../../src/emulation/context.js';
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
 * schedules and authorizers, `calix invoke`): named `<app>-<stage>-<fn>` as deployed, with that
 * function's memory and timeout. With `target`, each context also says which function it is
 * (what CALIX_HANDLER says when deployed) without touching process.env, so calls may overlap.
 */
export function lambdaContexts(stage: StageConfig, fn: string, target?: string): () => LambdaContext {
  const { settings, localName } = functionModel(stage, fn);
  const init = { functionName: localName, memorySize: settings.memorySize, timeout: settings.timeout, region: 'local', account: '000000000000', logStreamName: 'local', target };
  return () => lambdaContext(init);
}
