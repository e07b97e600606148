// How a deploy-tier test asserts a CLI failure the user reads.
import { expect } from 'vitest';
import type { CliResult } from './moto.js';

export const errorLines = (r: CliResult): string[] => r.stderr.split('\n').filter((l) => l.startsWith('calix: error:'));

/** Exit 1 with exactly one `calix: error:` line matching `re`, no stack trace, no "unexpected error". */
export function expectOneError(r: CliResult, re: RegExp): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(errorLines(r)).toHaveLength(1);
  expect(errorLines(r)[0]).toMatch(re);
  expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
}
