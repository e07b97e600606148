import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CliError } from '../errors.js';
import { clientConfig, sdkSetupError } from './aws.js';
import type { DeployedRecord } from './deployed.js';
import { LIVE_ALIAS } from '../../project/stage-model.js';
import { withTimeout } from './timeout.js';

export interface RemoteInvokeResult {
  /** The function's result as Lambda returned it (JSON text, pretty-printed when it parses). */
  payload: string;
  /** The last 4 KB of the invocation's log, decoded (Lambda's `LogType: Tail`). */
  logTail: string;
  /** Lambda's FunctionError (`Unhandled`) when the function threw. */
  functionError?: string;
}

/** The deployed function's physical name, from the record (a usage mistake when there is none). */
export function deployedFunctionName(record: DeployedRecord, name: string, stage: string): string {
  const fn = record.functions[name]?.functionName;
  if (!fn) {
    throw new CliError(`no deployed function "${name}" in ${record.stackName}; deployed functions: ${Object.keys(record.functions).join(', ') || '(none recorded)'} (redeploy with \`calix deploy --stage ${stage}\` if you added it since)`, 2);
  }
  return fn;
}

const pretty = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** Invokes the deployed function synchronously with `event`, as `chalice invoke` does. */
export async function invokeRemote(o: { record: DeployedRecord; functionName: string; event: unknown; timeout: string }): Promise<RemoteInvokeResult> {
  const lambda = new LambdaClient(clientConfig(o.record.region));
  let res;
  try {
    res = await withTimeout(
      // Through `live`, as API Gateway and the triggers invoke it (so a rollback applies here too).
      lambda.send(new InvokeCommand({ FunctionName: o.functionName, Qualifier: LIVE_ALIAS, InvocationType: 'RequestResponse', LogType: 'Tail', Payload: new TextEncoder().encode(JSON.stringify(o.event)) })),
      { timeout: o.timeout, doing: () => `invoking ${o.functionName}`, check: 'check the function in the Lambda console and your network, or give a longer --timeout' },
    );
  } catch (e) {
    if (e instanceof CliError) throw e;
    const setup = sdkSetupError(e, `invoke ${o.functionName}`);
    if (setup) throw setup;
    const err = e as Error;
    if (err.name === 'ResourceNotFoundException') {
      throw new CliError(`function ${o.functionName} does not exist in ${o.record.region ?? 'the default region'}; was ${o.record.stackName} deleted? Run \`calix deploy\` again`);
    }
    throw new CliError(`cannot invoke ${o.functionName}: ${err.name}: ${err.message}`);
  }
  return {
    payload: pretty(new TextDecoder().decode(res.Payload ?? new Uint8Array())),
    logTail: res.LogResult ? Buffer.from(res.LogResult, 'base64').toString('utf8') : '',
    ...(res.FunctionError ? { functionError: res.FunctionError } : {}),
  };
}

/** `{"errorType":"TypeError","errorMessage":"x"}` -> `TypeError: x`. */
export function describeFunctionError(payload: string): string {
  try {
    const p = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    if (p && (p.errorType || p.errorMessage)) return `${p.errorType ?? 'Error'}: ${p.errorMessage ?? ''}`;
  } catch {
    // Not JSON: shown as is.
  }
  return payload.trim().split('\n')[0] ?? '';
}
