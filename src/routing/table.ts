import { EMPTY } from '../empty.js';
import type { CorsRule } from '../http/cors.js';

type Params = Record<string, string>;

/** Everything registered on one path template, keyed by method. */
export interface PathEntry<R extends { cors: CorsRule | null; path: string }> {
  readonly template: string;
  readonly byMethod: Map<string, R>;
  /** The CORS rule shared by this path's CORS routes, answered on OPTIONS preflight. */
  cors: CorsRule | null;
  /** The template's matcher, compiled on first use (./match.ts). */
  matcher: ((path: string) => Params | undefined) | undefined;
}

type MatchModule = typeof import('./match.js');
/** The matcher module once loaded (one per process: every table shares it). */
let matchModule: MatchModule | undefined;
let loading: Promise<MatchModule> | undefined;
// A dynamic import: a Lambda bundle puts ./match.ts and path-to-regexp in a chunk of their own.
const loadMatch = (): Promise<MatchModule> => (loading ??= import('./match.js').then((m) => (matchModule = m)));

/**
 * Loads the matcher module now, for a process that would rather pay for it at startup than on its
 * first request that needs matching (`calix local`): every RouteTable's find is synchronous after.
 */
export const loadMatcher = async (): Promise<void> => void (await loadMatch());

/** A path's entry and its decoded parameters (see RouteTable.find). */
export interface Found<R extends { cors: CorsRule | null; path: string }> {
  entry: PathEntry<R>;
  params: Params;
  badParam?: string;
}

/**
 * The route table: static paths answer from a Map, dynamic ones from path-to-regexp
 * matchers compiled on first use (a cold start that only sees API Gateway's already-matched
 * `resource` never compiles one, nor loads path-to-regexp: see {@link RouteTable.find}), tried
 * from most to least specific.
 */
export class RouteTable<R extends { cors: CorsRule | null; path: string }> {
  /** Every template, for events where API Gateway already matched the route (`event.resource`). */
  readonly byTemplate = new Map<string, PathEntry<R>>();
  private readonly statics = new Map<string, PathEntry<R>>();
  private readonly dynamicEntries: PathEntry<R>[] = [];
  private sorted = true;

  /** Adds a route on `template` the app has checked (src/registry/checks.ts). */
  add(template: string, methods: readonly string[], route: R): void {
    let entry = this.byTemplate.get(template);
    if (!entry) {
      entry = { template, byMethod: new Map(), cors: null, matcher: undefined };
      this.byTemplate.set(template, entry);
      if (!template.includes('{')) this.statics.set(template, entry);
      else {
        this.dynamicEntries.push(entry);
        this.sorted = false;
      }
    }
    if (route.cors) entry.cors = route.cors;
    for (const m of methods) entry.byMethod.set(m, route);
  }

  /**
   * Finds the entry for a concrete request path, with its decoded parameters. `badParam` names a
   * parameter that was not valid percent-encoding (it is then left as sent).
   *
   * Synchronous when the answer needs no matcher (a static path, no dynamic templates) or the
   * matcher module (./match.ts, path-to-regexp) is already loaded. Otherwise it returns a Promise of
   * the same answer: the first such call starts loading the module (once per process), and calls
   * after it has loaded are synchronous again. Callers that cannot wait may call {@link ready} first.
   */
  find(path: string): Found<R> | undefined | Promise<Found<R> | undefined> {
    const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const s = this.statics.get(p);
    if (s) return { entry: s, params: EMPTY };
    if (this.dynamicEntries.length === 0) return undefined;
    if (!matchModule) return loadMatch().then(() => this.findDynamic(p));
    return this.findDynamic(p);
  }

  /** Resolves once {@link find} answers synchronously for every path (also for templates added later). */
  async ready(): Promise<void> {
    await loadMatch();
  }

  private findDynamic(p: string): Found<R> | undefined {
    if (!this.sorted) {
      matchModule!.sortBySpecificity(this.dynamicEntries);
      this.sorted = true;
    }
    return matchModule!.findIn(this.dynamicEntries, p);
  }
}
