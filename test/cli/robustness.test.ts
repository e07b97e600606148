// The CLI as a new user meets it: every command against bad paths, busy ports, broken configs
// and broken apps. Each run must exit with the right code, print exactly one `calix: error:`
// line and no stack trace, and leave every file outside Calix's own output (.calix/build,
// .calix/package) as it was (hashed before and after). Runs without AWS credentials or network.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, tempProject, type CliRun } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'shop' });
app.route('/', () => ({ ok: true }));
app.route('/items/{id}', (req) => ({ id: req.params.id }));
export const handler = app.handler;
`;
const CONFIG = JSON.stringify({ app: 'shop', publicRoutes: '*', stages: { dev: {} } }, null, 2);

/** No credentials, no profile, no instance metadata: any AWS call must fail fast. */
const NO_AWS: Record<string, string | undefined> = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_DEFAULT_PROFILE: undefined,
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
  AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
  AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
  AWS_REGION: 'us-east-1',
  CALIX_DEBUG: undefined,
};

/** Calix's own output inside a project: rebuilt or replaced by commands, by design. */
const OWN_OUTPUT = new Set(['node_modules', join('.calix', 'build'), join('.calix', 'package')]);

/** Path -> content hash of every file and link in `dir`, outside Calix's own output. */
function snapshot(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel))) {
    const r = join(rel, name);
    if (OWN_OUTPUT.has(r)) continue;
    const st = lstatSync(join(dir, r));
    if (st.isDirectory()) {
      out[r + '/'] = 'dir';
      Object.assign(out, snapshot(dir, r));
    } else if (st.isSymbolicLink()) out[r] = `link:${readlinkSync(join(dir, r))}`;
    else out[r] = createHash('sha256').update(readFileSync(join(dir, r))).digest('hex');
  }
  return out;
}

/** A stack frame (`    at fn (file:///x.js:1:2)`, `    at node:internal/…`); a bare `at app.ts:3:7` location is not one. */
const STACK_FRAME = /^\s+at .*(\(|file:\/\/|node:|\/).*:\d+:\d+\)?$/m;

/** Exactly one `calix: error:` line, no stack trace, the expected exit code. */
function expectOneError(r: CliRun, code = 1): string {
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('calix: error:'));
  expect(errorLines, r.stderr).toHaveLength(1);
  expect(r.stderr + r.stdout, 'no stack trace').not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toMatch(/unexpected error|re-run with --debug/);
  expect(r.code, r.stderr).toBe(code);
  return errorLines[0]!;
}

interface Case {
  name: string;
  args: string[];
  /** The one error line matches this. */
  error: RegExp;
  code?: number;
  env?: Record<string, string | undefined>;
}

/** Runs each case in its own copy of a project and checks the files are untouched. */
function suite(title: string, files: () => Record<string, string>, cases: Case[], setup?: (dir: string) => void) {
  describe.concurrent(title, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', { timeout: 120_000 }, async (_, c) => {
      const p = tempProject(files());
      try {
        setup?.(p.dir);
        const before = snapshot(p.dir);
        const r = await runCli(c.args, { cwd: p.dir, env: { ...NO_AWS, ...c.env } });
        const line = expectOneError(r, c.code ?? 1);
        expect(line).toMatch(c.error);
        expect(snapshot(p.dir)).toEqual(before);
      } finally {
        p.remove();
      }
    });
  });
}

const good = () => ({ 'app.ts': APP, '.calix/config.json': CONFIG });
// Commands that load the app. deploy and delete load the CDK toolkit first (seconds on a busy
// machine), so they run in the scenarios that differ for them: no project, no config, no credentials.
const appCommands = (error: RegExp): Case[] => [
  { name: 'routes', args: ['routes'], error },
  { name: 'openapi', args: ['openapi'], error },
  { name: 'client', args: ['client', '--out', 'client.ts'], error },
  { name: 'package', args: ['package'], error },
  { name: 'local --no-watch', args: ['local', '--no-watch', '--port', '0'], error },
  { name: 'local (watching)', args: ['local', '--port', '0'], error },
  { name: 'invoke api', args: ['invoke', 'api'], error },
];
const stageCommands = (error: RegExp): Case[] => [
  ...appCommands(error),
  { name: 'url', args: ['url'], error },
  { name: 'logs', args: ['logs'], error },
  { name: 'auth login', args: ['auth', 'login', 'ann', '--password', 'x'], error },
];
const everyCommand = (error: RegExp): Case[] => [
  ...stageCommands(error),
  { name: 'deploy', args: ['deploy'], error },
  { name: 'delete --yes', args: ['delete', '--yes'], error },
];

suite('no project here', () => ({ 'notes.txt': 'mine' }), everyCommand(/no Calix project here: no \.calix\/config\.json in .*calix new-project/));

suite(
  'a config that is not JSON',
  () => ({ 'app.ts': APP, '.calix/config.json': '{\n  "app": "shop",\n  "stages": { "dev": {}, }\n}\n' }),
  everyCommand(/config\.json:3:26: not valid JSON: .*line 3, column 26/),
);

suite(
  'a config with a value out of its list',
  () => ({ 'app.ts': APP, '.calix/config.json': JSON.stringify({ app: 'shop', stages: { dev: { logRetention: 15 } } }) }),
  [
    { name: 'routes', args: ['routes'], error: /is not a valid Calix config:$/ },
    { name: 'local', args: ['local', '--port', '0'], error: /is not a valid Calix config:$/ },
    { name: 'url', args: ['url'], error: /is not a valid Calix config:$/ },
  ],
);

suite('an unknown stage', good, stageCommands(/stage "prod" is not defined; known stages: dev/).filter((c) => c.name !== 'local (watching)').map((c) => ({ ...c, args: [...c.args, '--stage', 'prod'] })));

suite(
  'an app that does not compile',
  () => ({ 'app.ts': APP.replace("({ ok: true })", '({ ok: true }'), '.calix/config.json': CONFIG }),
  appCommands(/app\.ts/),
);

suite(
  'an app that throws while loading',
  () => ({ 'app.ts': APP.replace("app.route('/', ", "throw new Error('boom at load');\napp.route('/', "), '.calix/config.json': CONFIG }),
  appCommands(/boom at load/).filter((c) => c.name !== 'openapi' && c.name !== 'local (watching)'),
);

suite('bad output paths', good, [
  { name: 'package --out /proc/nope', args: ['package', '--out', '/proc/nope'], error: /cannot create the folder \/proc\/nope/ },
  { name: 'package --out file/sub', args: ['package', '--out', 'notes.txt/sub'], error: /notes\.txt\/sub.*not a folder/ },
  { name: 'package --out a file', args: ['package', '--out', 'notes.txt'], error: /refusing to write the cloud assembly to notes\.txt: it is a file/ },
  { name: 'package --out .', args: ['package', '--out', '.'], error: /refusing to write the cloud assembly to \.: it is the project folder/ },
  { name: 'package --out ..', args: ['package', '--out', '..'], error: /refusing to write the cloud assembly to .*: it holds the project/ },
  { name: 'package --out a folder of the user', args: ['package', '--out', 'docs'], error: /refusing to write the cloud assembly to docs: .*"notes\.md"/ },
  { name: 'openapi --out in a missing folder', args: ['openapi', '--out', '/nonexistent/dir/x.json'], error: /cannot write \/nonexistent\/dir\/x\.json: the folder \/nonexistent\/dir does not exist/ },
  { name: 'openapi --out a folder', args: ['openapi', '--out', 'docs'], error: /cannot write docs: it is a folder/ },
  { name: 'openapi --out a file it did not write', args: ['openapi', '--out', 'notes.txt'], error: /refusing to overwrite notes\.txt: it exists and is not an OpenAPI 3 JSON document/ },
  { name: 'openapi --out file/sub', args: ['openapi', '--out', 'notes.txt/x.json'], error: /cannot write notes\.txt\/x\.json: notes\.txt is a file/ },
  { name: 'invoke --event missing', args: ['invoke', 'api', '--event', 'nope.json'], error: /nope\.json/, code: 2 },
  { name: 'invoke --event not JSON', args: ['invoke', 'api', '--event', 'notes.txt'], error: /notes\.txt/, code: 2 },
  { name: 'invoke an unknown function', args: ['invoke', 'nope'], error: /nope/, code: 2 },
  { name: 'url before any deploy', args: ['url'], error: /has not been deployed.*calix deploy/ },
  { name: 'logs before any deploy', args: ['logs'], error: /has not been deployed.*calix deploy/ },
  { name: '--project-dir that does not exist', args: ['routes', '--project-dir', 'nowhere'], error: /nowhere is not a Calix project/ },
], (dir) => {
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'notes.md'), 'mine too');
});

suite('no AWS credentials', good, [
  { name: 'deploy', args: ['deploy'], error: /cannot deploy: no AWS credentials.*aws configure/ },
  { name: 'delete --yes', args: ['delete', '--yes'], error: /no AWS credentials/ },
  {
    name: 'logs of a recorded deploy',
    args: ['logs'],
    error: /cannot read logs: no AWS credentials/,
  },
], (dir) => {
  mkdirSync(join(dir, '.calix', 'deployed'), { recursive: true });
  writeFileSync(
    join(dir, '.calix', 'deployed', 'dev.json'),
    JSON.stringify({ calix: 'deployed-record/1', stackName: 'shop-dev', stage: 'dev', region: 'us-east-1', deployedAt: '2026-01-01T00:00:00Z', url: 'https://x.execute-api.us-east-1.amazonaws.com/api/', functions: { api: { functionName: 'shop-dev-api', logGroupName: '/aws/lambda/shop-dev-api' } }, userPools: {} }),
  );
});

describe('a busy port', () => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));
  const project = tempProject(good());
  afterAll(() => project.remove());

  // Before the fix the process printed its error and never exited (the test timed out).
  test.concurrent.each([[['--no-watch']], [[]]])('calix local %j exits 1 at once with one error line', async (extra) => {
    const r = await runCli(['local', '--port', String(port), ...extra], { cwd: project.dir, env: NO_AWS });
    expect(expectOneError(r)).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use; pick another with --port`));
  });
});

describe('new-project', () => {
  const parent = mkdtempSync(join(tmpdir(), 'calix-robust-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  const cases: Case[] = [
    { name: 'an invalid name', args: ['new-project', 'Bad_Name'], error: /invalid project name "Bad_Name"/, code: 2 },
    { name: 'a name taken by a file', args: ['new-project', 'taken-file'], error: /taken-file exists and is a file; nothing was written/ },
    { name: 'a name taken by a folder with files', args: ['new-project', 'taken-dir'], error: /taken-dir exists and is not empty; nothing was written/ },
    { name: 'an unknown blueprint', args: ['new-project', 'fresh', '--blueprint', 'nope'], error: /unknown blueprint "nope"/, code: 2 },
  ];
  beforeAll(() => {
    writeFileSync(join(parent, 'taken-file'), 'mine');
    mkdirSync(join(parent, 'taken-dir'));
    writeFileSync(join(parent, 'taken-dir', 'keep.txt'), 'mine');
  });
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const before = snapshot(parent);
    const r = await runCli(c.args, { cwd: parent, env: NO_AWS });
    expect(expectOneError(r, c.code ?? 1)).toMatch(c.error);
    expect(snapshot(parent)).toEqual(before);
  });

  test('in a folder where nothing can be created (/proc): one error line, nothing written', async () => {
    const r = await runCli(['new-project', 'demo'], { cwd: '/proc', env: NO_AWS });
    expect(expectOneError(r)).toMatch(/cannot create the project folder demo: the file system refuses to create demo/);
  });
});

describe('--debug', () => {
  const project = tempProject({ ...good(), 'notes.txt': 'mine' });
  afterAll(() => project.remove());

  test('without it an error is one line; with --debug or CALIX_DEBUG=1 the stack follows', async () => {
    const args = ['openapi', '--out', '/nonexistent/dir/x.json'];
    const plain = await runCli(args, { cwd: project.dir });
    expectOneError(plain);
    for (const r of [await runCli(['--debug', ...args], { cwd: project.dir }), await runCli(args, { cwd: project.dir, env: { CALIX_DEBUG: '1' } })]) {
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('calix: error:'))).toHaveLength(1);
      expect(r.stderr).toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
  });
});
