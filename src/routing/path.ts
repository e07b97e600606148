export type Segment =
  | { kind: 'literal'; value: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

export interface ParsedPath {
  template: string;
  segments: Segment[];
  params: string[];
  isStatic: boolean;
}

/**
 * Splits a route path in API Gateway syntax into its segments. It trusts the path: registration
 * checks it first (src/registry/checks.ts checkPath), where the app is loaded from its full build.
 */
export function splitPath(path: string): ParsedPath {
  const segments: Segment[] = [];
  const params: string[] = [];
  if (path !== '/') {
    for (const part of path.slice(1).split('/')) {
      if (part[0] !== '{') segments.push({ kind: 'literal', value: part });
      else if (part.endsWith('+}')) segments.push({ kind: 'greedy', name: part.slice(1, -2) });
      else segments.push({ kind: 'param', name: part.slice(1, -1) });
      if (part[0] === '{') params.push((segments[segments.length - 1] as { name: string }).name);
    }
  }
  return { template: path, segments, params, isStatic: params.length === 0 };
}

/** Joins a blueprint prefix and a route path: `/api` + `/` -> `/api`, `/api` + `/x` -> `/api/x`. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === '/' ? p : p + path;
}

/**
 * Orders dynamic templates the way API Gateway picks among them: at the first segment where
 * they differ, a literal beats a `{param}`, which beats a greedy `{param+}`.
 */
export function compareSpecificity(a: ParsedPath, b: ParsedPath): number {
  const rank = (s: Segment | undefined) => (s === undefined ? -1 : s.kind === 'literal' ? 0 : s.kind === 'param' ? 1 : 2);
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = rank(a.segments[i]) - rank(b.segments[i]);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Path parameters the way API Gateway REST puts them in `event.pathParameters`: the raw,
 * still percent-encoded segments of `path` (a greedy parameter keeps its slashes).
 */
export function rawParams(template: string, path: string): Record<string, string> {
  const parsed = splitPath(template);
  const parts = path.slice(1).split('/');
  const out: Record<string, string> = {};
  parsed.segments.forEach((s, i) => {
    if (s.kind === 'param') out[s.name] = parts[i] ?? '';
    else if (s.kind === 'greedy') out[s.name] = parts.slice(i).join('/');
  });
  return out;
}
