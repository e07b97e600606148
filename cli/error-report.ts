// How the CLI reports an error: one `calix: error:` line (plus the lines of a multi-line
// message), never a stack trace unless asked for with --debug or CALIX_DEBUG=1.
import { ProjectError } from '../project/errors.js';
import { fsReason, showPath } from './fs/safe-output.js';

const DEBUG_HINT = 're-run with --debug (or CALIX_DEBUG=1) for the stack trace';

/** The message and exit code for any thrown value. */
export function describeError(e: unknown): { message: string; exitCode: number } {
  if (e instanceof ProjectError) return { message: e.message, exitCode: e.exitCode };
  const ne = e as NodeJS.ErrnoException | undefined;
  // A file-system failure nobody translated: name the path and the reason.
  if (ne && typeof ne === 'object' && typeof ne.code === 'string' && typeof ne.path === 'string') {
    const doing = ne.syscall ? `${ne.syscall} ` : '';
    return { message: `cannot ${doing}${showPath(ne.path)}: ${fsReason(ne)}; check the path and its permissions (${DEBUG_HINT})`, exitCode: 1 };
  }
  const text = e instanceof Error ? `${e.message}` : String(e);
  const first = text.split('\n')[0] || (e instanceof Error ? e.name : 'unknown error');
  return { message: `unexpected: ${first} (this is a bug in Calix or its toolkit; ${DEBUG_HINT})`, exitCode: 1 };
}

/** The stack of an error and of each of its causes. */
export function debugTrace(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 10; c = (c as { cause?: unknown }).cause, depth++) {
    parts.push(`${depth ? 'Caused by: ' : ''}${c instanceof Error ? (c.stack ?? c.message) : String(c)}`);
  }
  return parts.join('\n');
}
