// Matchers for dynamic path templates, built with path-to-regexp. Kept out of ./table.ts so a
// Lambda bundle loads it (from its own chunk) only when a request needs matching: API Gateway
// events arrive already matched (`resource`, `routeKey`), and path-to-regexp's Unicode regular
// expressions cost V8 time to validate at parse even when never run.
import { match } from 'path-to-regexp';
import type { Token } from 'path-to-regexp';
import type { ParsedPath } from './path.js';

type Params = Record<string, string>;

/** A matcher for one template: the raw (undecoded) parameters of a path it matches. */
export function compile(parsed: ParsedPath): (path: string) => Params | undefined {
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
