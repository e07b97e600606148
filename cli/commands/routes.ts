import { loadApp } from '../../project/app-loader.js';
import { routeTable } from '../ui.js';

export async function routesCommand(opts: { projectDir?: string; stage: string; json?: boolean }): Promise<void> {
  const { manifest } = await loadApp(opts.projectDir, opts.stage);
  if (opts.json) process.stdout.write(JSON.stringify(manifest.routes, null, 2) + '\n');
  else process.stdout.write(routeTable(manifest) + '\n');
}
