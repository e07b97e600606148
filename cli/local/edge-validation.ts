// API Gateway's request validators, for `calix local`: the same edge rules the deployed document
// carries (project/route-contracts.ts), enforced before the router runs, with API Gateway's
// answers. Bodies are checked with a draft-04 validator because API Gateway's models are draft 4.
import Ajv4Module from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import type { Manifest } from '../../src/manifest.js';
import { BODY_METHODS, EDGE_BODY_TYPE, routeContracts, type EdgeRule } from '../../project/route-contracts.js';

// A CommonJS module: its default export is `module.exports`, whose `default` is the class.
const Ajv4 = Ajv4Module.default;

/** A draft-04 validator like API Gateway's: every keyword it does not know is ignored, formats are not checked. */
export const draft04 = (): InstanceType<typeof Ajv4> => new Ajv4({ strict: false, validateFormats: false, allErrors: false });

/** API Gateway's answer to a request its validator refused (gateway response BAD_REQUEST_PARAMETERS / BAD_REQUEST_BODY). */
export interface EdgeRejection {
  readonly status: 400;
  readonly message: string;
  readonly type: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
  /** Why, for the developer's log. */
  readonly reason: string;
}

export interface EdgeRequest {
  readonly method: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

/** The edge rules of every route, compiled once per manifest. */
export class EdgeValidation {
  private readonly bodies = new Map<string, ValidateFunction>();

  constructor(private readonly rules: ReadonlyMap<string, EdgeRule>) {
    const ajv = draft04();
    for (const [route, rule] of rules) if (rule.body) this.bodies.set(route, ajv.compile(rule.body.model));
  }

  /** The rules `manifest`'s routes declare: the ones `toOpenApi` writes into the deployed document. */
  static of(manifest: Pick<Manifest, 'routes'>): EdgeValidation {
    return new EdgeValidation(new Map([...routeContracts(manifest).routes].map(([name, c]) => [name, c.edge])));
  }

  /** API Gateway's 400 for this request to `route`, or undefined when its validator lets it through. */
  check(route: string, req: EdgeRequest): EdgeRejection | undefined {
    const rule = this.rules.get(route);
    if (!rule) return undefined;
    // Present and not blank; API Gateway checks nothing else about parameters.
    const query = new URLSearchParams(req.query);
    const filled = (v: string | null | undefined) => v != null && v.trim() !== '';
    const missing = [
      ...rule.query.filter((name) => !query.getAll(name).some(filled)),
      ...rule.headers.filter((name) => !req.headers.some(([n, v]) => n.toLowerCase() === name.toLowerCase() && filled(v))),
    ];
    if (missing.length) {
      return { status: 400, type: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${missing.join(', ')}]`, reason: `required ${missing.length > 1 ? 'parameters' : 'parameter'} ${missing.join(', ')} missing or blank` };
    }
    const validate = this.bodies.get(route);
    if (!validate || !BODY_METHODS.has(req.method) || !req.body.length || !isJson(req.headers)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(req.body).toString('utf8'));
    } catch (e) {
      return { status: 400, type: 'BAD_REQUEST_BODY', message: 'Invalid request body', reason: `the body is not JSON (${(e as Error).message})` };
    }
    if (validate(value)) return undefined;
    const first = validate.errors?.[0];
    return { status: 400, type: 'BAD_REQUEST_BODY', message: 'Invalid request body', reason: `the body fails the ${rule.body!.component} model: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}` };
  }
}

/** API Gateway picks the model by Content-Type; without one it assumes application/json. */
function isJson(headers: EdgeRequest['headers']): boolean {
  const ct = headers.findLast(([n]) => n.toLowerCase() === 'content-type')?.[1];
  return ct === undefined || ct.split(';')[0]!.trim().toLowerCase() === EDGE_BODY_TYPE;
}
