// Calix's lazily loaded runtime modules as files of their own beside a Lambda bundle. The runtime
// loads some of its modules with `import()` only when an event needs them (src/routing/match.ts
// with path-to-regexp, for a request API Gateway did not match; the words of a stray event's
// error). A Lambda bundle leaves each such import pointing at `chunks/<name>-<hash>.mjs`, a bundle
// of that module alone, so a cold start reads and compiles one file, index.mjs.
//
// Why not esbuild's code splitting: the generated entry (./entry.ts) reads the app module's
// namespace, which needs an esbuild runtime helper, and with splitting esbuild then puts its
// runtime in a chunk that every output imports, index.mjs included: one more module for every
// cold start (measured: +0.45 ms of cold import for a routes-only app, as much as the lazy
// path-to-regexp saves). A lazy module bundled on its own has its own copy of what it imports,
// so such modules hold no state and define no class the rest of the runtime checks.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Where a Lambda bundle's lazily loaded files go, inside the bundle folder. */
export const CHUNK_DIR = 'chunks';

/** A chunk's file name: the module's name and 8 characters of its content hash. */
export const CHUNK_FILE = /^[\w.-]+-[0-9A-Z]{8}\.mjs(\.map)?$/;

/** This Calix package's folder (the one with package.json), from project/ or dist/project/. */
const CALIX_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
const RUNTIME_DIRS = [join(CALIX_ROOT, 'src') + sep, join(CALIX_ROOT, 'dist', 'src') + sep];
const inRuntime = (file: string) => RUNTIME_DIRS.some((d) => file.startsWith(d));

/** One lazily loaded file a build wrote. */
export interface LazyChunk {
  /** Path of the .mjs file. */
  file: string;
  bytes: number;
  /** esbuild's metafile inputs of that file. */
  inputs: esbuild.Metafile['outputs'][string]['inputs'];
}

/**
 * esbuild plugin for a Lambda bundle written to `outDir`: each `import()` in Calix's runtime of one
 * of its own modules becomes an import of `chunks/<name>-<hash>.mjs`, which it writes, built with
 * the same settings (and this plugin: a chunk's own lazy imports are chunks too). The files it
 * wrote are pushed to `written`.
 */
export function lazyChunksPlugin(outDir: string, written: LazyChunk[] = [], fromDir = outDir): esbuild.Plugin {
  return {
    name: 'calix-lazy-chunks',
    setup(build) {
      const chunks = new Map<string, Promise<string>>();
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === LAZY || !inRuntime(args.importer)) return undefined;
        const target = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: LAZY });
        if (target.errors.length || target.external || target.namespace !== 'file' || !inRuntime(target.path)) return undefined;
        let file = chunks.get(target.path);
        if (!file) chunks.set(target.path, (file = writeChunk(build.initialOptions, target.path, outDir, written)));
        const rel = relative(fromDir, await file).split(sep).join('/');
        return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
      });
    },
  };
}

const LAZY = Symbol('calix lazy chunk');

async function writeChunk(options: esbuild.BuildOptions, module: string, outDir: string, written: LazyChunk[]): Promise<string> {
  const dir = join(outDir, CHUNK_DIR);
  const name = basename(module).replace(/\.[cm]?[jt]s$/, '');
  // Built under its own name first: the source map's paths are relative to this folder either way.
  const draft = join(dir, `${name}.mjs`);
  // No banner: the runtime imports no CommonJS (test/architecture), so a chunk needs no `require`.
  const { entryPoints: _e, stdin: _s, outfile: _o, outdir: _d, splitting: _p, metafile: _m, write: _w, banner: _b, plugins, ...same } = options;
  const result = await esbuild.build({
    ...same,
    entryPoints: [module],
    outfile: draft,
    sourcemap: options.sourcemap ? 'external' : false,
    metafile: true,
    write: false,
    plugins: (plugins ?? []).map((p) => (p.name === 'calix-lazy-chunks' ? lazyChunksPlugin(outDir, written, dir) : p)),
  });
  const js = result.outputFiles.find((f) => f.path === draft)!;
  const map = result.outputFiles.find((f) => f.path === `${draft}.map`);
  const hash = createHash('sha256').update(js.contents).update(map?.contents ?? new Uint8Array()).digest('hex').slice(0, 8).toUpperCase();
  const file = join(dir, `${name}-${hash}.mjs`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, map ? `${js.text}//# sourceMappingURL=${basename(file)}.map\n` : js.text);
  if (map) writeFileSync(`${file}.map`, map.contents);
  written.push({ file, bytes: js.contents.length, inputs: result.metafile.outputs[relative(options.absWorkingDir ?? process.cwd(), draft).split(sep).join('/')]?.inputs ?? {} });
  return file;
}
