// "Never delete anything Calix did not create": package --out, the default .calix/package/<stage>,
// openapi --out and new-project, through the real CLI on real folders (plus the rule's module
// in-process for the cases a CLI run cannot set up cheaply).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { OUTPUT_MARKER, claimOutputDir, makeDirs } from '../../cli/fs/safe-output.js';
import { runCli, tempProject } from '../helpers/project.js';

const APP = `import { Calix } from 'calix';
export const app = new Calix({ name: 'shop' });
app.route('/', () => ({ ok: true }));
export const handler = app.handler;
`;
const CONFIG = JSON.stringify({ app: 'shop', publicRoutes: '*', stages: { dev: {} } });

describe('calix package output folders', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': CONFIG });
  afterAll(() => project.remove());
  const out = join(project.dir, 'dist', 'assembly');

  test('creates a missing folder with a marker; writes again into its own assembly; refuses once the user added a file', async () => {
    const first = await runCli(['package', '--out', 'dist/assembly'], { cwd: project.dir });
    expect(first.code, first.stderr).toBe(0);
    const marker = JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8')) as { entries: string[] };
    expect(marker.entries).toEqual(expect.arrayContaining(['manifest.json', 'shop-dev.template.json']));
    expect(marker.entries.sort()).toEqual(readdirSync(out).filter((e) => e !== OUTPUT_MARKER).sort());

    const second = await runCli(['package', '--out', 'dist/assembly'], { cwd: project.dir });
    expect(second.code, second.stderr).toBe(0);

    writeFileSync(join(out, 'NOTES.md'), 'mine');
    const before = readdirSync(out).sort();
    const third = await runCli(['package', '--out', 'dist/assembly'], { cwd: project.dir });
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(/^calix: error: refusing to write the cloud assembly to dist\/assembly: besides an earlier assembly it holds "NOTES\.md", which Calix did not write\. Nothing was changed/m);
    expect(readdirSync(out).sort()).toEqual(before);
  }, 120_000);

  test('the default .calix/package/<stage> follows the same rule', async () => {
    const dir = join(project.dir, '.calix', 'package', 'dev');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const r = await runCli(['package'], { cwd: project.dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to write the cloud assembly to \.calix\/package\/dev: it is not empty and holds no \.calix-assembly marker.*"keep\.txt"/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  }, 120_000);
});

describe('the output-folder rule (cli/fs/safe-output.ts)', () => {
  const root = mkdtempSync(join(tmpdir(), 'calix-safe-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('a cloud assembly from before markers (only CDK files) is recognised and replaced', () => {
    const dir = join(root, 'legacy');
    mkdirSync(join(dir, `asset.${'a'.repeat(64)}`), { recursive: true });
    for (const f of ['manifest.json', 'tree.json', 'cdk.out', 'shop-dev.template.json', 'shop-dev.assets.json']) writeFileSync(join(dir, f), '{}');
    const claimed = claimOutputDir(dir);
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
    claimed.abandon();
  });

  test('an assembly a deploy used (cdk-assets added its .cache, a hotswap its .hotswap-cache, after the marker) is still Calix\'s own', () => {
    const dir = join(root, 'deployed');
    const first = claimOutputDir(dir);
    writeFileSync(join(dir, 'manifest.json'), '{}');
    first.commit();
    mkdirSync(join(dir, '.cache'));
    writeFileSync(join(dir, '.cache', 'asset.zip'), 'zip');
    mkdirSync(join(dir, '.hotswap-cache'));
    writeFileSync(join(dir, '.hotswap-cache', 'app-dev.json'), '{}');
    claimOutputDir(dir).commit();
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });

  test('a failed write removes what it wrote and the folders it created, nothing else', () => {
    const parent = join(root, 'fresh');
    const claimed = claimOutputDir(join(parent, 'a', 'b'));
    writeFileSync(join(claimed.dir, 'manifest.json'), '{}');
    claimed.abandon();
    expect(existsSync(parent)).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  test('a failed write into an empty folder the user made leaves the folder', () => {
    const dir = join(root, 'empty');
    mkdirSync(dir);
    const claimed = claimOutputDir(dir);
    writeFileSync(join(dir, 'manifest.json'), '{}');
    claimed.abandon();
    expect(readdirSync(dir)).toEqual([OUTPUT_MARKER]);
  });

  test('makeDirs fails at once where the kernel refuses new folders (Node 20 recursive mkdir loops there)', () => {
    expect(() => makeDirs('/proc/calix-nope/x')).toThrow(/cannot create the folder \/proc\/calix-nope\/x: the file system refuses to create \/proc\/calix-nope/);
  });
});

describe('calix openapi --out', () => {
  const project = tempProject({ 'app.ts': APP, '.calix/config.json': CONFIG, 'docs/openapi.json': '{"openapi":"3.0.1","info":{}}' });
  afterAll(() => project.remove());

  test('replaces an OpenAPI document (its own earlier output), also without extensions', async () => {
    for (const args of [['openapi', '--out', 'docs/openapi.json'], ['openapi', '--no-extensions', '--out', 'docs/openapi.json']]) {
      const r = await runCli(args, { cwd: project.dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('OpenAPI document written to docs/openapi.json\n');
      expect(JSON.parse(readFileSync(join(project.dir, 'docs/openapi.json'), 'utf8')).paths['/']).toBeDefined();
    }
    expect(readdirSync(join(project.dir, 'docs'))).toEqual(['openapi.json']); // no temporary file left
  });
});

describe('calix new-project writes only into a missing or empty folder', () => {
  const parent = mkdtempSync(join(tmpdir(), 'calix-new-safe-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  test('an empty folder the user made is used and kept', async () => {
    mkdirSync(join(parent, 'mine'));
    const r = await runCli(['new-project', 'mine'], { cwd: parent });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(parent, 'mine', 'app.ts'))).toBe(true);
  });

  // An empty folder the kernel allows no writes in: the copy fails midway, after the checks.
  const readOnlyEmpty = '/sys/kernel/software_nodes';
  test.runIf(existsSync(readOnlyEmpty) && readdirSync(readOnlyEmpty).length === 0)('a write that fails midway is one error line and removes nothing it did not create', async () => {
    symlinkSync(readOnlyEmpty, join(parent, 'locked'));
    const r = await runCli(['new-project', 'locked'], { cwd: parent });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^calix: error: cannot write the project to locked: permission denied/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(parent, 'locked'))).toBe(true); // the user's link (and folder) stay
  });
});
