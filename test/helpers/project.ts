import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const cliBin = join(repoRoot, 'dist/cli/main.js');

/**
 * Installs a project's runtime dependencies by linking, never downloading: `calix` is this
 * checkout; `zod`, Calix's own dependency (which npm hoists beside it in a user's install, and
 * which the example and the rest-api blueprint import), and every other `dependencies` entry of
 * the project's package.json (with `dev`, its `devDependencies` too) are this checkout's
 * node_modules copies. A declared package the checkout lacks is an error naming it.
 */
export function linkDependencies(dir: string, opts: { dev?: boolean } = {}): void {
  const pkgFile = join(dir, 'package.json');
  const pkg = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }) : {};
  const names = new Set(['calix', 'zod', ...Object.keys(pkg.dependencies ?? {}), ...(opts.dev ? Object.keys(pkg.devDependencies ?? {}) : [])]);
  for (const name of names) {
    const target = name === 'calix' ? repoRoot : join(repoRoot, 'node_modules', name);
    if (!existsSync(target)) throw new Error(`${pkgFile} declares ${name}, which this checkout has not installed (run npm ci)`);
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(target, link, 'dir');
  }
}

/** A throwaway project folder whose dependencies (`calix`: this checkout) are linked, not downloaded: see linkDependencies. */
export function tempProject(files: Record<string, string> = {}, copyFrom?: string): { dir: string; write(path: string, text: string): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'calix-test-'));
  if (copyFrom) cpSync(copyFrom, dir, { recursive: true, filter: (s) => !s.includes(`${join('.calix', 'build')}`) && !s.includes('node_modules') });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  if (files['package.json'] !== undefined) writeFileSync(join(dir, 'package.json'), files['package.json']);
  linkDependencies(dir);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const [p, t] of Object.entries(files)) write(p, t);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `calix` binary to completion. */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Waits until the combined output matches, up to `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  stop(): Promise<number | null>;
}

/** Starts `calix local --port 0` as a child process and waits for its URL. */
export async function startLocal(args: string[], cwd: string): Promise<RunningServer> {
  const child = spawn(process.execPath, [cliBin, 'local', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 15000) => {
    const until = Date.now() + ms;
    while (!re.test(out)) {
      if (child.exitCode !== null) throw new Error(`calix local exited (${child.exitCode}):\n${out}`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${re}; output so far:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await waitFor(/at (http:\/\/\S+)/);
  const url = /at (http:\/\/[^\s]+)/.exec(out)![1]!;
  return {
    url,
    child,
    output: () => out,
    waitFor,
    stop: async () => {
      process.kill(child.pid!, 'SIGTERM');
      return exited;
    },
  };
}
