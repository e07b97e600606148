import { CliError } from '../errors.js';

/** How long deploy, bootstrap, delete and invoke --remote wait for AWS unless told otherwise. */
export const DEFAULT_TIMEOUT = '30m';

/** `90s`, `30m`, `1h` -> milliseconds (a usage mistake otherwise). */
export function parseTimeout(value: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(value.trim());
  if (!m || Number(m[1]) === 0) throw new CliError(`--timeout must look like 90s, 30m or 1h; got "${value}"`, 2);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3 }[m[2] as 's' | 'm' | 'h'];
}

/**
 * Races `work` against an overall deadline. The toolkit's waits (change sets, stack status)
 * have none of their own, so without this a stuck call hangs the CLI forever. On timeout the
 * error says what was happening (`doing()` is read at that moment) and what to check; the
 * abandoned work cannot be cancelled, so the process exits once the error is reported.
 */
export async function withTimeout<T>(work: Promise<T>, opts: { timeout: string; doing: () => string; check: string }): Promise<T> {
  const ms = parseTimeout(opts.timeout);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // The abandoned call keeps the event loop alive: exit as soon as the CLI has reported the
      // error (main() sets process.exitCode after writing it; the command may still clean up first).
      setInterval(() => {
        if (process.exitCode !== undefined) process.exit();
      }, 20).unref();
      reject(new CliError(`timed out after ${opts.timeout.trim()} while ${opts.doing()}; ${opts.check}`));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
