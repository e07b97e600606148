import { afterAll, describe, expect, test } from 'vitest';
import { runCli, tempProject } from '../helpers/project.js';

const APP = `import { Calix, CognitoUserPoolAuthorizer } from 'calix';
export const app = new Calix({ name: 'shop' });
const users = new CognitoUserPoolAuthorizer('users', { userPoolName: 'shop-users' });
app.route('/', () => ({ ok: true }));
app.route('/orders/{id}', { methods: ['GET', 'DELETE'], authorizer: users, cors: true }, (req) => ({ id: req.params.id }));
export const handler = app.handler;
`;
const CONFIG = JSON.stringify({ app: 'shop', stages: { dev: {}, prod: { memorySize: 1024 } } });

describe('calix CLI foundation', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': CONFIG });
  afterAll(() => project.remove());

  test('--help lists the commands and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['new-project', 'local', 'routes', 'client']) expect(r.stdout).toContain(c);
  });

  test('<command> --help describes its options', async () => {
    const r = await runCli(['local', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--port', '--host', '--stage', '--no-watch']) expect(r.stdout).toContain(o);
  });

  test('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test.each([[['bogus']], [['local', '--bogus']], [[]]])('usage mistake %j prints usage on stderr and exits 2', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: calix/);
    expect(r.stdout).toBe('');
  });

  test('routes prints the route table from the manifest', async () => {
    const r = await runCli(['routes'], { cwd: project.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/METHOD\s+PATH\s+AUTHORIZER\s+CORS/);
    expect(r.stdout).toMatch(/DELETE\s+\/orders\/\{id\}\s+users\s+\*/);
    expect(r.stdout).toMatch(/GET\s+\/\s+-\s+-/);
  });

  test('routes --json is machine-readable', async () => {
    const r = await runCli(['routes', '--json', '--stage', 'prod', '--project-dir', project.dir]);
    expect(r.code).toBe(0);
    const routes = JSON.parse(r.stdout);
    expect(routes.map((x: { path: string }) => x.path)).toEqual(['/', '/orders/{id}']);
    expect(routes[1]).toMatchObject({ methods: ['GET', 'DELETE'], authorizer: 'users', params: ['id'] });
  });

  test('no colours when not on a terminal or with NO_COLOR', async () => {
    const r = await runCli(['routes'], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const forced = await runCli(['routes'], { cwd: project.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
    const both = await runCli(['routes'], { cwd: project.dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stdout).not.toMatch(/\x1b\[/);
  });

  test('outside a project: a clear error, exit 1', async () => {
    const r = await runCli(['routes'], { cwd: '/' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no Calix project here: no \.calix\/config\.json in \/ or any folder above it/);
  });

  test('an unknown stage names the known ones', async () => {
    const r = await runCli(['routes', '--stage', 'qa'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stage "qa" is not defined; known stages: dev, prod/);
  });
});

describe('calix reports broken projects with file, place and fix', () => {
  test('a config with a wrong type and a misspelled key', async () => {
    const p = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'shop', stages: { dev: { memorySize: '512', timout: 10 } } }) });
    const r = await runCli(['routes'], { cwd: p.dir });
    p.remove();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.calix\/config\.json is not a valid Calix config/);
    expect(r.stderr).toMatch(/stages\.dev\.memorySize: expected number, received string; change the value to that type/);
    expect(r.stderr).toMatch(/stages\.dev\.timout: unknown key; did you mean "timeout"\?/);
  });

  test('a config that is not JSON', async () => {
    const p = tempProject({ 'app.ts': APP, '.calix/config.json': '{ "app": "shop", }' });
    const r = await runCli(['routes'], { cwd: p.dir });
    p.remove();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config\.json:1:18: not valid JSON: .*trailing commas/);
  });

  test('a syntax error in the app shows file:line:column', async () => {
    const p = tempProject({ 'app.ts': APP.replace("({ ok: true })", "({ ok: true )"), '.calix/config.json': CONFIG });
    const r = await runCli(['routes'], { cwd: p.dir });
    p.remove();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot build app\.ts:\napp\.ts:4:\d+: error: /);
  });

  test('an error thrown while the app registers routes shows its source line', async () => {
    const p = tempProject({ 'app.ts': APP.replace("app.route('/', ", "app.route('/oops/', "), '.calix/config.json': CONFIG });
    const r = await runCli(['routes'], { cwd: p.dir });
    p.remove();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/app\.ts failed while loading: RegistrationError: route GET \/oops\/: invalid path/);
    expect(r.stderr).toMatch(/app\.ts:4:\d+/);
  });

  test('an app whose name differs from the config', async () => {
    const p = tempProject({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'other', stages: { dev: {} } }) });
    const r = await runCli(['routes'], { cwd: p.dir });
    p.remove();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/names its app "shop" but \.calix\/config\.json says "app": "other"/);
  });
});
