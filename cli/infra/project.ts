// The `{ projectDir }` form of CalixApp: a construct cannot await, so the project is bundled
// with esbuild's synchronous API and its manifest read by a short child process.
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Manifest } from '../../src/manifest.js';
import { bundleOptions } from '../bundle/bundle.js';
import { CliError } from '../errors.js';
import { loadProject, resolveStage } from '../project/config.js';
import type { StageConfig } from '../project/types.js';

export interface LoadedProject {
  manifest: Manifest;
  bundleDir: string;
  stage: StageConfig;
}

/** Bundles a Calix project for Lambda (as `calix package` does) and reads its manifest. */
export function loadProjectSync(projectDir: string, stageName = 'dev'): LoadedProject {
  const project = loadProject(projectDir);
  const stage = resolveStage(project, stageName);
  const outfile = join(project.dir, '.calix', 'build', stageName, 'index.mjs');
  try {
    buildSync({ ...bundleOptions(project.dir, stage.main, outfile, true), metafile: false });
  } catch (e) {
    throw new CliError(`cannot build ${stage.main} in ${project.dir}: ${(e as Error).message}`);
  }
  const script = `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)}); const app = m.app ?? m.default; process.stdout.write(JSON.stringify(app.manifest()));`;
  let json: string;
  try {
    json = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, ...stage.environmentVariables },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(0, 6).join('\n');
    throw new CliError(`${stage.main} in ${project.dir} failed while loading:\n${stderr}`);
  }
  return { manifest: JSON.parse(json) as Manifest, bundleDir: dirname(outfile), stage };
}
