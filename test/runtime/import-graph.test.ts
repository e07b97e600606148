// The runtime's dependency rule (DESIGN.md, "Parts and boundaries"): at run time src/ loads its own
// files, Node built-ins and path-to-regexp, nothing else. Schema support depends on the Standard
// Schema *interface* only (`import type`, erased), never on zod, valibot or arktype.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test.each(['src/index.ts', 'src/testing/index.ts'])('%s loads no package but path-to-regexp', async (entry) => {
  const out = await build({ entryPoints: [root + entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: root });
  const inputs = Object.keys(out.metafile.inputs);
  const outside = inputs.filter((f) => !f.startsWith('src/'));
  expect(outside.every((f) => f.startsWith('node_modules/path-to-regexp/')), outside.join('\n')).toBe(true);
  // The schema modules are in the bundle, the spec package is not.
  expect(inputs).toContain('src/schema/validate.ts');
  expect(inputs.some((f) => f.includes('standard-schema'))).toBe(false);
});
