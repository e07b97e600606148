// A decorated instance method whose class is never instantiated could only fail when called (a
// 500 once deployed). `calix routes`, `local` and `package` refuse such an app when they load it.
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, tempProject } from '../helpers/project.js';

const APP = `import { Calix, type Request } from 'calix';
export const app = new Calix({ name: 'carts' });
class Carts {
  constructor(private readonly currency: string) {}

  @app.route('/carts/{id}')
  show(req: Request<{ id: string }>) {
    return { id: req.params.id, currency: this.currency };
  }
}
`;
const WHY =
  'calix: error: app.ts: instance method show (route GET /carts/{id}) has no instance of its class to run on: create one when the module loads (`new YourClass(…)` after the class), or make show static';

describe('a decorated instance method without an instance', () => {
  const p = tempProject({ '.calix/config.json': JSON.stringify({ app: 'carts', stages: { dev: {} }, publicRoutes: '*' }), 'app.ts': APP });
  afterAll(() => p.remove());

  test.each([['routes'], ['local', '--port', '0', '--no-watch'], ['package']])('calix %s refuses the app with one line naming the method and the fix', async (...args) => {
    const r = await runCli(args, { cwd: p.dir, env: { AWS_ACCESS_KEY_ID: undefined, AWS_PROFILE: undefined, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(WHY);
  }, 60_000);

  test('with the instance created at import, calix routes lists the route', async () => {
    p.write('app.ts', `${APP}new Carts('EUR');\n`);
    const r = await runCli(['routes', '--json'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ path: '/carts/{id}', name: 'show' })]);
  });
});
