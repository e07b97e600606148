// The one esbuild configuration every peer is bundled with (run.mjs) and the bundle-size budget
// check uses (../size.mjs): minified ESM for node20, AWS SDK external, as a Lambda deploy would.
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const loadEsbuild = () => import(pathToFileURL(join(here, 'node_modules/esbuild/lib/main.js')).href);

/** esbuild options for one peer. `linkDir` holds symlinked packages, `alias` maps names to files. */
export const bundleOptions = (entry, outfile, { linkDir, alias = {} } = {}) => ({
  entryPoints: [entry], bundle: true, minify: true, platform: 'node', target: 'node20', format: 'esm',
  outfile, external: ['@aws-sdk/*'], logLevel: 'error', nodePaths: [join(here, 'node_modules'), ...(linkDir ? [linkDir] : [])], alias,
  banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
});
