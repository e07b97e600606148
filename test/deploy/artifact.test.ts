// "The deployed artifact answers like local": the conformance app is deployed to the emulator,
// the zip the emulator's Lambda holds for the router is downloaded and run under node with the
// deployed Handler and environment (run-artifact.mjs), and the router conformance table
// (test/conformance) is driven through it as API Gateway REST (v1) events, with each event's
// resource template taken from the deployed API's own resources. The expectations are the
// ones `calix local` and the in-process router meet; any difference is a packaging bug.
import { GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { app } from '../conformance/app.js';
import { cases } from '../conformance/cases.js';
import { checkAnswer, materialize, type HttpAnswer } from '../conformance/check.js';
import { v1Event } from '../fixtures/events.js';
import { tempProject } from '../helpers/project.js';
import { deployedCode, synthesizedTemplate } from './lifecycle.js';
import { runWithin, startMoto, type Moto } from './moto.js';

const appFile = fileURLToPath(new URL('../conformance/app.ts', import.meta.url));
const runner = fileURLToPath(new URL('./run-artifact.mjs', import.meta.url));
const binaryTypes = app.manifest().binaryMediaTypes;
const driven = cases.filter((c) => !c.edge); // edge cases never reach Lambda: API Gateway answers them

/** API Gateway REST's pick among the deployed resource paths: literal > {param} > {greedy+}. */
function matchResource(paths: string[], path: string): { resource: string; params: Record<string, string> } | undefined {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  let best: { resource: string; params: Record<string, string>; rank: string } | undefined;
  for (const resource of paths) {
    const segs = resource === '/' ? [] : resource.slice(1).split('/');
    const params: Record<string, string> = {};
    let rank = '';
    let ok = segs.length === parts.length || (segs.length > 0 && segs.length <= parts.length && segs[segs.length - 1]!.endsWith('+}'));
    for (let i = 0; i < segs.length && ok; i++) {
      const s = segs[i]!;
      const m = /^\{(\w+)(\+?)\}$/.exec(s);
      if (!parts[i]) ok = false;
      else if (!m) (ok = s === parts[i]), (rank += '0');
      else if (!m[2]) (params[m[1]!] = parts[i]!), (rank += '1');
      else (params[m[1]!] = parts.slice(i).join('/')), (rank += '2');
    }
    if (ok && (!best || rank < best.rank)) best = { resource, params, rank };
  }
  return best;
}

const isBinary = (headers: Record<string, string | readonly string[]>) => {
  const v = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const type = (typeof v === 'string' ? v : v?.[0])?.split(';')[0]!.trim().toLowerCase();
  return !!type && binaryTypes.some((b) => b === type || (b.endsWith('/*') && type.startsWith(b.slice(0, -1))));
};

/** The HTTP answer API Gateway REST makes of a proxy result (headers merged with multiValueHeaders). */
function toHttp(raw: any): HttpAnswer {
  const headers = new Map<string, string[]>();
  const cookies: string[] = [];
  const add = (k: string, v: string) => (k.toLowerCase() === 'set-cookie' ? cookies.push(v) : headers.set(k.toLowerCase(), [...(headers.get(k.toLowerCase()) ?? []), v]));
  const multi = raw.multiValueHeaders as Record<string, string[]> | undefined;
  for (const [k, v] of Object.entries((raw.headers ?? {}) as Record<string, string>)) if (!multi || !(k in multi)) add(k, v);
  for (const [k, vs] of Object.entries(multi ?? {})) for (const v of vs) add(k, v);
  return { status: raw.statusCode, headers, cookies, body: new Uint8Array(Buffer.from(raw.body ?? '', raw.isBase64Encoded ? 'base64' : 'utf8')) };
}

let moto: Moto;
let project: ReturnType<typeof tempProject>;
const answers = new Map<string, any>();
let keepWarmInput: unknown;
let keepWarmAnswer: unknown;

beforeAll(async () => {
  moto = await startMoto();
  project = tempProject({
    'app.ts': `export { app } from ${JSON.stringify(appFile)};\nimport { app } from ${JSON.stringify(appFile)};\nexport const handler = app.handler;\n`,
    '.calix/config.json': JSON.stringify({ app: 'conformance', publicRoutes: '*', stages: { dev: { keepWarm: true } } }),
  });
  await moto.bootstrap(project.dir);
  const deploy = await moto.calix(['deploy', '--stage', 'dev'], project.dir);
  expect(deploy.code, `${deploy.stdout}\n${deploy.stderr}`).toBe(0);

  const template = synthesizedTemplate(project.dir, 'dev');
  const routerId = Object.entries(template.Resources).find(([, r]) => r.Properties.Environment?.Variables?.CALIX_HANDLER === 'api')![0];
  const { StackResources = [] } = await moto.clients.cfn.send(new DescribeStackResourcesCommand({ StackName: 'conformance-dev' }));
  const routerName = StackResources.find((r) => r.LogicalResourceId === routerId)!.PhysicalResourceId!;
  const apiId = (await moto.clients.apigw.send(new GetRestApisCommand({}))).items![0]!.id!;
  const paths = ((await moto.clients.apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items ?? []).map((i) => i.path!);

  const invocations: [unknown, object][] = driven.map((c) => {
    const { headers, body } = materialize(c.request);
    const m = matchResource(paths, c.request.path);
    const event = v1Event({
      method: c.request.method, path: c.request.path, headers, query: c.request.query ?? {}, body: body ?? null,
      ...(m ? { resource: m.resource, pathParameters: Object.keys(m.params).length ? m.params : null } : {}),
      base64: isBinary(headers),
    });
    return [event, { functionName: routerName, awsRequestId: `req-${c.name}`, memoryLimitInMB: '512', functionVersion: '$LATEST' }];
  });
  // The keepWarm rule the stack created, and the event it sends the router.
  const [ruleId, rule] = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Events::Rule')!;
  expect(StackResources.find((r) => r.LogicalResourceId === ruleId)?.ResourceStatus).toBe('CREATE_COMPLETE');
  keepWarmInput = JSON.parse(rule.Properties.Targets[0].Input);
  invocations.push([keepWarmInput, { functionName: routerName, awsRequestId: 'req-keep-warm', memoryLimitInMB: '512', functionVersion: '$LATEST' }]);
  const code = await deployedCode(moto, routerName);
  try {
    const c = code.configuration;
    // Only what Lambda gives the function: its deployed environment (plus PATH to start node).
    const env = { PATH: process.env.PATH, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1', ...c.Environment?.Variables };
    const r = await runWithin(process.execPath, [runner, code.dir, c.Handler!], { cwd: code.dir, env, timeoutMs: 60_000, input: JSON.stringify(invocations) });
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as any[];
    driven.forEach((c, i) => answers.set(c.name, results[i]));
    keepWarmAnswer = results[driven.length];
  } finally {
    code.remove();
  }
}, 240_000);

afterAll(async () => {
  await moto?.stop();
  project?.remove();
});

describe('the deployed router artifact answers the conformance table like calix local', () => {
  test.each(driven.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const raw = answers.get(c.name);
    expect(raw?.error, 'the invocation threw').toBeUndefined();
    checkAnswer(toHttp(raw), c.expect);
  });
});

test('the deployed keepWarm rule pings the router with an event the artifact answers at once', () => {
  expect(keepWarmInput).toEqual({ calix: 'keep-warm' });
  expect(keepWarmAnswer).toEqual({ warm: true });
});
