// An app pays only for the subsystems it registers: `calix package` leaves the trigger and schema
// code out of a router bundle whose app registers none, keeps what the app uses, and falls back to
// the full bundle when the app does not register the same things twice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { LambdaContext } from '../../src/aws-types.js';
import { Calix } from '../../src/index.js';
import { dispatchTrigger } from '../../src/events/dispatch.js';
import { runAuthorizer } from '../../src/auth/dispatch.js';
import * as authorizersAbsent from '../../src/seams/authorizers.absent.js';
import * as authorizers from '../../src/seams/authorizers.js';
import * as corsAbsent from '../../src/seams/cors.absent.js';
import * as cors from '../../src/seams/cors.js';
import * as schemasAbsent from '../../src/seams/schemas.absent.js';
import * as schemas from '../../src/seams/schemas.js';
import * as triggersAbsent from '../../src/seams/triggers.absent.js';
import * as triggers from '../../src/seams/triggers.js';
import * as checksAbsent from '../../src/seams/checks.absent.js';
import * as checks from '../../src/seams/checks.js';
import * as blueprintsAbsent from '../../src/seams/blueprints.absent.js';
import * as blueprints from '../../src/seams/blueprints.js';
import * as decoratorsAbsent from '../../src/seams/decorators.absent.js';
import * as middlewareAbsent from '../../src/seams/middleware.absent.js';
import * as middleware from '../../src/seams/middleware.js';
import * as decorators from '../../src/seams/decorators.js';
import * as httpEventsAbsent from '../../src/seams/http-events.absent.js';
import * as httpEvents from '../../src/seams/http-events.js';
import * as restEventsAbsent from '../../src/seams/rest-events.absent.js';
import * as restEvents from '../../src/seams/rest-events.js';
import { functionUrlEvent, httpApiEvent, restApiEvent, s3Event, scheduledEvent } from '../../src/testing/index.js';
import { runCli, tempProject } from '../helpers/project.js';

const noAws = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const config = (stage: object = {}) => JSON.stringify({ app: 'slim', stages: { dev: stage }, publicRoutes: '*' });
const projects: { remove(): void }[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

type Handler = (e: unknown, c?: unknown) => Promise<any>;

/** Packages `app` (stage `dev` configured with `stage`) and returns the router asset's app, handler and the sources its source map lists. */
async function packaged(app: string, stage: object = {}): Promise<{ app: Calix; handler: Handler; sources: string[]; code: string }> {
  const p = tempProject({ '.calix/config.json': config(stage), 'app.ts': app });
  projects.push(p);
  const r = await runCli(['package'], { cwd: p.dir, env: noAws });
  expect(r.code, r.stderr).toBe(0);
  const out = join(p.dir, '.calix/package/dev');
  const asset = readdirSync(out).find((f) => f.startsWith('asset.') && readdirSync(join(out, f)).includes('index.mjs'))!;
  const map = JSON.parse(readFileSync(join(out, asset, 'index.mjs.map'), 'utf8')) as { sources: string[] };
  const mod = (await import(pathToFileURL(join(out, asset, 'index.mjs')).href)) as { app: Calix; handler: Handler };
  return { app: mod.app, handler: mod.handler, sources: map.sources.map((s) => s.replace(/\\/g, '/')), code: readFileSync(join(out, asset, 'index.mjs'), 'utf8') };
}

const has = (sources: string[], path: string) => sources.some((s) => s.includes(path));
const hello = `app.route('/hello/{name}', (req) => ({ hello: req.params.name }));\n`;
const helloEvent = () => restApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } });

describe('subsystems an app does not register are left out of its router bundle', () => {
  test('each seam\'s absent sibling exports the same names', () => {
    expect(Object.keys(triggersAbsent).sort()).toEqual(Object.keys(triggers).sort());
    expect(Object.keys(schemasAbsent).sort()).toEqual(Object.keys(schemas).sort());
    expect(Object.keys(authorizersAbsent).sort()).toEqual(Object.keys(authorizers).sort());
    expect(Object.keys(corsAbsent).sort()).toEqual(Object.keys(cors).sort());
    expect(Object.keys(checksAbsent).sort()).toEqual(Object.keys(checks).sort());
    expect(Object.keys(decoratorsAbsent).sort()).toEqual(Object.keys(decorators).sort());
    expect(Object.keys(blueprintsAbsent).sort()).toEqual(Object.keys(blueprints).sort());
    expect(Object.keys(middlewareAbsent).sort()).toEqual(Object.keys(middleware).sort());
    expect(Object.keys(httpEventsAbsent).sort()).toEqual(Object.keys(httpEvents).sort());
    expect(Object.keys(restEventsAbsent).sort()).toEqual(Object.keys(restEvents).sort());
    expect(schemasAbsent.VALIDATE_RESPONSES).toBe(schemas.VALIDATE_RESPONSES);
  });

  test('without authorizers, an authorizer event is still told from a proxy event, and fails with the real words', async () => {
    const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/x';
    for (const event of [{ type: 'TOKEN', authorizationToken: 't', methodArn }, { ...restApiEvent({ method: 'GET', path: '/x' }), type: 'REQUEST', methodArn }] as const) {
      expect(authorizersAbsent.isAuthorizerEvent(event)).toBe(true);
      const real = await runAuthorizer(new Map(), event as never).then(() => 'resolved', (e: Error) => e.message);
      const absent = await authorizersAbsent.runAuthorizer(new Map(), event as never).then(() => 'resolved', (e: Error) => e.message);
      expect(absent).toBe(real);
    }
    expect(authorizersAbsent.isAuthorizerEvent(restApiEvent({ method: 'GET', path: '/x' }))).toBe(false);
  });

  test('without triggers, a non-HTTP event fails with the words of the real dispatcher', async () => {
    const none = new Map();
    const api = { [Symbol.for('calix.handler')]: 'api' } as unknown as LambdaContext;
    for (const [event, context] of [[scheduledEvent('x'), undefined], [s3Event({ bucket: 'b', key: 'k' }), undefined], [{ hello: 1 }, undefined], [scheduledEvent('x'), api], [42, api]] as const) {
      const real = await dispatchTrigger(none, event, context).then(() => 'resolved', (e: Error) => e.message);
      const absent = await triggersAbsent.dispatchTrigger(none, event, context).then(() => 'resolved', (e: Error) => e.message);
      expect(absent).toBe(real);
      expect(real).toMatch(/^Calix: /);
    }
  });

  test('without schemas, a route without schema options registers; a schema option reached anyway says what happened', () => {
    expect(schemasAbsent.readSchemas({ methods: ['GET'] }, 'route GET /')).toBeNull();
    expect(() => schemasAbsent.readSchemas({ body: {} as never }, 'route POST /')).toThrow(/built without schemas because the app registered none when it was packaged/);
    expect(() => triggersAbsent.triggerMethods.schedule.call(new Calix({ name: 'x' }) as never, 'rate(1 minute)', () => undefined)).toThrow(/built without triggers/);
    expect([corsAbsent.normalizeCors(undefined), corsAbsent.normalizeCors(false), corsAbsent.normalizeCors(null)]).toEqual([null, null, null]);
    expect(() => corsAbsent.normalizeCors(true)).toThrow(/built without CORS/);
  });

  test('a routes-only app ships neither; it answers as before, and a stray event gets the usual error', async () => {
    const { handler, sources } = await packaged(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`);
    expect(has(sources, 'seams/triggers.absent')).toBe(true);
    expect(has(sources, 'seams/schemas.absent')).toBe(true);
    for (const gone of ['events/triggers', 'events/dispatch', 'events/schedule', 'schema/validate', 'schema/json-schema', 'schema/route-options', 'auth/claims', 'auth/dispatch', 'http/cors']) expect(has(sources, gone), gone).toBe(false);
    const res = await handler(helloEvent());
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { hello: 'ada' }]);
    const full = await new Calix({ name: 'slim' }).handler(scheduledEvent('x')).then(() => '', (e: Error) => e.message);
    await expect(handler(scheduledEvent('x'))).rejects.toThrow(full);
  }, 60_000);

  test('an app with a schedule, a body schema, an authorizer and CORS ships all four', async () => {
    const { handler, sources } = await packaged(
      `import { Calix, IAMAuthorizer, Rate } from 'calix';\nimport * as z from 'zod';\nexport const app = new Calix({ name: 'slim' });\n${hello}` +
        `app.route('/me', { authorizer: new IAMAuthorizer(), cors: true }, (req) => ({ who: req.auth?.sub ?? null }));\n` +
        `app.route('/items', { methods: ['POST'], body: z.object({ n: z.number() }) }, (req) => ({ n: req.valid.body.n }));\n` +
        `app.schedule(Rate.minutes(5), () => ({ swept: true }), { name: 'sweep' });\n`,
    );
    for (const kept of ['events/triggers', 'events/dispatch', 'schema/validate', 'auth/claims', 'auth/dispatch', 'http/cors']) expect(has(sources, kept), kept).toBe(true);
    for (const seam of ['triggers', 'schemas', 'authorizers', 'cors']) expect(has(sources, `seams/${seam}.absent`), seam).toBe(false);
    expect(await handler(scheduledEvent('sweep'), { [Symbol.for('calix.handler')]: 'sweep' })).toEqual({ swept: true });
    const bad = await handler(restApiEvent({ method: 'POST', path: '/items', resource: '/items', body: '{"n":"x"}', headers: { 'content-type': 'application/json' } }));
    expect(bad.statusCode).toBe(422);
  }, 60_000);

  test('an app that registers differently when loaded again ships the full bundle', async () => {
    // The first load (the one the manifest comes from) registers no trigger; any later load does.
    const { handler, sources } = await packaged(
      `import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}` +
        `const g = globalThis as { slimLoads?: number };\nif ((g.slimLoads = (g.slimLoads ?? 0) + 1) > 1) app.lambdaFunction('late', () => 'late');\n`,
    );
    expect(has(sources, 'events/triggers')).toBe(true);
    expect(has(sources, 'seams/triggers.absent')).toBe(false);
    const res = await handler(helloEvent());
    expect(res.statusCode).toBe(200);
  }, 60_000);

  test('the shipped bundle trusts the registrations `calix package` checked: no checks, no manifest(), routes named only when named', async () => {
    const { app, handler, sources } = await packaged(
      `import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}app.route('/named', { name: 'theNamedOne' }, () => 'named');\n`,
    );
    for (const gone of ['registry/checks', 'registry/manifest']) expect(has(sources, gone), gone).toBe(false);
    expect(has(sources, 'seams/checks.absent')).toBe(true);
    expect(() => app.manifest()).toThrow(/a router bundle has no app\.manifest\(\); `calix routes --json` prints the routes/);
    expect(app.routes.map((r) => r.name)).toEqual(['', 'theNamedOne']);
    const res = await handler(helloEvent());
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { hello: 'ada' }]);
  }, 60_000);

  test('decorator code ships only with an app that registers through a decorator', async () => {
    const plain = await packaged(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`);
    expect(has(plain.sources, 'src/decorators')).toBe(false);
    expect(has(plain.sources, 'seams/decorators.absent')).toBe(true);
    const decorated = await packaged(
      `import { Calix, type Request } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n` +
        `class Hello {\n  @app.route('/hello/{name}')\n  static hi(req: Request<{ name: string }>) {\n    return { hello: req.params.name };\n  }\n}\n`,
    );
    expect(has(decorated.sources, 'src/decorators')).toBe(true);
    expect(has(decorated.sources, 'seams/decorators.absent')).toBe(false);
    const res = await decorated.handler(helloEvent());
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { hello: 'ada' }]);
  }, 60_000);

  test('blueprint code ships only with an app that registers a blueprint', async () => {
    const plain = await packaged(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`);
    expect(has(plain.sources, 'src/blueprint')).toBe(false);
    expect(has(plain.sources, 'seams/blueprints.absent')).toBe(true);
    const withBlueprint = await packaged(
      `import { Blueprint, Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\nconst greet = new Blueprint();\n` +
        `greet.route('/{name}', (req) => ({ hello: req.params.name }));\napp.register(greet, { prefix: '/hello' });\n`,
    );
    expect(has(withBlueprint.sources, 'src/blueprint')).toBe(true);
    expect(has(withBlueprint.sources, 'seams/blueprints.absent')).toBe(false);
    const res = await withBlueprint.handler(helloEvent());
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { hello: 'ada' }]);
  }, 60_000);

  test('middleware code ships only with an app (or blueprint) that registers middleware', async () => {
    const plain = await packaged(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`);
    expect(has(plain.sources, 'routing/chain')).toBe(false);
    expect(has(plain.sources, 'seams/middleware.absent')).toBe(true);
    const wrapped = await packaged(
      `import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}` +
        `app.use(async (req, next) => { const res = await next(); res.setHeader('x-wrapped', 'yes'); return res; });\n`,
    );
    expect(has(wrapped.sources, 'routing/chain')).toBe(true);
    const res = await wrapped.handler(helloEvent());
    expect([res.statusCode, res.headers['x-wrapped'], JSON.parse(res.body)]).toEqual([200, 'yes', { hello: 'ada' }]);
  }, 60_000);

  test('the createRequire banner ships only when bundled CommonJS code may call require()', async () => {
    const plain = await packaged(`import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`);
    expect(plain.code).not.toContain('createRequire');
    const p = tempProject({
      '.calix/config.json': config(),
      'node_modules/eol-length/package.json': JSON.stringify({ name: 'eol-length', version: '1.0.0', main: 'index.js' }),
      'node_modules/eol-length/index.js': `module.exports = () => require('node:os').EOL.length;\n`,
      'app.ts': `import { Calix } from 'calix';\nimport eolLength from 'eol-length';\nexport const app = new Calix({ name: 'slim' });\napp.route('/eol', () => ({ eol: eolLength() }));\n`,
    });
    projects.push(p);
    const r = await runCli(['package'], { cwd: p.dir, env: noAws });
    expect(r.code, r.stderr).toBe(0);
    const out = join(p.dir, '.calix/package/dev');
    const asset = join(out, readdirSync(out).find((f) => f.startsWith('asset.') && readdirSync(join(out, f)).includes('index.mjs'))!);
    expect(readFileSync(join(asset, 'index.mjs'), 'utf8')).toMatch(/^import\{createRequire as __calixCreateRequire\}from'node:module';/);
    const { handler } = (await import(pathToFileURL(join(asset, 'index.mjs')).href)) as { handler: Handler };
    const res = await handler(restApiEvent({ method: 'GET', path: '/eol', resource: '/eol' }));
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { eol: 1 }]);
  }, 60_000);

  describe('the router ships the adapters of the event payloads its stage sends it', () => {
    const app = `import { Calix } from 'calix';\nexport const app = new Calix({ name: 'slim' });\n${hello}`;
    const v2 = () => httpApiEvent({ method: 'GET', path: '/hello/ada', resource: '/hello/{name}', pathParameters: { name: 'ada' } });

    test('a REST API stage without a Function URL: payload 1.0 only; a 2.0 event is refused with the fix', async () => {
      const { handler, sources } = await packaged(app);
      for (const gone of ['adapters/http-v2', 'adapters/function-url']) expect(has(sources, gone), gone).toBe(false);
      expect((await handler(helloEvent())).statusCode).toBe(200);
      await expect(handler(v2())).rejects.toThrow(/packaged for a REST API stage without a Function URL, so it takes no HTTP API \(payload 2\.0\) or Function URL event; .*"api": \{ "type": "http" \} or "functionUrl"/);
    }, 60_000);

    test('an HTTP API stage: payload 2.0 only; a 1.0 event is refused with the fix', async () => {
      const { handler, sources } = await packaged(app, { api: { type: 'http' } });
      expect(has(sources, 'adapters/rest-v1')).toBe(false);
      const res = await handler(v2());
      expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { hello: 'ada' }]);
      await expect(handler(helloEvent())).rejects.toThrow(/packaged for an HTTP API stage, so it does not take REST API \(payload 1\.0\) events; .*"api": \{ "type": "rest" \}/);
    }, 60_000);

    test('a REST API stage with a Function URL: both', async () => {
      const { handler, sources } = await packaged(app, { functionUrl: { auth: 'NONE' } });
      for (const kept of ['adapters/rest-v1', 'adapters/http-v2', 'adapters/function-url']) expect(has(sources, kept), kept).toBe(true);
      expect((await handler(helloEvent())).statusCode).toBe(200);
      const url = await handler(functionUrlEvent({ method: 'GET', path: '/hello/ada' }));
      expect([url.statusCode, JSON.parse(url.body)]).toEqual([200, { hello: 'ada' }]);
    }, 60_000);
  });
});
