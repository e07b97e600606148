import { defineConfig } from 'vitest/config';
import { calixDecorators } from './cli/vitest.js';

export default defineConfig({
  // Lowers standard decorators (test/decorators, examples/todo), which Vitest's Oxc leaves in place.
  plugins: [calixDecorators()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.typetest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
