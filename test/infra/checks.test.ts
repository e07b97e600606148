// The Calix route check: cdk-nag cannot see routes inside the OpenAPI body, so Calix reports
// every route anyone can call unless it is declared public.
import { describe, expect, test } from 'vitest';
import { checkRouteAuthorization } from '../../infra/checks.js';
import { exampleManifest } from './fixtures.js';

describe('checkRouteAuthorization', () => {
  const manifest = exampleManifest();

  test('reports every route without an authorizer, with what to do', () => {
    const { findings, unknownPublicRoutes } = checkRouteAuthorization(manifest);
    expect(findings.map((f) => [f.kind, f.route, f.methods, f.path])).toEqual([
      ['unauthorized', 'index', ['GET'], '/'],
      ['unauthorized', 'metrics', ['GET'], '/metrics'],
    ]);
    expect(findings[0]!.message).toBe(
      'route "index" (GET /) has no authorizer: anyone can call it. Give it an authorizer, or declare it public with publicRoutes: ["index"] (or \'*\').',
    );
    // An API key identifies a caller for a usage plan; it is not authorization.
    expect(findings[1]!.message).toMatch(/^route "metrics" \(GET \/metrics\) has no authorizer \(an API key is not authorization\)/);
    expect(unknownPublicRoutes).toEqual([]);
  });

  test('routes declared public are not reported; "*" declares every route public', () => {
    expect(checkRouteAuthorization(manifest, ['index', 'metrics']).findings).toEqual([]);
    expect(checkRouteAuthorization(manifest, ['index']).findings.map((f) => f.route)).toEqual(['metrics']);
    expect(checkRouteAuthorization(manifest, '*')).toEqual({ findings: [], unknownPublicRoutes: [] });
  });

  test('names matching no route, and protected routes declared public, are reported too', () => {
    const report = checkRouteAuthorization(manifest, ['index', 'metrics', 'idnex', 'listTodos']);
    expect(report.unknownPublicRoutes).toEqual(['idnex']);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'public-with-authorizer', route: 'listTodos', message: expect.stringMatching(/declared public but is protected by authorizer "users"/) }),
    ]);
  });
});
