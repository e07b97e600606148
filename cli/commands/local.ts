import { apiType } from '../../project/rules.js';
import { CliError } from '../errors.js';
import { startLocalServer } from '../local/server.js';
import type { ScheduleRunner } from '../local/schedules.js';
import { out, routeTable, table } from '../ui.js';

export interface LocalOptions {
  projectDir?: string;
  stage: string;
  port: string;
  host: string;
  watch: boolean;
  quiet?: boolean;
  /** Also fire the app's schedules on their rate or cron. */
  schedules?: boolean;
  /** Check results against the routes' `response` schemas. */
  validateResponses?: boolean;
  /** Hidden, for tests: schedule time runs this many times faster (60: `rate(1 minute)` fires every second). */
  scheduleSpeed?: string;
}

/** The `--schedules` part of the banner: each schedule and its next firing. */
function scheduleLines(schedules: ScheduleRunner | undefined, speed: number | undefined): string {
  if (!schedules) return '';
  const list = schedules.list();
  if (!list.length) return `\n${out.dim('--schedules: the app has no schedules')}\n`;
  const rows = list.map((s) => [s.name, s.expression, s.nextAt ? s.nextAt.toISOString().replace(/\.\d+Z$/, 'Z') : 'never']);
  const faster = speed && speed !== 1 ? ` (schedule time runs ${speed}× faster)` : '';
  return `\nFiring schedules${faster}:\n${table(rows, ['SCHEDULE', 'EXPRESSION', 'NEXT (UTC)'])}\n`;
}

export async function localCommand(o: LocalOptions): Promise<void> {
  const port = Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${o.port}"`, 2);
  let speed: number | undefined;
  if (o.scheduleSpeed !== undefined) {
    speed = Number(o.scheduleSpeed);
    if (!o.schedules) throw new CliError('--schedule-speed only applies with --schedules', 2);
    if (!(speed > 0) || !Number.isFinite(speed)) throw new CliError(`--schedule-speed must be a positive number, got "${o.scheduleSpeed}"`, 2);
  }
  const server = await startLocalServer({
    projectDir: o.projectDir, stage: o.stage, port, host: o.host, watch: o.watch, quiet: o.quiet, validateResponses: o.validateResponses, ...(o.schedules ? { schedules: { speed } } : {}),
  });
  const manifest = server.manifest();
  process.stdout.write(
    `${out.bold(`Serving ${manifest.app} (stage ${server.stage.stage}, ${apiType(server.stage) === 'http' ? 'HTTP API' : 'REST API'})`)} at ${out.cyan(server.url)}${o.watch ? ' — reloading on change' : ''}\n\n${routeTable(manifest)}\n${scheduleLines(server.schedules, speed)}\nPress Ctrl-C to stop.\n`,
  );
  const stop = async (signal: string) => {
    process.stdout.write(`\n${signal}: stopping\n`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
