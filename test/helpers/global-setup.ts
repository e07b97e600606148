import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * CLI tests run dist/cli/main.js and generated projects import dist/ with its .d.ts files:
 * rebuild both from the sources before any test runs. Type errors are the type-check step's
 * business, so a failed declaration build still leaves fresh JavaScript behind.
 */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  try {
    execFileSync(process.execPath, [script], { stdio: 'pipe' });
  } catch {
    execFileSync(process.execPath, [script, '--no-types'], { stdio: 'pipe' });
  }
}
