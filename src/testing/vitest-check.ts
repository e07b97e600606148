// Vitest 4 compiles TypeScript with Oxc, which leaves standard decorators in place; Node then
// fails on the first `@` with a SyntaxError that names no file. `calixDecorators()` (calix/vitest)
// lowers them and marks the run; without the mark, importing calix/testing looks for a decorated
// source file and, if there is one, fails first with an error naming it and the fix.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Set by `calixDecorators()` when Vitest loads its config (the test workers inherit it). */
export const PLUGIN_MARK = 'CALIX_VITEST_DECORATORS';

/** `@name` first on a line, or after `{ ` or `; ` (as the CLI's decorator lowering detects them). */
const DECORATOR = /^[ \t]*@[A-Za-z_$]|[{;][ \t]+@[A-Za-z_$]/m;
const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/** The first TypeScript file under `dir` (not node_modules or dot folders) that uses a decorator. */
export function findDecoratedSource(dir: string, budget = { files: 2000 }): string | undefined {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (budget.files-- <= 0) return undefined;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
      const found = findDecoratedSource(p, budget);
      if (found) return found;
    } else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts') && DECORATOR.test(readFileSync(p, 'utf8'))) return p;
  }
  return undefined;
}

/** Throws when this is a Vitest run without the calix/vitest plugin and the project uses decorators. */
export function checkVitestDecorators(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): void {
  if (!env.VITEST || env[PLUGIN_MARK]) return;
  const file = findDecoratedSource(cwd);
  if (!file) return;
  throw new Error(
    `calix/testing: ${relative(cwd, file)} uses decorators, which Vitest leaves to Node (it would fail with a SyntaxError naming no file). ` +
      `Add the calix/vitest plugin to vitest.config.ts: import { calixDecorators } from 'calix/vitest'; export default defineConfig({ plugins: [calixDecorators()] })`,
  );
}
