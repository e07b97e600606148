import type { LambdaContext } from '../../src/aws-types.js';
import { lambdaContext } from '../../src/emulation/context.js';
import { functionSettings } from '../project/config.js';
import type { StageConfig } from '../project/types.js';

/**
 * Makes the Lambda contexts for one of the app's functions run locally (`calix local`, its
 * schedules and authorizers, `calix invoke`): named `<app>-<stage>-<fn>` as deployed, with that
 * function's memory and timeout. With `target`, each context also says which function it is
 * (what CALIX_HANDLER says when deployed) without touching process.env, so calls may overlap.
 */
export function lambdaContexts(stage: StageConfig, fn: string, target?: string): () => LambdaContext {
  const settings = functionSettings(stage, fn);
  const init = { functionName: `${stage.app}-${stage.stage}-${fn}`, memorySize: settings.memorySize, timeout: settings.timeout, region: 'local', account: '000000000000', logStreamName: 'local', target };
  return () => lambdaContext(init);
}
