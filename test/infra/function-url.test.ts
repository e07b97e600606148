// `functionUrl` in .calix/config.json -> the router's AWS::Lambda::Url (auth type, invoke mode,
// CORS), its public-invoke permission, the handler export, the stack output `calix url` prints,
// and the stage model's refusals. Real CDK synthesis, offline; cdk-nag over a stack with a URL.
import { Match } from 'aws-cdk-lib/assertions';
import { mkdirSync, writeFileSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, test } from 'vitest';
import { stageModel, streamsResponses } from '../../project/stage-model.js';
import { readConfig } from '../../project/config.js';
import { Calix } from '../../src/index.js';
import { cleanup, generatedManifest, resources, stageFor, synth, tempDir } from './fixtures.js';

afterAll(cleanup);

const manifest = generatedManifest(1);
const withUrl = (functionUrl: unknown, more: Record<string, unknown> = {}) => stageFor(manifest, { functionUrl, ...more } as never);
const routerOf = (s: ReturnType<typeof synth>) => Object.entries(resources(s.template, 'AWS::Lambda::Function')).find(([, r]) => r.Properties.Environment?.Variables?.CALIX_HANDLER === 'api')!;

describe('functionUrl on the stage: the router gets a Function URL', () => {
  test('auth NONE, buffered: AuthType NONE, InvokeMode BUFFERED, a public lambda:InvokeFunctionUrl permission, handler index.handler, a FunctionUrl output', () => {
    const s = synth({ manifest, publicRoutes: '*', stage: withUrl({ auth: 'NONE' }) });
    const [routerId, router] = routerOf(s);
    const aliasId = Object.keys(resources(s.template, 'AWS::Lambda::Alias')).find((id) => id.startsWith('AppRouterLive'))!;
    expect(router.Properties.Handler).toBe('index.handler');
    s.template.resourceCountIs('AWS::Lambda::Url', 1);
    // On the router's `live` alias: a URL request runs the live release (and `calix rollback` moves it).
    s.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE', InvokeMode: 'BUFFERED', TargetFunctionArn: { 'Fn::GetAtt': [routerId, 'Arn'] }, Qualifier: 'live' });
    expect(resources(s.template, 'AWS::Lambda::Url')[Object.keys(resources(s.template, 'AWS::Lambda::Url'))[0]!]!.Properties.Cors).toBeUndefined();
    s.template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE', FunctionName: { Ref: aliasId } });
    // Since October 2025 a URL call also needs lambda:InvokeFunction, limited to calls through the URL.
    s.template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true, FunctionName: { Ref: aliasId } });
    s.template.hasOutput('FunctionUrl', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AppRouterLiveFunctionUrl'), 'FunctionUrl'] } });
    expect(s.calix.outputKeys().functionUrl).toBe('FunctionUrl');
  });

  test('auth AWS_IAM: AuthType AWS_IAM and no public permission (callers need lambda:InvokeFunctionUrl in their own policy)', () => {
    const s = synth({ manifest, publicRoutes: '*', stage: withUrl({ auth: 'AWS_IAM' }) });
    s.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
    const perms = Object.values(resources(s.template, 'AWS::Lambda::Permission')).filter((p) => p.Properties.Principal === '*');
    expect(perms).toEqual([]);
  });

  test('stream: true: InvokeMode RESPONSE_STREAM and the router runs index.streamHandler', () => {
    const stage = withUrl({ auth: 'AWS_IAM', stream: true });
    const s = synth({ manifest, publicRoutes: '*', stage });
    s.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM' });
    expect(routerOf(s)[1].Properties.Handler).toBe('index.streamHandler');
    expect(streamsResponses(stage)).toBe(true);
    expect(streamsResponses(withUrl({ auth: 'AWS_IAM' }))).toBe(false);
  });

  test('cors: true allows any origin and method; an object is passed on as Lambda\'s Cors', () => {
    const any = synth({ manifest, publicRoutes: '*', stage: withUrl({ auth: 'NONE', cors: true }) });
    any.template.hasResourceProperties('AWS::Lambda::Url', { Cors: { AllowOrigins: ['*'], AllowMethods: ['*'] } });
    const one = synth({
      manifest, publicRoutes: '*',
      stage: withUrl({ auth: 'NONE', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], exposeHeaders: ['x-request-id'], allowCredentials: true, maxAge: 600 } }),
    });
    one.template.hasResourceProperties('AWS::Lambda::Url', {
      Cors: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], ExposeHeaders: ['x-request-id'], AllowCredentials: true, MaxAge: 600 },
    });
  });

  test('no functionUrl, or lambdaFunctions.api.functionUrl: null over a stage value: no URL, no output', () => {
    for (const stage of [stageFor(manifest), withUrl({ auth: 'NONE' }, { lambdaFunctions: { api: { functionUrl: null } } })]) {
      const s = synth({ manifest, publicRoutes: '*', stage });
      s.template.resourceCountIs('AWS::Lambda::Url', 0);
      expect(s.calix.outputKeys().functionUrl).toBeUndefined();
      expect(Object.keys(s.template.findOutputs('FunctionUrl'))).toEqual([]);
    }
  });

  test('lambdaFunctions.api.functionUrl alone gives the router its URL', () => {
    const s = synth({ manifest, publicRoutes: '*', stage: stageFor(manifest, { lambdaFunctions: { api: { functionUrl: { auth: 'AWS_IAM', stream: true } } } } as never) });
    s.template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM' });
  });

  test('cdk-nag finds nothing to acknowledge on a stack with a public URL', () => {
    const s = synth({ manifest, publicRoutes: '*', stage: withUrl({ auth: 'NONE', stream: true }) });
    const result = new AwsSolutionsChecks(s.app).validateScope(s.stack);
    expect(result.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('refusals, each naming the key and the fix', () => {
  test('a NONE URL in front of routes with an authorizer or an API key', () => {
    const guarded = generatedManifest(1, { authorizer: true });
    const model = stageModel(guarded, stageFor(guarded, { functionUrl: { auth: 'NONE' } } as never));
    expect(model.problems).toEqual([
      'functionUrl.auth "NONE" would let anyone call list0, create0, get0 without the authorizer or API key API Gateway checks (a Function URL bypasses API Gateway); use "auth": "AWS_IAM", or serve those routes through the REST API only',
    ]);
    expect(stageModel(guarded, stageFor(guarded, { functionUrl: { auth: 'AWS_IAM' } } as never)).problems).toEqual([]);
    expect(() => synth({ manifest: guarded, stage: stageFor(guarded, { functionUrl: { auth: 'NONE' } } as never) })).toThrow(/\[big-dev\/App\] functionUrl\.auth "NONE" would let anyone call/);
  });

  test('a URL on a trigger\'s function', () => {
    const app = new Calix({ name: 'big' });
    app.route('/', () => 'ok');
    app.lambdaFunction('worker', () => 'done');
    const m = app.manifest();
    const model = stageModel(m, stageFor(m, { lambdaFunctions: { worker: { functionUrl: { auth: 'AWS_IAM' } } } } as never));
    expect(model.problems).toEqual([
      'lambdaFunctions.worker.functionUrl: only the router (lambdaFunctions.api) can have a Function URL, since every URL request is routed by the app\'s routes; remove the key',
    ]);
    // The stage's value is the router's only.
    expect(stageModel(m, stageFor(m, { functionUrl: { auth: 'AWS_IAM' } } as never)).functions.map((f) => [f.name, f.url?.auth ?? null])).toEqual([
      ['api', 'AWS_IAM'],
      ['worker', null],
    ]);
  });

  test('config errors: an unknown auth type, an unknown key in cors', () => {
    const dir = tempDir('function-url-config');
    expect(() => readConfigFrom(dir, { app: 'big', functionUrl: { auth: 'PUBLIC' } })).toThrow(/functionUrl\.auth: .*"NONE".*"AWS_IAM"/);
    expect(() => readConfigFrom(dir, { app: 'big', stages: { dev: { functionUrl: { auth: 'NONE', cors: { allowOrigin: ['*'] } } } } })).toThrow(/stages\.dev\.functionUrl\.cors/);
  });
});

function readConfigFrom(dir: string, config: unknown) {
  mkdirSync(`${dir}/.calix`, { recursive: true });
  writeFileSync(`${dir}/.calix/config.json`, JSON.stringify(config));
  return readConfig(`${dir}/.calix/config.json`);
}
