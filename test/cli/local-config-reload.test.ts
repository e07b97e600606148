// `calix local` picks up .calix/config.json edits without a restart, reprints the route table
// after every reload, and says why a request got 403 Missing Authentication Token.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocal, tempProject, type RunningServer } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'cfg' });
const greeting = process.env.GREETING;
app.route('/env', () => ({ greeting, now: process.env.GREETING ?? null }));
app.route('/items', { methods: ['GET', 'POST'] }, () => []);
app.route('/items/{id}', (req) => ({ id: req.params.id }));
`;
const config = (greeting: string) => JSON.stringify({ app: 'cfg', stages: { dev: { environmentVariables: { GREETING: greeting } } } });
const count = (text: string, re: RegExp) => text.match(new RegExp(re.source, 'g'))?.length ?? 0;

describe('calix local and .calix/config.json edits', () => {
  const p = tempProject({ 'app.ts': APP, '.calix/config.json': config('hello') });
  let server: RunningServer;
  beforeAll(async () => {
    server = await startLocal([], p.dir);
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    p.remove();
  });
  const env = async () => (await fetch(`${server.url}/env`)).json();

  test('an environment edit applies to a fresh load of the app, and the route table is printed again', async () => {
    expect(await env()).toEqual({ greeting: 'hello', now: 'hello' });
    const tables = count(server.output(), /METHOD\s+PATH/);
    p.write('.calix/config.json', config('bonjour'));
    await server.waitFor(/Reloaded \.calix\/config\.json \(stage dev, build \d+\)/);
    expect(await env()).toEqual({ greeting: 'bonjour', now: 'bonjour' });
    expect(count(server.output(), /METHOD\s+PATH/)).toBeGreaterThan(tables);
  });

  test('a broken edit keeps serving with the previous settings and says why', async () => {
    p.write('.calix/config.json', '{ "app": "cfg", "stages": { "dev": { "memorySize": "big" } } }');
    await server.waitFor(/Config reload failed; still serving with the previous settings:\n[\s\S]*memorySize/);
    expect(await env()).toEqual({ greeting: 'bonjour', now: 'bonjour' });
    p.write('.calix/config.json', config('hola'));
    await server.waitFor(/Reloaded \.calix\/config\.json[\s\S]*Reloaded \.calix\/config\.json/);
    expect(((await env()) as { now: string }).now).toBe('hola');
  });

  test('an app edit reprints the route table with the new routes', async () => {
    p.write('app.ts', `${APP}app.route('/added', () => 'new');\n`);
    await server.waitFor(/Reloaded app\.ts \(build \d+\)\n[\s\S]*\/added/);
  });

  test('a 403 Missing Authentication Token is explained in the log: unknown path, or a method the path lacks', async () => {
    expect((await fetch(`${server.url}/itemz/7`)).status).toBe(403);
    await server.waitFor(/403 Missing Authentication Token: no route for GET \/itemz\/7; closest routes: GET \/items\/\{id\}/);
    expect((await fetch(`${server.url}/items/7`, { method: 'DELETE' })).status).toBe(403);
    await server.waitFor(/403 Missing Authentication Token: no route for DELETE \/items\/7: the path exists, but not with DELETE; closest routes: GET \/items\/\{id\}/);
  });

  test('switching api.type to "http" serves the HTTP API from the next request: 404 Not Found at the edge, explained in the log', async () => {
    p.write('.calix/config.json', JSON.stringify({ app: 'cfg', stages: { dev: { api: { type: 'http' }, environmentVariables: { GREETING: 'hola' } } } }));
    await server.waitFor(/(Reloaded \.calix\/config\.json[\s\S]*){3}/);
    const r = await fetch(`${server.url}/itemz/7`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ message: 'Not Found' });
    await server.waitFor(/404 Not Found: no route for GET \/itemz\/7; closest routes: GET \/items\/\{id\}/);
  });
});
