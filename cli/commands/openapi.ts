import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toOpenApi } from '../infra/openapi.js';
import { loadAppContext } from './routes.js';

/** `calix openapi`: the OpenAPI 3 document `deploy` builds the REST API from. */
export async function openapiCommand(o: { projectDir?: string; stage: string; out?: string; extensions: boolean }): Promise<void> {
  const ctx = await loadAppContext(o.projectDir, o.stage);
  const doc = toOpenApi(ctx.manifest, { stage: ctx.stage, apiGatewayExtensions: o.extensions });
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (!o.out) {
    process.stdout.write(text);
    return;
  }
  const file = resolve(o.out);
  writeFileSync(file, text);
  process.stdout.write(`OpenAPI document written to ${relative(process.cwd(), file) || file}\n`);
}
