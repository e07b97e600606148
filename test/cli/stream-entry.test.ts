// A stage whose router has a streaming Function URL packages into a bundle that exports
// `streamHandler` (the router wrapped by awslambda.streamifyResponse) and a router whose handler is
// `index.streamHandler`; under a stand-in of Lambda's Node.js runtime it streams a Function URL
// request chunk by chunk. Without `stream: true` the bundle carries none of the streaming code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { functionUrlEvent } from '../../src/testing/index.js';
import { functionUrlResponse, installAwsLambdaGlobal, invokeStreaming } from '../helpers/lambda-streaming.js';
import { runCli, tempProject } from '../helpers/project.js';

const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const APP =
  `import { Calix, Response } from 'calix';\n` +
  `export const app = new Calix({ name: 'live' });\n` +
  `app.route('/', () => ({ ok: true }));\n` +
  `app.route('/feed', () => Response.sse((async function* () { yield 'a'; yield { event: 'end', data: { n: 2 } }; })()));\n`;
const projects: { remove(): void }[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

type Resource = { Type: string; Properties: Record<string, any> };

async function packaged(functionUrl: unknown) {
  const p = tempProject({ '.calix/config.json': JSON.stringify({ app: 'live', publicRoutes: '*', stages: { dev: { functionUrl } } }), 'app.ts': APP });
  projects.push(p);
  const r = await runCli(['package'], { cwd: p.dir, env: noAws });
  expect(r.code, r.stderr).toBe(0);
  const out = join(p.dir, '.calix/package/dev');
  const template = JSON.parse(readFileSync(join(out, 'live-dev.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  const resources = Object.values(template.Resources);
  const router = resources.find((x) => x.Type === 'AWS::Lambda::Function' && x.Properties.Environment?.Variables?.CALIX_HANDLER === 'api')!;
  const bundle = join(out, `asset.${router.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
  return { router, url: resources.find((x) => x.Type === 'AWS::Lambda::Url'), bundle };
}

describe('a streaming Function URL, packaged', () => {
  test('stream: true -> index.streamHandler, RESPONSE_STREAM, and the bundle streams under the Lambda runtime', async () => {
    const { router, url, bundle } = await packaged({ auth: 'AWS_IAM', stream: true });
    expect(router.Properties.Handler).toBe('index.streamHandler');
    expect(url?.Properties).toMatchObject({ AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM' });
    // The runtime defines `awslambda` before it loads the function's module.
    const uninstall = installAwsLambdaGlobal();
    try {
      const mod = (await import(pathToFileURL(bundle).href)) as { streamHandler: unknown; handler: (e: unknown) => Promise<any> };
      const inv = await invokeStreaming(mod.streamHandler, functionUrlEvent({ method: 'GET', path: '/feed' }));
      expect(inv.error).toBeUndefined();
      const res = functionUrlResponse(inv);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(res.bodyWrites.map(String)).toEqual(['data: a\n\n', 'event: end\ndata: {"n":2}\n\n']);
      // `handler` is still there, buffered, for API Gateway's plain invokes of other stages' bundles.
      expect((await mod.handler(functionUrlEvent({ method: 'GET', path: '/feed' }))).body).toBe('data: a\n\nevent: end\ndata: {"n":2}\n\n');
    } finally {
      uninstall();
    }
  }, 90_000);

  test('a buffered URL: index.handler, BUFFERED, and no streaming code in the bundle', async () => {
    const { router, url, bundle } = await packaged({ auth: 'AWS_IAM' });
    expect(router.Properties.Handler).toBe('index.handler');
    expect(url?.Properties).toMatchObject({ AuthType: 'AWS_IAM', InvokeMode: 'BUFFERED' });
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toContain('HttpResponseStream');
    expect(text).not.toMatch(/export\s*\{[^}]*streamHandler/);
  }, 90_000);
});
