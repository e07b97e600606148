// A stage with `functionUrl` deployed to moto_server through the launcher (its patch 10 gives moto
// the AWS::Lambda::Url model it lacks): the URL exists with the configured auth, CORS and invoke
// mode, the router runs index.streamHandler, deploy records the URL, `calix url` prints it after
// the API's and `calix status` shows it. moto serves nothing at the URL: streaming itself is tested through calix local
// (test/cli/local-streaming.test.ts) and the runtime stand-in (test/runtime/streaming.test.ts).
import { GetFunctionCommand, GetFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempProject } from '../helpers/project.js';
import { startMoto, type Moto } from './moto.js';

const APP = `import { Calix, Response } from 'calix';
export const app = new Calix({ name: 'furl' });
app.route('/', () => ({ hello: 'world' }));
app.route('/feed', () => Response.sse((async function* () { yield 'a'; })()));
`;
const CONFIG = {
  app: 'furl', publicRoutes: '*',
  stages: { dev: { functionUrl: { auth: 'AWS_IAM', stream: true, cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET'] } } } },
};

let moto: Moto;
const project = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify(CONFIG) });

beforeAll(async () => {
  moto = await startMoto();
  await moto.bootstrap(project.dir);
}, 120_000);
afterAll(async () => {
  await moto?.stop();
  project.remove();
});

test('deploy creates the router\'s Function URL; the record and `calix url` have it', async () => {
  const r = await moto.calix(['deploy'], project.dir, 180_000);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const record = JSON.parse(readFileSync(join(project.dir, '.calix/deployed/dev.json'), 'utf8'));
  expect(record.functionUrl).toMatch(/^https:\/\/[0-9a-f]+\.lambda-url\.us-east-1\.on\.aws\/?$/);
  expect(r.stdout).toContain(`Function URL  ${record.functionUrl}`);
  const router = record.functions.api.functionName as string;
  // The URL is on the router's `live` alias (a request runs the live release), not on the function itself.
  const url = await moto.clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: router, Qualifier: 'live' }));
  expect(url).toMatchObject({ FunctionUrl: record.functionUrl, AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM', Cors: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET'] } });
  expect(url.FunctionArn).toBe(`arn:aws:lambda:us-east-1:123456789012:function:${router}:live`);
  await expect(moto.clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: router }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  expect((await moto.clients.lambda.send(new GetFunctionCommand({ FunctionName: router }))).Configuration?.Handler).toBe('index.streamHandler');
  const printed = await moto.calix(['url'], project.dir);
  expect(printed.code, printed.stderr).toBe(0);
  expect(printed.stdout).toBe(`${record.url}\n${record.functionUrl}\n`);
  const status = await moto.calix(['status'], project.dir);
  expect(status.code, status.stderr).toBe(0);
  expect(status.stdout).toContain(`Fn URL     ${record.functionUrl}\n`);
}, 240_000);
