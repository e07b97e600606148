// Standard (TC39) decorators, lowered one file at a time before anything else sees the file.
//
// Bundling (`calix local`, `package`): esbuild lowers decorators itself, but with `keepNames` it
// names a decorated class only after the class's static initializers have run, so while a
// decorated static method registers, its class is still called `_Orders` (or `u`, minified) and
// registration errors would name that. A file lowered on its own first, without `keepNames`, is
// plain JavaScript whose classes the bundle then names correctly.
//
// Testing: Vitest 4 (Vite 8) compiles TypeScript with Oxc, which does not lower standard
// decorators, and Node cannot run them; `calixDecorators()` (`calix/vitest`) lowers them first.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

const LOADERS: Record<string, esbuild.Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/**
 * Whether `code` may hold a decorator: `@name` first on a line, or after `{ ` or `; ` (not JSDoc's
 * ` * @param` or `{@link}`).
 */
export const mayHaveDecorators = (code: string): boolean => /^[ \t]*@[A-Za-z_$]|[{;][ \t]+@[A-Za-z_$]/m.test(code);

const tsconfigs = new Map<string, string | undefined>();
/** The nearest tsconfig.json's text (as esbuild would pick it for the file), if any. */
function tsconfigFor(file: string): string | undefined {
  const dir = dirname(file);
  if (!tsconfigs.has(dir)) {
    const own = join(dir, 'tsconfig.json');
    tsconfigs.set(dir, existsSync(own) ? readFileSync(own, 'utf8') : dirname(dir) === dir ? undefined : tsconfigFor(dir));
  }
  return tsconfigs.get(dir);
}

/**
 * `code` of `file` (TypeScript or JavaScript) with its decorators lowered, or null when the file
 * has none (or is not a script). Everything else is kept for the next step, at `target`.
 */
export async function lowerDecorators(code: string, file: string, target: string | string[], sourcemap: 'inline' | 'external'): Promise<esbuild.TransformResult | null> {
  const loader = LOADERS[extname(file)];
  if (!loader || !mayHaveDecorators(code)) return null;
  return esbuild.transform(code, {
    loader,
    target,
    sourcemap,
    sourcefile: sourcemap === 'inline' ? basename(file) : file,
    tsconfigRaw: tsconfigFor(file) ?? {},
    logLevel: 'silent',
  });
}

/** The esbuild plugin `bundleOptions` adds: lowers the decorators of the app's own files first. */
export function decoratorsPlugin(): esbuild.Plugin {
  return {
    name: 'calix-decorators',
    setup(build) {
      const target = build.initialOptions.target ?? 'esnext';
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.namespace !== 'file' || args.path.includes('/node_modules/')) return undefined;
        // A file that does not compile is left to esbuild, which reports the error as usual.
        const lowered = await lowerDecorators(readFileSync(args.path, 'utf8'), args.path, target, 'inline').catch(() => null);
        return lowered ? { contents: lowered.code, loader: 'js', resolveDir: dirname(args.path), watchFiles: [args.path] } : undefined;
      });
    },
  };
}
