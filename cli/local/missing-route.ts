// Why `calix local` (like a deployed REST API) answered 403 Missing Authentication Token: API
// Gateway says that for an unknown path *and* for a method the path lacks, which puzzles everyone
// once. The log line names which, and the routes closest to what was asked.
import type { Manifest } from '../../src/manifest.js';

const segments = (p: string) => p.split('/').filter(Boolean);

/** How alike a request path and a route template are: matching leading segments, then length. */
function likeness(path: string[], template: string[]): number {
  let same = 0;
  for (let i = 0; i < Math.min(path.length, template.length); i++) {
    const t = template[i]!;
    if (t === path[i] || t.startsWith('{')) same++;
    else break;
  }
  return same * 10 - Math.abs(path.length - template.length);
}

/** `no route for GET /x; closest routes: GET,POST /items, GET /items/{id}` (at most three). */
export function explainMissingRoute(manifest: Manifest, method: string, path: string, pathHasRoute: boolean): string {
  const head = pathHasRoute
    ? `no route for ${method} ${path}: the path exists, but not with ${method}`
    : `no route for ${method} ${path}`;
  const wanted = segments(path);
  const closest = manifest.routes
    .map((r) => ({ r, score: likeness(wanted, segments(r.path)) + (r.methods.includes(method) ? 1 : 0) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ r }) => `${r.methods.join(',')} ${r.path}`);
  return closest.length ? `${head}; closest routes: ${closest.join(', ')}` : `${head}; the app has no routes`;
}
