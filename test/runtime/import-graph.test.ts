// The runtime's dependency rule (DESIGN.md, "Parts and boundaries"): at run time src/ loads its own
// files, Node built-ins and path-to-regexp, nothing else. Schema support depends on the Standard
// Schema *interface* only (`import type`, erased), never on zod, valibot or arktype. The AWS SDK,
// which Lambda's Node runtime provides and the app bundle leaves external (project/app-loader.ts),
// is loaded only by `await import()` when a feature calls AWS (a task's `send`).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

test.each(['src/index.ts', 'src/testing/index.ts'])('%s loads no package but path-to-regexp', async (entry) => {
  const out = await build({ entryPoints: [root + entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: root, external: ['@aws-sdk/*'] });
  const inputs = Object.keys(out.metafile.inputs);
  const sdk = Object.values(out.metafile.outputs).flatMap((o) => o.imports).filter((i) => i.path.startsWith('@aws-sdk/'));
  expect(sdk.map((i) => `${i.kind} ${i.path}`).sort()).toEqual(entry === 'src/index.ts' ? ['dynamic-import @aws-sdk/client-lambda', 'dynamic-import @aws-sdk/client-sqs'] : []);
  const outside = inputs.filter((f) => !f.startsWith('src/'));
  expect(outside.every((f) => f.startsWith('node_modules/path-to-regexp/')), outside.join('\n')).toBe(true);
  // The schema modules are in the bundle, the spec package is not.
  expect(inputs).toContain('src/schema/validate.ts');
  expect(inputs.some((f) => f.includes('standard-schema'))).toBe(false);
});
