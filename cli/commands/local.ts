import { CliError } from '../errors.js';
import { startLocalServer } from '../local/server.js';
import { out, routeTable } from '../ui.js';

export interface LocalOptions {
  projectDir?: string;
  stage: string;
  port: string;
  host: string;
  watch: boolean;
  quiet?: boolean;
}

export async function localCommand(o: LocalOptions): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${o.port}"`, 2);
  const server = await startLocalServer({ projectDir: o.projectDir, stage: o.stage, port, host: o.host, watch: o.watch, quiet: o.quiet });
  const manifest = server.manifest();
  process.stdout.write(
    `${out.bold(`Serving ${manifest.app} (stage ${server.stage.stage})`)} at ${out.cyan(server.url)}${o.watch ? ' — reloading on change' : ''}\n\n${routeTable(manifest)}\n\nPress Ctrl-C to stop.\n`,
  );
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping\n`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
