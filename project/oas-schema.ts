// JSON Schema (draft 2020-12 / draft-07, as validation libraries emit it) -> an OpenAPI 3.0 Schema
// Object, the dialect API Gateway imports. What 3.0 cannot say is translated when an exact
// translation exists and dropped otherwise (the document is then laxer than the route; the
// router still enforces the schema). docs/schemas.md lists both.
import type { JsonSchema } from './route-schemas.js';

/** An OpenAPI 3.0 Schema Object. */
export type OasSchema = Record<string, unknown>;

/** Keywords an OpenAPI 3.0 Schema Object has, copied as they are (the structural ones are handled below). */
const COPIED = new Set([
  'title', 'description', 'default', 'format', 'pattern', 'multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength',
  'maxItems', 'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'enum', 'readOnly', 'writeOnly', 'deprecated',
  'example', 'nullable', 'discriminator', 'xml', 'externalDocs',
]);
/** Identification and metadata: meaningless inside an OpenAPI document. */
const METADATA = new Set(['$schema', '$id', '$comment', '$anchor', '$defs', 'definitions', '$vocabulary', '$dynamicAnchor']);

export interface OasConversion {
  /** `$ref` (as written in the source) -> its OpenAPI `$ref`; undefined when it cannot be followed. */
  readonly ref: (ref: string) => string | undefined;
  /** Receives the JSON pointer of every keyword dropped because OpenAPI 3.0 lacks it. */
  readonly dropped: (pointer: string) => void;
  /** Throws the caller's error for a schema that cannot be converted at all. */
  readonly fail: (why: string) => never;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** `{ type: 'null' }`, `{ const: null }`, `{ enum: [null] }`: a member that only adds null. */
function isNullOnly(s: unknown): boolean {
  if (!isObject(s)) return false;
  const keys = Object.keys(s).filter((k) => !['title', 'description', '$comment'].includes(k));
  if (keys.length !== 1) return false;
  return s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null') || s.const === null || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

/** Converts one JSON Schema (any boolean or object schema) to an OpenAPI 3.0 Schema Object. */
export function toOas30(schema: unknown, c: OasConversion, pointer = ''): OasSchema {
  if (schema === true) return {};
  if (schema === false) return { not: {} };
  if (!isObject(schema)) return c.fail(`${pointer || 'the schema'} is ${JSON.stringify(schema)}, not a JSON Schema`);
  const s = schema as JsonSchema;
  const out: OasSchema = {};
  const allOf: OasSchema[] = [];
  let nullable = s.nullable === true;
  let ref: string | undefined;
  const sub = (v: unknown, key: string) => toOas30(v, c, `${pointer}/${key}`);

  for (const [key, v] of Object.entries(s)) {
    switch (key) {
      case '$ref': {
        if (typeof v !== 'string') return c.fail(`${pointer}/$ref is not a string`);
        ref = c.ref(v);
        if (ref === undefined) return c.fail(`${pointer || 'the schema'} has $ref "${v}", which points outside the schema's own $defs/definitions`);
        break;
      }
      case 'type': {
        const types = (Array.isArray(v) ? v : [v]).filter((t): t is string => typeof t === 'string');
        if (types.includes('null')) nullable = true;
        const rest = types.filter((t) => t !== 'null');
        if (rest.length === 1) out.type = rest[0];
        else if (rest.length > 1) allOf.push({ anyOf: rest.map((t) => ({ type: t })) });
        else if (!('enum' in s) && !('const' in s)) out.enum = [null];
        break;
      }
      case 'const':
        out.enum = [v];
        if (v === null) nullable = true;
        break;
      case 'enum':
        out.enum = v;
        if (Array.isArray(v) && v.includes(null)) nullable = true;
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        // 2019+: a number; OpenAPI 3.0 (and draft-04): a boolean that makes minimum/maximum exclusive.
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (typeof v === 'boolean') out[key] = v;
        else if (typeof v === 'number') {
          const other = s[bound];
          const tighter = typeof other !== 'number' || (key === 'exclusiveMinimum' ? v >= other : v <= other);
          if (tighter) {
            out[bound] = v;
            out[key] = true;
          }
        }
        break;
      }
      case 'minimum':
      case 'maximum': {
        const ex = s[key === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'];
        const overridden = typeof ex === 'number' && typeof v === 'number' && (key === 'minimum' ? ex >= v : ex <= v);
        if (!overridden && typeof v === 'number') out[key] = v;
        break;
      }
      case 'required':
        if (Array.isArray(v) && v.length) out.required = [...new Set(v)];
        break;
      case 'properties':
        if (isObject(v)) out.properties = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, sub(p, `properties/${name}`)]));
        break;
      case 'additionalProperties':
        out.additionalProperties = typeof v === 'boolean' ? v : sub(v, key);
        break;
      case 'items':
      case 'prefixItems':
      case 'additionalItems':
        break; // below: arrays and tuples together
      case 'allOf':
        if (Array.isArray(v)) allOf.push(...v.map((m, i) => sub(m, `allOf/${i}`)));
        break;
      case 'anyOf':
      case 'oneOf': {
        if (!Array.isArray(v)) break;
        const members = v.filter((m) => !isNullOnly(m));
        if (members.length < v.length) nullable = true;
        const converted = members.map((m) => sub(m, `${key}/${v.indexOf(m)}`));
        if (converted.length === 1) allOf.push(converted[0]!);
        else if (converted.length) out[key] = converted;
        break;
      }
      case 'not':
        out.not = sub(v, key);
        break;
      case 'examples':
        if (Array.isArray(v) && v.length && !('example' in s)) out.example = v[0];
        break;
      default:
        if (COPIED.has(key) || key.startsWith('x-')) out[key] = v;
        else if (!METADATA.has(key)) c.dropped(`${pointer}/${key}`);
    }
  }
  arrayItems(s, out, sub);

  if (nullable) {
    out.nullable = true;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  } else delete out.nullable;
  if (ref !== undefined) allOf.unshift({ $ref: ref });
  // One lone member merges into the schema when nothing collides; otherwise allOf keeps both.
  if (allOf.length === 1 && !('$ref' in allOf[0]!) && Object.keys(allOf[0]!).every((k) => !(k in out))) Object.assign(out, allOf[0]);
  else if (allOf.length === 1 && '$ref' in allOf[0]! && Object.keys(out).length === 0) return allOf[0]!;
  else if (allOf.length) out.allOf = allOf;
  return out;
}

/** `items`, tuples (`prefixItems`, draft-07 array `items` + `additionalItems`): 3.0 has no tuples; a tuple is an array of its member types with its length. */
function arrayItems(s: JsonSchema, out: OasSchema, sub: (v: unknown, key: string) => OasSchema): void {
  const tuple = Array.isArray(s.prefixItems) ? { members: s.prefixItems, key: 'prefixItems', rest: s.items, restKey: 'items' } : Array.isArray(s.items) ? { members: s.items, key: 'items', rest: s.additionalItems, restKey: 'additionalItems' } : undefined;
  if (!tuple) {
    if (s.items !== undefined) out.items = sub(s.items, 'items');
    return;
  }
  const members = tuple.members.map((m, i) => sub(m, `${tuple.key}/${i}`));
  if (tuple.rest !== undefined && tuple.rest !== false) members.push(sub(tuple.rest, tuple.restKey));
  const distinct = [...new Map(members.map((m) => [JSON.stringify(m), m])).values()];
  out.items = distinct.length === 1 ? distinct[0] : distinct.length ? { anyOf: distinct } : {};
  if (tuple.rest === false && out.maxItems === undefined) out.maxItems = tuple.members.length;
}
