// The one way an app is loaded: bundle its entry with esbuild (decorators lowered by
// decoratorsPlugin), import the bundle, read its manifest and check it against the config. Every
// command, the dev server and `new CalixApp({ projectDir })` (through load-app-main.ts) use it.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Manifest } from '../src/manifest.js';
import { loadProject, resolveStage, type Project } from './config.js';
import { decoratorsPlugin } from './decorators.js';
import { APP_LOAD_ERROR, entryStdin, type EntryOptions } from './entry.js';
import { CHUNK_DIR, CHUNK_FILE, lazyChunksPlugin } from './lazy-chunks.js';
import { ProjectError } from './errors.js';
import { functionModel, routerEventFormats, ROUTER_FUNCTION, streamsResponses, type EventFormats } from './stage-model.js';
import { absentSubsystems, leaveOutPlugin, namesMatterAtRunTime, sameRegistrations, type LoadedRegistry, type Subsystem } from './subsystems.js';
import type { StageConfig } from './types.js';

/**
 * esbuild settings shared by `package`/`deploy` (minified) and `local`/`routes` (readable), the
 * dev server's watch included. The bundle's entry is the module Calix generates (./entry.ts): it
 * exports `app` and `handler`. Decorators are lowered file by file first (`decoratorsPlugin`), so
 * that `keepNames` names a decorated class before its static initializers run and registration
 * errors name the class.
 *
 * In a Lambda bundle, `outfile` (index.mjs) is what a cold start loads: the modules the runtime
 * loads with `import()` only when an event needs them (src/routing/match.ts and path-to-regexp, for
 * a request API Gateway did not match) are written as files of their own in `chunks/` beside it
 * (./lazy-chunks.ts), which the deployed zip (the whole folder) carries. A dev bundle stays one
 * file: esbuild inlines those imports.
 */
export function bundleOptions(projectDir: string, main: string, outfile: string, forLambda: boolean, entry: EntryOptions = {}, leaveOut: readonly Subsystem[] = []): esbuild.BuildOptions {
  const file = resolve(projectDir, main);
  if (!existsSync(file)) throw new ProjectError(`the app entry ${relative(process.cwd(), file) || file} does not exist; set "main" in .calix/config.json`);
  return {
    stdin: entryStdin(projectDir, file, main, entry),
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: forLambda ? 'node20' : `node${process.versions.node.split('.')[0]}`,
    minify: forLambda,
    // Route and trigger names default to the handler function's name; minifying must not change
    // them where they are read at run time (./subsystems.ts).
    keepNames: !forLambda || namesMatterAtRunTime(leaveOut),
    sourcemap: forLambda ? true : 'inline',
    // The Lambda Node runtimes ship AWS SDK v3; bundling it would only grow the cold start.
    external: ['@aws-sdk/*'],
    // A Lambda bundle gets it only if it needs it (bundleApp): loading node:module costs a cold start about 0.5 ms.
    ...(forLambda ? {} : { banner: REQUIRE_BANNER }),
    absWorkingDir: projectDir,
    logLevel: 'silent',
    metafile: true,
    legalComments: 'none',
    plugins: [decoratorsPlugin(), ...(leaveOut.length ? [leaveOutPlugin(leaveOut)] : []), ...(forLambda ? [lazyChunksPlugin(dirname(outfile))] : [])],
  };
}

/** Lets bundled CommonJS dependencies call require() inside an ES module. */
export const REQUIRE_BANNER = { js: "import{createRequire as __calixCreateRequire}from'node:module';const require=__calixCreateRequire(import.meta.url);" };

/**
 * Whether bundled code may call require(): esbuild routes a CommonJS module's require() of
 * something left outside the bundle (a Node built-in) through a shim that needs a real `require`,
 * and that shim says so in its error text.
 */
export const needsRequire = (code: string): boolean => code.includes('Dynamic require of "');

/** esbuild's messages as `file:line:col: error: text` lines. */
export function formatBuildErrors(errors: esbuild.Message[], cwd = process.cwd()): string {
  return errors
    .map((m) => {
      const loc = m.location ? `${relative(cwd, resolve(m.location.file)) || m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
      const src = m.location?.lineText ? `\n    ${m.location.lineText}\n    ${' '.repeat(m.location.column)}^` : '';
      return `${loc}error: ${m.text}${src}`;
    })
    .join('\n');
}

export interface BundleResult {
  outfile: string;
  bytes: number;
}

/**
 * Removes what an earlier build wrote in `outDir`: index.mjs, its map, and the chunk files in
 * `chunks/` (so a deployed zip never carries a stale chunk). Anything else there, a chunk
 * folder holding other files included, is left alone: Calix deletes only what it wrote.
 */
export function removeBuildOutput(outDir: string): void {
  for (const f of ['index.mjs', 'index.mjs.map']) rmSync(join(outDir, f), { force: true });
  const chunks = join(outDir, CHUNK_DIR);
  if (!existsSync(chunks) || !statSync(chunks).isDirectory()) return;
  const left = readdirSync(chunks).filter((f) => {
    if (!CHUNK_FILE.test(f) || !statSync(join(chunks, f)).isFile()) return true;
    rmSync(join(chunks, f));
    return false;
  });
  if (left.length === 0) rmdirSync(chunks);
}

/**
 * Bundles the app entry into `outDir/index.mjs` (a Lambda bundle with its lazily loaded chunks
 * beside it: see {@link bundleOptions}). `bytes` is index.mjs, what a cold start loads. Build errors become a
 * ProjectError with file:line.
 */
export async function bundleApp(projectDir: string, main: string, outDir: string, forLambda: boolean, entry: EntryOptions = {}, leaveOut: readonly Subsystem[] = []): Promise<BundleResult> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  removeBuildOutput(outDir);
  try {
    const options = bundleOptions(projectDir, main, outfile, forLambda, entry, leaveOut);
    await esbuild.build(options);
    if (forLambda && needsRequire(readFileSync(outfile, 'utf8'))) {
      removeBuildOutput(outDir);
      await esbuild.build({ ...options, banner: REQUIRE_BANNER });
    }
    return { outfile, bytes: statSync(outfile).size };
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors;
    if (errors?.length) throw new ProjectError(`cannot build ${main}:\n${formatBuildErrors(errors)}`);
    throw e;
  }
}

/** What the CLI needs from a loaded app module. */
export interface LoadedApp {
  manifest: Manifest;
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
  /** The bundle's app itself, as the package step compares two builds by (./subsystems.ts). */
  registry: LoadedRegistry;
}

let loads = 0;

/** The first stack frame in the user's own sources (source-mapped), as `\n  at app.ts:4:5`. */
function userFrame(err: Error, projectDir: string): string {
  for (const line of (err.stack ?? '').split('\n')) {
    const m = /^\s+at (?:.*\()?(?:file:\/\/)?(\/[^():]+):(\d+):(\d+)\)?$/.exec(line);
    if (!m) continue;
    const file = m[1]!;
    if (file.includes('/node_modules/') || file.includes(`${join('.calix', 'build')}`) || !file.startsWith(projectDir)) continue;
    return `\n  at ${relative(process.cwd(), file) || file}:${m[2]}:${m[3]}`;
  }
  return '';
}

/**
 * Imports a bundle and reads its app. Errors thrown while the module runs (a bad route, a
 * typo) are shown at their source line thanks to the bundle's source map.
 */
export async function loadBundle(outfile: string, main: string, projectDir = process.cwd()): Promise<LoadedApp> {
  const { registry, handler } = await importBundle(outfile, main, projectDir);
  return { manifest: registry.manifest(), handler, registry };
}

/** Imports a bundle and returns its app and handler, without reading the manifest (a shipped bundle has none). */
async function importBundle(outfile: string, main: string, projectDir: string): Promise<Omit<LoadedApp, 'manifest'> & { registry: LoadedRegistry & { manifest(): Manifest } }> {
  process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    // A fresh URL per load: the dev server reloads the same file after each rebuild.
    mod = await import(`${pathToFileURL(outfile).href}?v=${++loads}`);
  } catch (e) {
    const err = e as Error;
    if (err?.name === APP_LOAD_ERROR) throw new ProjectError(err.message);
    throw new ProjectError(`${main} failed while loading: ${err.name}: ${err.message}${userFrame(err, projectDir)}`);
  }
  // The generated entry (./entry.ts) picked the app and the handler, as it does in Lambda.
  return { registry: mod.app as LoadedRegistry & { manifest(): Manifest }, handler: mod.handler as LoadedApp['handler'] };
}

export interface LoadedProjectApp extends LoadedApp {
  project: Project;
  stage: StageConfig;
  /** The bundle (`index.mjs`, with its source map beside it). */
  outfile: string;
}

export interface LoadAppOptions {
  /** A minified bundle for Lambda (`package`, `deploy`); otherwise readable. @default false */
  forLambda?: boolean;
  /** Variables to set in process.env before the app's module runs (a function's environment). */
  environment?: (stage: StageConfig) => Record<string, string>;
}

/**
 * Finds the project, resolves the stage, bundles the app into `.calix/build/<stage>`, imports it
 * and checks that the app is the one the config names.
 */
export async function loadApp(projectDir: string | undefined, stageName: string, options: LoadAppOptions = {}): Promise<LoadedProjectApp> {
  const project = loadProject(projectDir);
  const stage = resolveStage(project, stageName);
  if (options.environment) Object.assign(process.env, options.environment(stage));
  const outDir = join(project.dir, '.calix', 'build', stageName);
  const entry: EntryOptions = { streamHandler: streamsResponses(stage) };
  const { outfile } = await bundleApp(project.dir, stage.main, outDir, options.forLambda ?? false, entry);
  let app = await loadBundle(outfile, stage.main, project.dir);
  checkAppName(app.manifest, stage);
  if (options.forLambda) app = await leaveOutAbsent(project.dir, stage.main, outDir, entry, app, routerEventFormats(stage));
  return { ...app, project, stage, outfile };
}

/**
 * Rebuilds a Lambda bundle without the subsystems its app does not register and without the
 * registration checks (./subsystems.ts), and keeps that build only if it registers the same routes,
 * middleware, triggers and authorizers; otherwise the full build is restored. So what ships is
 * still the code the CLI read the app through, and the manifest is the full build's.
 */
async function leaveOutAbsent(projectDir: string, main: string, outDir: string, entry: EntryOptions, full: LoadedApp, formats: EventFormats): Promise<LoadedApp> {
  const absent = absentSubsystems(full.manifest, full.registry, formats);
  const { outfile } = await bundleApp(projectDir, main, outDir, true, entry, absent);
  const slim = await importBundle(outfile, main, projectDir).catch(() => undefined);
  if (slim && sameRegistrations(slim.registry, full.registry)) return { ...slim, manifest: full.manifest };
  await bundleApp(projectDir, main, outDir, true, entry);
  return loadBundle(outfile, main, projectDir);
}

/** The app in the code must be the app the config describes (the stack is named after it). */
export function checkAppName(manifest: Manifest, stage: StageConfig): void {
  if (manifest.app !== stage.app) {
    throw new ProjectError(`${stage.main} names its app "${manifest.app}" but .calix/config.json says "app": "${stage.app}"; make them the same (the stack is named <app>-<stage>)`);
  }
}

/**
 * {@link loadApp} for callers that cannot await (a CDK construct's constructor): the same loader
 * runs in a child process (load-app-main.ts) with the router's environment, and reports the
 * manifest, or the error message the CLI would print. The bundle is the Lambda one.
 */
export function loadAppSync(projectDir: string, stageName: string): { manifest: Manifest; stage: StageConfig; outfile: string } {
  const project = loadProject(projectDir);
  const stage = resolveStage(project, stageName);
  // From the TypeScript sources (tests), the child runs the compiled copy scripts/build.mjs writes to dist/.
  const here = fileURLToPath(import.meta.url);
  const main = here.endsWith('.ts') ? resolve(here, '../../dist/project/load-app-main.js') : resolve(here, '../load-app-main.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, ['--enable-source-maps', main, project.dir, stageName], {
      encoding: 'utf8',
      env: { ...process.env, ...functionModel(stage, ROUTER_FUNCTION).environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim();
    throw new ProjectError(stderr || `${stage.main} in ${project.dir} failed while loading: ${(e as Error).message}`);
  }
  const { manifest, outfile } = JSON.parse(out) as { manifest: Manifest; outfile: string };
  return { manifest, stage, outfile };
}
