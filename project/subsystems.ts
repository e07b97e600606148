// An app pays only for the subsystems it registers: the router bundle `calix package` ships leaves
// out the trigger, schema, authorizer and CORS code when the manifest shows none (src/seams/*.ts are the only doors
// the core has into them; each has an `.absent` sibling exporting the same names).
import type * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import type { Manifest } from '../src/manifest.js';

export type Subsystem = 'triggers' | 'schemas' | 'authorizers' | 'cors';

/** The subsystems the app registers nothing of. */
export function absentSubsystems(m: Manifest): Subsystem[] {
  const out: Subsystem[] = [];
  if (m.triggers.length === 0) out.push('triggers');
  if (!m.routes.some((r) => r.schemas)) out.push('schemas');
  if (m.authorizers.length === 0) out.push('authorizers');
  if (!m.routes.some((r) => r.cors)) out.push('cors');
  return out;
}

/**
 * Whether a Lambda bundle must keep function names through minification (esbuild's keepNames,
 * which costs bytes and a call per function at import): a trigger's name defaults to its handler's,
 * and CALIX_HANDLER picks the trigger by it. A route's name only feeds the manifest, which the CLI
 * reads from the full build.
 */
export const namesMatterAtRunTime = (absent: readonly Subsystem[]): boolean => !absent.includes('triggers');

/**
 * Whether a build without `absent` registered what the full build did: the same manifest, route
 * names aside where that build did not keep them.
 */
export function sameRegistrations(slim: Manifest, full: Manifest, absent: readonly Subsystem[]): boolean {
  const names = namesMatterAtRunTime(absent);
  const strip = (m: Manifest) => JSON.stringify(names ? m : { ...m, routes: m.routes.map((r) => ({ ...r, name: '' })) });
  return strip(slim) === strip(full);
}

/**
 * esbuild plugin: bundles each absent subsystem's seam module as its `.absent` sibling. Matches the
 * seam files of any Calix copy (sources or dist), and only where the sibling exists.
 */
export function leaveOutPlugin(absent: readonly Subsystem[]): esbuild.Plugin {
  const filter = new RegExp(`[\\\\/]seams[\\\\/](${absent.join('|') || '(?!)'})\\.(ts|js)$`);
  return {
    name: 'calix-leave-out',
    setup(build) {
      build.onLoad({ filter }, (args) => {
        const sibling = args.path.replace(/\.(ts|js)$/, '.absent.$1');
        if (!existsSync(sibling)) return undefined;
        return { contents: `export * from ${JSON.stringify(sibling)};`, loader: 'js' };
      });
    },
  };
}
