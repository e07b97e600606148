import { defineConfig } from 'vitest/config';
import { calixDecorators } from 'calix/vitest';

// calixDecorators() lowers Calix's standard decorators (`@app.route(…)` on class methods), which
// Vitest would otherwise leave to Node. Harmless when the app uses none.
export default defineConfig({ plugins: [calixDecorators()] });
