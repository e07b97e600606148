// `calix local`'s LocalGateway in-process, in front of an app imported by the test: requests go
// in as plain objects and answers come back as plain objects, with no server, build or child process.
import { LocalAuth } from '../../cli/local/auth.js';
import { EdgeValidation } from '../../cli/local/edge-validation.js';
import { LocalGateway, type GatewayRequest, type GatewayResponse, type LocalGatewayOptions } from '../../cli/local/gateway.js';
import type { Manifest } from '../../src/manifest.js';
import { lambdaContext } from '../fixtures/events.js';

export interface TestGateway {
  gateway: LocalGateway;
  /** The lines the gateway logged, as `level: line`. */
  logs: string[];
  /** Sends a request; `path` may carry a query string. */
  send(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Uint8Array }): Promise<GatewayResponse & { text(): string; json(): unknown }>;
}

/** A LocalGateway over `app` (its handler runs in this process), with the given options on top of local defaults. */
export function testGateway(app: { manifest(): Manifest; handler(event: never, context: never): Promise<unknown> }, options: Partial<LocalGatewayOptions> = {}): TestGateway {
  const logs: string[] = [];
  const manifest = options.manifest ?? app.manifest();
  const gateway = new LocalGateway({
    manifest,
    // The deployed API's request validators, from the manifest the gateway serves.
    validation: EdgeValidation.of(manifest),
    apiStage: 'api',
    invoke: (_fn, event) => app.handler(event as never, lambdaContext() as never),
    auth: new LocalAuth({ stage: 'dev', settings: {} }),
    edgeCors: undefined,
    log: (level, line) => logs.push(`${level}: ${line}`),
    ...options,
  });
  return {
    gateway,
    logs,
    async send(method, url, init = {}) {
      const q = url.indexOf('?');
      const body = init.body === undefined ? new Uint8Array(0) : typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
      const req: GatewayRequest = {
        method,
        path: q < 0 ? url : url.slice(0, q),
        query: q < 0 ? '' : url.slice(q + 1),
        headers: Object.entries(init.headers ?? {}),
        body,
      };
      const r = await gateway.handle(req);
      const text = () => Buffer.from(r.body).toString('utf8');
      return { ...r, text, json: () => JSON.parse(text()) };
    },
  };
}
