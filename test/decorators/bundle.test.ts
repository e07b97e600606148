// A decorated app bundled exactly as `calix package` bundles it (bundleApp with forLambda: ESM,
// node20, minified, keepNames), loaded as the CLI loads it, answering API Gateway and trigger
// events; and registration errors from a bundle still naming the class.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bundleApp, loadBundle, type LoadedApp } from '../../project/app-loader.js';
import { createTestClient, restApiEvent, scheduledEvent } from '../../src/testing/index.js';
import type { Calix } from '../../src/index.js';
import { tempProject } from '../helpers/project.js';
import { app as inProcess } from './shop.js';
import { shopSource } from './sources.js';


const BAD_APP = `import { Calix, type Request } from 'calix';
export const app = new Calix({ name: 'shop' });
class Orders {
  @app.route('/orders/{id}')
  static get(req: Request<{ id: string }>) {
    return req.params;
  }

  @app.route('orders/{id}/lines', { methods: ['POST'] })
  static addLine() {}
}
export const handler = app.handler;
`;

describe('a decorated app bundled for Lambda', () => {
  const project = tempProject({ 'app.ts': shopSource });
  let outfile: string;
  let bytes: number;
  let loaded: LoadedApp;
  beforeAll(async () => {
    ({ outfile, bytes } = await bundleApp(project.dir, 'app.ts', join(project.dir, '.calix', 'build', 'dev'), true));
    loaded = await loadBundle(outfile, 'app.ts', project.dir);
  });
  afterAll(() => project.remove());
  afterEach(() => {
    delete process.env.CALIX_HANDLER;
  });

  test('is minified JavaScript without decorator syntax, and its manifest is the one the app has unbundled', () => {
    const code = readFileSync(outfile, 'utf8');
    expect(code).not.toMatch(/^\s*@app\./m);
    expect(code.split('\n').length).toBeLessThan(10);
    expect(bytes).toBe(Buffer.byteLength(code));
    expect(loaded.manifest).toEqual(inProcess.manifest());
  });

  test('answers API Gateway events on static and instance routes', async () => {
    const get = (await loaded.handler(restApiEvent({ method: 'GET', path: '/orders/1', resource: '/orders/{id}', pathParameters: { id: '1' } }))) as { statusCode: number; body: string };
    expect(get.statusCode).toBe(200);
    expect(JSON.parse(get.body)).toEqual({ id: '1', total: 5 });

    const cart = (await loaded.handler(restApiEvent({ method: 'GET', path: '/carts/c9', resource: '/carts/{cartId}', pathParameters: { cartId: 'c9' } }))) as { statusCode: number; body: string };
    expect(cart.statusCode).toBe(200);
    expect(JSON.parse(cart.body)).toEqual({ cartId: 'c9', items: [], currency: 'EUR' });

    const stats = (await loaded.handler(restApiEvent({ method: 'GET', path: '/admin/stats', resource: '/admin/stats' }))) as { statusCode: number };
    expect(stats.statusCode).toBe(200);
  });

  test('runs the trigger CALIX_HANDLER names, as a deployed trigger function does', async () => {
    process.env.CALIX_HANDLER = 'total';
    expect(await loaded.handler({ id: '1' })).toBe(5); // a static method, `this` being its class
    process.env.CALIX_HANDLER = 'reindex';
    expect(await loaded.handler({ n: 2 })).toBe('reindexed 2'); // a blueprint's instance method
    process.env.CALIX_HANDLER = 'expire-orders';
    await expect(loaded.handler(scheduledEvent('expire-orders'))).resolves.toBeUndefined();
  });

  test("the bundled app works with the test client's events", async () => {
    const mod = await import(pathToFileURL(outfile).href);
    const client = createTestClient(mod.app as Calix);
    await client.events.s3('invoice', { key: 'a b.pdf' });
    await client.events.schedule('nightly');
    expect(mod.log).toEqual(['invoice a b.pdf', 'nightly']);
    expect((await client.events.lambda('cartCount', {})).result).toBe(0);
  });
});

describe('build errors in a decorated file are reported as for any file', () => {
  const project = tempProject({ 'app.ts': BAD_APP.replace('return req.params;', 'return req.params;;)') });
  afterAll(() => project.remove());

  test('with file:line:column', async () => {
    await expect(bundleApp(project.dir, 'app.ts', join(project.dir, 'out'), true)).rejects.toThrow(/^cannot build app\.ts:\napp\.ts:6:24: error: Unexpected "\)"/);
  });
});

describe('registration errors from a bundled decorated app name the class and method', () => {
  const project = tempProject({ 'app.ts': BAD_APP });
  afterAll(() => project.remove());

  // esbuild with keepNames names a decorated class only after its static initializers ran; the
  // bundler lowers decorators first so that the class is already "Orders" when it registers.
  test.each([['package (minified)', true], ['calix local / routes', false]])('%s', async (_, forLambda) => {
    const { outfile } = await bundleApp(project.dir, 'app.ts', join(project.dir, '.calix', 'build', String(forLambda)), forLambda);
    await expect(loadBundle(outfile, 'app.ts', project.dir)).rejects.toThrow(
      'app.ts failed while loading: RegistrationError: Orders.addLine: route POST orders/{id}/lines: invalid path "orders/{id}/lines": a route path must start with "/"',
    );
  });
});
