import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The calix package root (works from cli/ sources under vitest and from dist/cli/). */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'calix') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('calix: cannot find the calix package root');
    dir = up;
  }
})();

export const calixVersion: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
export const blueprintsDir = join(packageRoot, 'blueprints');
