// `calix auth` (and every command that loads the AWS SDK) keeps its output to its own lines on
// Node 20: the SDK's Node-version notice is silenced by its own switch, other warnings still print.
import { createServer } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli, startLocal, tempProject } from '../helpers/project.js';

const closedPort = async (): Promise<number> => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
};

describe('the AWS SDK Node-version notice', () => {
  const p = tempProject({
    'app.ts': `import { Calix } from 'calix';\nprocess.emitWarning('the app says hi');\nexport const app = new Calix({ name: 'quiet' });\napp.route('/', () => 1);\n`,
  });
  afterAll(() => p.remove());
  // No credentials, config or metadata service may reach the SDK; the emulator endpoint is a closed loopback port.
  const sdkEnv = {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined,
  };

  test('calix auth prints exactly its one error line, without the SDK notice', async () => {
    const port = await closedPort();
    p.write('.calix/config.json', JSON.stringify({ app: 'quiet', stages: { dev: { authorizers: { users: { cognitoEndpoint: `http://127.0.0.1:${port}` } } } } }));
    const r = await runCli(['auth', 'init-local'], { cwd: p.dir, env: sdkEnv });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^calix: error: /);
  });

  test('other warnings still print (calix local shows the app\'s own process warning)', async () => {
    p.write('.calix/config.json', JSON.stringify({ app: 'quiet', stages: { dev: {} } }));
    const server = await startLocal(['--no-watch'], p.dir);
    try {
      expect(server.output()).toMatch(/Warning: the app says hi/);
    } finally {
      await server.stop();
    }
  });
});
