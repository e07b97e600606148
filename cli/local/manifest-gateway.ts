import type { Manifest, RouteManifest } from '../../src/manifest.js';
import { RouteTable } from '../../src/routing/table.js';
import type { ApiGateway, GatewayLog, GatewayRequest, GatewayResponse } from './gateway.js';
import { AWS_LIMITS, type PayloadLimits } from './payload-limits.js';

/**
 * What both local gateways (REST, HTTP API) are built from: the manifest's routes in the runtime's
 * own route table (how they match a request), the payload limits and the log.
 */
export abstract class ManifestGateway implements ApiGateway {
  readonly manifest: Manifest;
  readonly limits: PayloadLimits;
  protected readonly table = new RouteTable<RouteManifest>();
  protected readonly log: GatewayLog;

  constructor(o: { readonly manifest: Manifest; readonly limits?: PayloadLimits; readonly log?: GatewayLog }) {
    this.manifest = o.manifest;
    this.limits = o.limits ?? AWS_LIMITS;
    this.log = o.log ?? (() => {});
    for (const r of o.manifest.routes) this.table.add(r.path, r.methods, r);
  }

  abstract handle(req: GatewayRequest): Promise<GatewayResponse>;
}
