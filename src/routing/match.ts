// Matchers for dynamic path templates, built with path-to-regexp. Kept out of ./table.ts so a
// Lambda bundle loads it (from its own chunk) only when a request needs matching: API Gateway
// events arrive already matched (`resource`, `routeKey`), and path-to-regexp's Unicode regular
// expressions cost V8 time to validate at parse even when never run.
import { match } from 'path-to-regexp';
import type { Token } from 'path-to-regexp';
import { compareSpecificity, splitPath, type ParsedPath } from './path.js';

type Params = Record<string, string>;

/** A matcher for one template: the raw (undecoded) parameters of a path it matches. */
function compile(parsed: ParsedPath): (path: string) => Params | undefined {
  const tokens: Token[] = [];
  for (const s of parsed.segments) {
    tokens.push({ type: 'text', value: '/' });
    if (s.kind === 'literal') tokens.push({ type: 'text', value: s.value });
    else if (s.kind === 'param') tokens.push({ type: 'param', name: s.name });
    else tokens.push({ type: 'wildcard', name: s.name });
  }
  const fn = match({ tokens, originalPath: parsed.template }, { decode: false, sensitive: true });
  return (path) => {
    const m = fn(path);
    if (!m) return undefined;
    const out: Params = Object.create(null);
    for (const k in m.params) {
      const v = m.params[k]!;
      out[k] = Array.isArray(v) ? v.join('/') : v;
    }
    return out;
  };
}

/** Orders dynamic templates in place, most specific first (as API Gateway picks among them). */
export function sortBySpecificity(entries: { readonly template: string }[]): void {
  const parsed = new Map(entries.map((e) => [e, splitPath(e.template)]));
  entries.sort((a, b) => compareSpecificity(parsed.get(a)!, parsed.get(b)!));
}

/**
 * Decodes matched parameters in place and returns the name of the first one that is not valid
 * percent-encoding (it stays as sent), or undefined. Greedy parameters decode as a whole: a `/`
 * is never part of an escape, so that equals decoding each segment.
 */
function decodeParams(params: Params): string | undefined {
  let bad: string | undefined;
  for (const k in params) {
    const v = params[k]!;
    if (!v.includes('%')) continue;
    try {
      params[k] = decodeURIComponent(v);
    } catch {
      bad ??= k;
    }
  }
  return bad;
}

/** Where a template's compiled matcher is kept between requests. */
interface Matchable {
  readonly template: string;
  matcher: ((path: string) => Params | undefined) | undefined;
}

/**
 * The first of `entries` (sorted) whose template matches `path`, with its decoded parameters;
 * `badParam` names one that was not valid percent-encoding (left as sent).
 */
export function findIn<E extends Matchable>(entries: readonly E[], path: string): { entry: E; params: Params; badParam?: string } | undefined {
  for (const entry of entries) {
    const params = (entry.matcher ??= compile(splitPath(entry.template)))(path);
    if (!params) continue;
    const badParam = decodeParams(params);
    return badParam === undefined ? { entry, params } : { entry, params, badParam };
  }
  return undefined;
}
