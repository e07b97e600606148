import pc from 'picocolors';
import type { Manifest } from '../src/manifest.js';

/** Colours only on a TTY, never with NO_COLOR (FORCE_COLOR forces them on). */
export function colorsFor(stream: NodeJS.WriteStream) {
  const env = process.env;
  const on = !('NO_COLOR' in env) && (('FORCE_COLOR' in env && env.FORCE_COLOR !== '0') || !!stream.isTTY);
  return pc.createColors(on);
}

export const out = colorsFor(process.stdout);
export const err = colorsFor(process.stderr);

/** Left-aligned text table. */
export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [out.bold(line(header)), ...rows.map(line)].join('\n');
}

/** One row per route and method: what `calix routes` and `calix local` print. */
export function routeTable(manifest: Manifest): string {
  const rows = manifest.routes.flatMap((r) =>
    r.methods.map((m) => [m, r.path, r.authorizer ?? '-', r.cors ? (r.cors.origins.join(',') || 'yes') : '-', r.name]),
  );
  if (rows.length === 0) return '(no routes)';
  return table(rows, ['METHOD', 'PATH', 'AUTHORIZER', 'CORS', 'NAME']);
}
