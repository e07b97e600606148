// An OpenAPI 3.0 schema -> the JSON Schema draft-04 model API Gateway validates request bodies
// with. The rule: the edge may only be *laxer* than the route, never stricter, because the
// router validates every request again with the library itself. So the model keeps what draft 4
// checks the same way the library does (types, required, enums, bounds, lengths, items,
// properties, additionalProperties, allOf/anyOf/oneOf/not) and drops what could disagree:
// `format` and `pattern` (API Gateway's own format checks and Java regexes are not the library's),
// annotations, and recursion (API Gateway models cannot refer to themselves).
import type { OasSchema } from './oas-schema.js';

/** Draft-04 keywords an edge model keeps as they are. */
const KEPT = new Set([
  'type', 'enum', 'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required',
]);

const COMPONENT_REF = '#/components/schemas/';

/**
 * The draft-04 model of `schema`: `$ref`s into `components` are inlined (a model is one
 * self-contained schema), a reference cycle becomes `{}` (anything), `nullable` becomes
 * `anyOf: [..., { enum: [null] }]` (draft 4 has no `nullable`; API Gateway would reject null).
 */
export function edgeModel(schema: OasSchema, components: Readonly<Record<string, OasSchema>>, seen: readonly string[] = []): OasSchema {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.startsWith(COMPONENT_REF) ? ref.slice(COMPONENT_REF.length) : undefined;
    const target = name === undefined ? undefined : components[name];
    if (!target || seen.includes(name!)) return {};
    return edgeModel(target, components, [...seen, name!]);
  }
  const sub = (v: unknown) => edgeModel(v as OasSchema, components, seen);
  const out: OasSchema = {};
  for (const [key, v] of Object.entries(schema)) {
    if (KEPT.has(key)) out[key] = v;
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, OasSchema>).map(([n, p]) => [n, sub(p)]));
    else if (key === 'additionalProperties') out.additionalProperties = typeof v === 'boolean' ? v : sub(v);
    else if (key === 'items' || key === 'not') out[key] = sub(v);
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') out[key] = (v as OasSchema[]).map(sub);
  }
  if (schema.nullable === true) return { anyOf: [out, { enum: [null] }] };
  return out;
}
