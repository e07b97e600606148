import { join } from 'node:path';
import { bundleApp, loadBundle } from '../bundle/bundle.js';
import { loadProject, resolveStage } from '../project/config.js';
import { routeTable } from '../ui.js';
import type { Manifest } from '../../src/manifest.js';
import type { StageConfig } from '../project/types.js';
import type { Project } from '../project/config.js';
import { CliError } from '../errors.js';

export interface AppContext {
  project: Project;
  stage: StageConfig;
  manifest: Manifest;
  outfile: string;
}

/** Finds the project, resolves the stage, bundles the app and reads its manifest. */
export async function loadAppContext(projectDir: string | undefined, stageName: string, forLambda = false): Promise<AppContext> {
  const project = loadProject(projectDir);
  const stage = resolveStage(project, stageName);
  const { outfile } = await bundleApp(project.dir, stage.main, join(project.dir, '.calix', 'build', stageName), forLambda);
  const { manifest } = await loadBundle(outfile, stage.main, project.dir);
  if (manifest.app !== stage.app) {
    throw new CliError(`${stage.main} names its app "${manifest.app}" but .calix/config.json says "app": "${stage.app}"; make them the same (the stack is named <app>-<stage>)`);
  }
  return { project, stage, manifest, outfile };
}

export async function routesCommand(opts: { projectDir?: string; stage: string; json?: boolean }): Promise<void> {
  const { manifest } = await loadAppContext(opts.projectDir, opts.stage);
  if (opts.json) process.stdout.write(JSON.stringify(manifest.routes, null, 2) + '\n');
  else process.stdout.write(routeTable(manifest) + '\n');
}
