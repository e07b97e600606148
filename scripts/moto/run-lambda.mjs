// Runs one invocation of a Node.js Lambda function for the emulator launcher (patch 9):
// `node run-lambda.mjs CODE_DIR HANDLER FUNCTION_NAME` imports CODE_DIR/<module>.{mjs,js,cjs} for
// the Handler setting `<module>.<export>`, reads the event (JSON) on stdin and calls the handler
// with a Lambda-shaped context. The function's console output goes to stderr (the launcher
// writes it to the function's log group); stdout carries only the result as JSON, or Lambda's
// `{ errorType, errorMessage }` with exit status 1 when the handler throws.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const [codeDir, handlerSetting, functionName] = process.argv.slice(2);
const requestId = randomUUID();
for (const [method, level] of [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG']]) {
  console[method] = (...args) => process.stderr.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${format(...args)}\n`);
}
const dot = handlerSetting.lastIndexOf('.');
const file = ['.mjs', '.js', '.cjs'].map((ext) => join(codeDir, handlerSetting.slice(0, dot) + ext)).find((f) => existsSync(f));
try {
  if (!file) throw new Error(`no ${handlerSetting.slice(0, dot)}.mjs/.js/.cjs in the function's code`);
  const handler = (await import(pathToFileURL(file).href))[handlerSetting.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${file} has no function export "${handlerSetting.slice(dot + 1)}"`);
  const started = Date.now();
  const timeout = Number(process.env.AWS_LAMBDA_FUNCTION_TIMEOUT ?? 3) * 1000;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: 'emulator',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, timeout - (Date.now() - started)),
  };
  const result = await handler(JSON.parse(readFileSync(0, 'utf8') || 'null'), context);
  process.stdout.write(JSON.stringify(result === undefined ? null : result));
  process.exit(0);
} catch (e) {
  process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error\t${e?.stack ?? e}\n`);
  process.stdout.write(JSON.stringify({ errorType: e?.name ?? 'Error', errorMessage: String(e?.message ?? e) }));
  process.exit(1);
}
