import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manifest } from '../../src/manifest.js';
import { CliError } from '../errors.js';
import { decoratorsPlugin } from './decorators.js';
import { APP_LOAD_ERROR, entryStdin } from './entry.js';

/**
 * esbuild settings shared by `package`/`deploy` (minified) and `local`/`routes` (readable). The
 * bundle's entry is the module Calix generates (./entry.ts): it exports `app` and `handler`.
 */
export function bundleOptions(projectDir: string, main: string, outfile: string, forLambda: boolean): esbuild.BuildOptions {
  const entry = resolve(projectDir, main);
  if (!existsSync(entry)) throw new CliError(`the app entry ${relative(process.cwd(), entry) || entry} does not exist; set "main" in .calix/config.json`);
  return {
    stdin: entryStdin(projectDir, entry, main),
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: forLambda ? 'node20' : `node${process.versions.node.split('.')[0]}`,
    minify: forLambda,
    // Route and trigger names default to the handler function's name; minifying must not change them.
    keepNames: true,
    sourcemap: forLambda ? true : 'inline',
    // The Lambda Node runtimes ship AWS SDK v3; bundling it would only grow the cold start.
    external: ['@aws-sdk/*'],
    // Lets bundled CommonJS dependencies call require() inside an ES module.
    banner: { js: "import{createRequire as __calixCreateRequire}from'node:module';const require=__calixCreateRequire(import.meta.url);" },
    absWorkingDir: projectDir,
    logLevel: 'silent',
    metafile: true,
    legalComments: 'none',
  };
}

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
 * Bundles the app entry into one ES module. Build errors become a CliError with file:line.
 * Decorators are lowered file by file first (`decoratorsPlugin`), so that `keepNames` names a
 * decorated class before its static initializers run and registration errors name the class.
 */
export async function bundleApp(projectDir: string, main: string, outDir: string, forLambda: boolean): Promise<BundleResult> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  try {
    await esbuild.build({ ...bundleOptions(projectDir, main, outfile, forLambda), plugins: [decoratorsPlugin()] });
    return { outfile, bytes: statSync(outfile).size };
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors;
    if (errors?.length) throw new CliError(`cannot build ${main}:\n${formatBuildErrors(errors)}`);
    throw e;
  }
}

/** What the CLI needs from a loaded app module. */
export interface LoadedApp {
  manifest: Manifest;
  handler: (event: unknown, context?: unknown) => Promise<unknown>;
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
  process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    // A fresh URL per load: the dev server reloads the same file after each rebuild.
    mod = await import(`${pathToFileURL(outfile).href}?v=${++loads}`);
  } catch (e) {
    const err = e as Error;
    if (err?.name === APP_LOAD_ERROR) throw new CliError(err.message);
    throw new CliError(`${main} failed while loading: ${err.name}: ${err.message}${userFrame(err, projectDir)}`);
  }
  // The generated entry (./entry.ts) picked the app and the handler, as it does in Lambda.
  const app = mod.app as { manifest: () => Manifest };
  return { manifest: app.manifest(), handler: mod.handler as LoadedApp['handler'] };
}
