// Which of the app's functions a Lambda invocation runs: deployed, its CALIX_HANDLER environment
// variable; emulated (test client, `calix local`, `calix invoke`), a mark on the context object,
// so that calls for different functions may overlap in one process.
import type { LambdaContext } from '../aws-types.js';

/** @internal The context property naming the target function (see src/emulation/context.ts). */
export const TARGET = Symbol.for('calix.handler');

/** The function this invocation runs as, if the context or the environment says. */
export const targetOf = (context: LambdaContext | undefined): string | undefined =>
  (context?.[TARGET as unknown as string] as string | undefined) ?? process.env.CALIX_HANDLER;
