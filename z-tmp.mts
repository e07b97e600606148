import openapiTS, { astToString } from 'openapi-typescript';
import { toOpenApi } from './project/openapi.ts';
import { schemaApp } from './test/fixtures/schema-app.ts';
const doc = toOpenApi(schemaApp().manifest, { apiGatewayExtensions: false });
const t0 = Date.now();
const ast = await openapiTS(doc as any, { silent: true } as any);
console.log(astToString(ast).slice(0, 3000), Date.now() - t0);
