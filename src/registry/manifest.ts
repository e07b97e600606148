// The registry as plain, versioned JSON: what the CLI and the infrastructure read (app.manifest()).
import type { Authorizer } from '../auth/authorizers.js';
import type { Trigger } from '../events/triggers.js';
import { binaryTypes } from '../http/content-type.js';
import { MANIFEST_VERSION, type Manifest } from '../manifest.js';
import { splitPath } from '../routing/path.js';
import type { Route } from '../routing/route.js';
import { routeSchemasManifest } from '../seams/schemas.js';

/** What the manifest reads of an app. */
export interface Registry {
  readonly name: string;
  readonly routes: readonly Route[];
  readonly authorizers: ReadonlyMap<string, Authorizer>;
  readonly triggers: ReadonlyMap<string, Trigger>;
}

export function manifestOf(app: Registry): Manifest {
  const binary = new Set<string>();
  for (const r of app.routes) for (const t of binaryTypes(r.contentTypes)) binary.add(t);
  return {
    manifestVersion: MANIFEST_VERSION,
    app: app.name,
    routes: app.routes.map((r) => ({
      name: r.name,
      path: r.path,
      methods: [...r.methods],
      params: splitPath(r.path).params,
      authorizer: r.authorizer?.name ?? null,
      // A deep copy: the rule's arrays are the ones the router answers with.
      cors: r.cors && structuredClone(r.cors),
      contentTypes: [...r.contentTypes],
      apiKeyRequired: r.apiKeyRequired,
      ...(r.schemas && { schemas: routeSchemasManifest(r.schemas) }),
    })),
    authorizers: [...app.authorizers.values()].map((a) => a.toManifest()),
    triggers: [...app.triggers.values()].map((t) => structuredClone(t.manifest)),
    binaryMediaTypes: [...binary].sort(),
  };
}
