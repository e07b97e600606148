import { readFileSync } from 'node:fs';

/** shop.ts as a user's project holds it: importing the `calix` package. */
export const shopSource = readFileSync(new URL('./shop.ts', import.meta.url), 'utf8').replace("from '../../src/index.js'", "from 'calix'");
