import { RegistrationError } from '../http/errors.js';

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

// API Gateway resource path parts: a literal, a whole-segment `{name}`, or a trailing `{name+}`.
const LITERAL = /^[A-Za-z0-9._~:@!$&'()*,;=-]+$/;
const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

/**
 * Validates a route path in API Gateway syntax and splits it into segments. Errors name the
 * route (`what`) and say what API Gateway would accept instead.
 */
export function parsePath(path: string, what: string): ParsedPath {
  const fail = (why: string): never => {
    throw new RegistrationError(`${what}: invalid path "${path}": ${why}`);
  };
  if (typeof path !== 'string' || !path.startsWith('/')) fail('a route path must start with "/"');
  if (path === '/') return { template: '/', segments: [], params: [], isStatic: true };
  if (path.endsWith('/')) fail('remove the trailing "/" (API Gateway resource paths have none)');
  const parts = path.slice(1).split('/');
  const segments: Segment[] = [];
  const params: string[] = [];
  parts.forEach((part, i) => {
    if (part === '') fail('empty path segment ("//")');
    const v = VARIABLE.exec(part);
    if (v) {
      const name = v[1]!;
      if (params.includes(name)) fail(`parameter "{${name}}" appears twice; each name must be unique in a path`);
      params.push(name);
      if (v[2]) {
        if (i !== parts.length - 1) fail(`greedy parameter "{${name}+}" must be the last segment`);
        segments.push({ kind: 'greedy', name });
      } else segments.push({ kind: 'param', name });
    } else if (part.includes('{') || part.includes('}')) {
      fail(`segment "${part}" must be a whole "{name}" or "{name+}" (names: letters, digits, _; no partial segments)`);
    } else if (!LITERAL.test(part)) {
      fail(`segment "${part}" has characters API Gateway does not allow in a resource path`);
    } else segments.push({ kind: 'literal', value: part });
  });
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
export function rawParams(parsed: ParsedPath, path: string): Record<string, string> {
  const parts = path.slice(1).split('/');
  const out: Record<string, string> = {};
  parsed.segments.forEach((s, i) => {
    if (s.kind === 'param') out[s.name] = parts[i] ?? '';
    else if (s.kind === 'greedy') out[s.name] = parts.slice(i).join('/');
  });
  return out;
}
