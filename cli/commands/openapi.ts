import { resolve } from 'node:path';
import { showPath, writeOutputFile } from '../fs/safe-output.js';
import { apiDocument } from '../../project/http-api.js';
import { loadApp } from '../../project/app-loader.js';
import { routeContracts } from '../../project/route-contracts.js';

/** An existing file `--out` may replace: an OpenAPI 3 document (what this command writes). */
export function isOpenApiDocument(text: string): boolean {
  try {
    const doc = JSON.parse(text) as { openapi?: unknown };
    return typeof doc.openapi === 'string' && doc.openapi.startsWith('3.');
  } catch {
    return false;
  }
}

/** `calix openapi`: the OpenAPI 3 document `deploy` builds the stage's REST or HTTP API from. */
export async function openapiCommand(o: { projectDir?: string; stage: string; out?: string; extensions: boolean }): Promise<void> {
  const ctx = await loadApp(o.projectDir, o.stage);
  const doc = apiDocument(ctx.manifest, { stage: ctx.stage, apiGatewayExtensions: o.extensions });
  const text = JSON.stringify(doc, null, 2) + '\n';
  // Said on stderr so stdout stays the document: the document is laxer than the route there.
  const dropped = routeContracts(ctx.manifest).dropped;
  if (dropped.length) {
    process.stderr.write(`calix: note: OpenAPI 3.0 has no equivalent for ${dropped.length === 1 ? 'this JSON Schema keyword' : 'these JSON Schema keywords'}, left out of the document (the router still checks them): ${dropped.join('; ')}\n`);
  }
  if (!o.out) {
    process.stdout.write(text);
    return;
  }
  // Regenerating the document in place is the point of --out; any other existing file is refused.
  const file = resolve(o.out);
  writeOutputFile(file, text, { what: 'an OpenAPI 3 JSON document', mayReplace: isOpenApiDocument });
  process.stdout.write(`OpenAPI document written to ${showPath(file)}\n`);
}
