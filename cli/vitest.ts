// `calix/vitest`: runs apps written with Calix's decorators under Vitest.
//
//   // vitest.config.ts
//   import { defineConfig } from 'vitest/config';
//   import { calixDecorators } from 'calix/vitest';
//   export default defineConfig({ plugins: [calixDecorators()] });
import { lowerDecorators } from '../project/decorators.js';
import { PLUGIN_MARK } from '../src/testing/vitest-check.js';

/** A Vite plugin (structurally; Calix does not depend on Vite). */
export interface CalixDecoratorsPlugin {
  name: string;
  enforce: 'pre';
  transform(code: string, id: string): Promise<{ code: string; map: string } | null>;
}

/**
 * Vitest 4 compiles TypeScript with Oxc, which leaves standard decorators in place, and Node
 * cannot run them: this plugin lowers them (with esbuild, as `calix local` and `package` do) in
 * your own files before Vitest compiles the rest. Files without decorators are left alone.
 */
export function calixDecorators(): CalixDecoratorsPlugin {
  // Tells calix/testing, in the test workers, that decorators are lowered (src/testing/vitest-check.ts).
  process.env[PLUGIN_MARK] = '1';
  const target = `node${process.versions.node.split('.')[0]}`;
  return {
    name: 'calix-decorators',
    enforce: 'pre',
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (file.startsWith('\0') || file.includes('/node_modules/')) return null;
      // A file that does not compile is left to Vitest, which reports the error as usual.
      const lowered = await lowerDecorators(code, file, target, 'external').catch(() => null);
      return lowered && { code: lowered.code, map: lowered.map };
    },
  };
}
