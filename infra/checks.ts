// Calix's own checks on the deployed API. cdk-nag looks at CloudFormation resources, and a
// SpecRestApi has none per route (the routes live in the OpenAPI body), so its per-method rules
// (APIG4, COG4) never fire: this check reports routes anyone can call instead.
import type { Manifest } from '../src/manifest.js';

/**
 * Routes meant to be callable without an authorizer: route names (as in `calix routes` and the
 * OpenAPI operationIds), or `'*'` for every route.
 */
export type PublicRoutes = readonly string[] | '*';

export interface RouteAuthorizationFinding {
  /** `unauthorized`: no authorizer and not declared public. `public-with-authorizer`: declared public but protected anyway (a stale declaration). */
  readonly kind: 'unauthorized' | 'public-with-authorizer';
  readonly route: string;
  readonly methods: readonly string[];
  readonly path: string;
  readonly message: string;
}

export interface RouteAuthorizationReport {
  /** One finding per route; empty when every route is protected or declared public. */
  readonly findings: RouteAuthorizationFinding[];
  /** Names in `publicRoutes` that match no route (typos would otherwise go unnoticed). */
  readonly unknownPublicRoutes: string[];
}

/**
 * Reports every route that has no authorizer unless it is declared public. An API key alone
 * does not count as authorization (API keys identify callers for usage plans; AWS advises
 * against using them for access control).
 */
export function checkRouteAuthorization(manifest: Pick<Manifest, 'routes'>, publicRoutes: PublicRoutes = []): RouteAuthorizationReport {
  const all = publicRoutes === '*';
  const declared = new Set(all ? [] : publicRoutes);
  const names = new Set(manifest.routes.map((r) => r.name));
  const findings: RouteAuthorizationFinding[] = [];
  for (const r of manifest.routes) {
    const where = `route "${r.name}" (${r.methods.join(',')} ${r.path})`;
    const isPublic = all || declared.has(r.name);
    if (r.authorizer === null && !isPublic) {
      findings.push({
        kind: 'unauthorized',
        route: r.name,
        methods: [...r.methods],
        path: r.path,
        message:
          `${where} has no authorizer${r.apiKeyRequired ? ' (an API key is not authorization)' : ''}: anyone can call it. ` +
          `Give it an authorizer, or declare it public with publicRoutes: ["${r.name}"] (or '*').`,
      });
    } else if (r.authorizer !== null && declared.has(r.name)) {
      findings.push({
        kind: 'public-with-authorizer',
        route: r.name,
        methods: [...r.methods],
        path: r.path,
        message: `${where} is declared public but is protected by authorizer "${r.authorizer}"; remove it from publicRoutes.`,
      });
    }
  }
  const unknownPublicRoutes = all ? [] : [...declared].filter((n) => !names.has(n));
  return { findings, unknownPublicRoutes };
}
