// An app pays only for the subsystems it registers: the router bundle `calix package` ships leaves
// out the trigger, schema, authorizer, CORS, middleware, decorator and blueprint code when the app registers none of it,
// and always the registration checks, route naming and manifest() (the package step ran them on the
// full build). src/seams/*.ts are the only doors the core has into them; each has an `.absent`
// sibling exporting the same names.
import type * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import type { Manifest } from '../src/manifest.js';
import type { EventFormats } from './stage-model.js';

export type Subsystem = 'triggers' | 'schemas' | 'authorizers' | 'cors' | 'middleware' | 'decorators' | 'blueprints' | 'checks' | 'rest-events' | 'http-events';

/** What the package step reads of a loaded app: the bundle's `app` export (src/app.ts). */
export interface LoadedRegistry {
  readonly name: string;
  readonly routes: readonly {
    readonly path: string;
    readonly methods: readonly string[];
    readonly contentTypes: readonly string[];
    readonly apiKeyRequired: boolean;
    readonly cors: unknown;
    readonly authorizer: { readonly name: string } | null;
    readonly schemas: unknown;
    /** Its blueprint's middleware. */
    readonly middleware: readonly unknown[];
  }[];
  readonly middleware: readonly unknown[];
  readonly triggers: ReadonlyMap<string, unknown>;
  readonly authorizers: ReadonlyMap<string, unknown>;
  /** Whether a registration came through a decorator (src/registrar.ts). */
  readonly decorated?: boolean;
  /** Whether a blueprint was registered (src/blueprint.ts). */
  readonly blueprints?: boolean;
}

/**
 * The subsystems a Lambda bundle of this app can do without: the ones it registers nothing of, the
 * checks, and the adapter of an event payload the stage's router never receives (`formats`, from
 * the stage model's routerEventFormats).
 */
export function absentSubsystems(m: Manifest, app: Pick<LoadedRegistry, 'decorated' | 'blueprints' | 'middleware' | 'routes'>, formats: EventFormats): Subsystem[] {
  const out: Subsystem[] = [];
  if (m.triggers.length === 0) out.push('triggers');
  if (!m.routes.some((r) => r.schemas)) out.push('schemas');
  if (m.authorizers.length === 0) out.push('authorizers');
  if (!m.routes.some((r) => r.cors)) out.push('cors');
  if (app.middleware.length === 0 && app.routes.every((r) => r.middleware.length === 0)) out.push('middleware');
  if (!app.decorated) out.push('decorators');
  if (!app.blueprints) out.push('blueprints');
  out.push('checks');
  if (!formats.rest) out.push('rest-events');
  if (!formats.http) out.push('http-events');
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
 * What an app registered, as text to compare two loads of it by: every route's path, methods and
 * settings in order, the middleware count, the trigger and authorizer names. (A reduced build
 * has no manifest(); names it does not compute are left out.)
 */
export function registrationsOf(app: LoadedRegistry): string {
  return JSON.stringify([
    app.name,
    app.routes.map((r) => [r.path, r.methods, r.contentTypes, r.apiKeyRequired, r.cors, r.authorizer?.name ?? null, r.schemas !== null, r.middleware.length]),
    app.middleware.length,
    [...app.triggers.keys()],
    [...app.authorizers.keys()],
  ]);
}

/** Whether a build without some subsystems registered what the full build did. */
export const sameRegistrations = (slim: LoadedRegistry, full: LoadedRegistry): boolean => registrationsOf(slim) === registrationsOf(full);

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
