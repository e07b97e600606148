// `calix invoke api` without --event sends the router the event the stage's API would send: a
// REST proxy event by default, an HTTP API payload format 2.0 event for `api.type: "http"`.
// GIVEN the real sample-event builder and the real router, THEN each is routed to GET /.
import { describe, expect, test } from 'vitest';
import { sampleEvent } from '../../cli/commands/invoke.js';
import { defaultStageConfig } from '../../infra/index.js';
import { Calix } from '../../src/index.js';

describe('calix invoke api: the sample event follows api.type', () => {
  const app = new Calix({ name: 'shop' });
  app.route('/', { name: 'index' }, () => ({ hello: 'world' }));
  const manifest = app.manifest();

  test.each([
    ['rest', undefined, /REST event/, undefined],
    ['http', { type: 'http' as const }, /HTTP API event \(payload format 2\.0\)/, '2.0'],
  ])('%s', async (_type, api, about, version) => {
    const sample = sampleEvent('api', manifest, defaultStageConfig({ app: 'shop', stage: 'dev', ...(api ? { api } : {}) }));
    expect(sample.about).toMatch(about);
    expect((sample.event as { version?: string }).version).toBe(version);
    // The deployed API's stage (apiGatewayStage, default "api"): the HTTP API's is in rawPath too.
    const e = sample.event as { requestContext: { stage: string }; rawPath?: string; path?: string };
    expect(e.requestContext.stage).toBe('api');
    expect(e.rawPath ?? e.path).toBe(version ? '/api/' : '/');
    const r = (await app.handler(sample.event as never)) as { statusCode: number; body: string };
    expect([r.statusCode, JSON.parse(r.body)]).toEqual([200, { hello: 'world' }]);
  });
});
