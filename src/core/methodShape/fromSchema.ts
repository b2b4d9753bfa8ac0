/**
 * JSON Schema (as OpenRPC carries it) → ValueShape: `$ref` into `$defs` / `definitions` / OpenRPC components,
 * `type` lists with "null", `enum` / `const`, `oneOf` / `anyOf`, `allOf` of objects, nested objects with `required`,
 * arrays, defaults, examples and the constraints a form checks (minimum, maxLength, pattern…).
 */
import type { TypedValue } from '../types';
import type { FieldShape, ShapeCommon, ValueShape } from './shape';

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deepest schema nesting read; a deeper (or cyclic) schema becomes `any`. */
const MAX_DEPTH = 32;

/** Where `$ref`s point: the schema's own root (for `#/$defs/…`) and OpenRPC's components, when known. */
export interface SchemaContext {
  root: Json;
  components?: JsonObject;
}

export function shapeOfSchema(schema: Json, context: SchemaContext = { root: schema }): ValueShape {
  return read(schema, context, 0, new Set());
}

function resolvePointer(ref: string, context: SchemaContext): Json {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref.slice(1).split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Json = parts[0] === 'components' && context.components ? { components: context.components } : context.root;
  for (const part of parts) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as JsonObject)[part];
  }
  return node;
}

function read(schema: Json, context: SchemaContext, depth: number, refs: Set<string>): ValueShape {
  if (schema === true || schema === undefined) return { kind: 'any' };
  if (!isObject(schema) || depth > MAX_DEPTH) return { kind: 'any' };
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (refs.has(ref)) return { kind: 'any', description: ref }; // a recursive type: typed JSON text
    const target = resolvePointer(ref, context);
    if (target === undefined) return { kind: 'any', description: ref };
    const { $ref: _ignored, ...siblings } = schema;
    const inner = read(target, context, depth + 1, new Set([...refs, ref]));
    return { ...inner, ...common(siblings) };
  }
  const base = common(schema);
  if (Array.isArray(schema.enum)) {
    const options = schema.enum.filter((o) => o !== null) as TypedValue[];
    const nullable = schema.enum.includes(null) || base.nullable;
    return { ...base, ...(nullable ? { nullable: true } : {}), kind: 'enum', options };
  }
  if (schema.const !== undefined) return { ...base, kind: 'enum', options: [schema.const as TypedValue] };
  const union = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (union) {
    const nonNull = union.filter((v) => !(isObject(v) && v.type === 'null'));
    const nullable = nonNull.length < union.length || base.nullable;
    const variants = nonNull.map((v, i) => {
      const shape = read(v, context, depth + 1, refs);
      return { label: variantLabel(v, shape, i, context), shape };
    });
    if (variants.length === 1) return { ...variants[0].shape, ...base, ...(nullable ? { nullable: true } : {}) };
    if (variants.length === 0) return { ...base, kind: 'nil' };
    return { ...base, ...(nullable ? { nullable: true } : {}), kind: 'oneOf', variants };
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((p) => read(p, context, depth + 1, refs));
    if (parts.every((p) => p.kind === 'struct')) {
      const fields: FieldShape[] = [];
      for (const p of parts) if (p.kind === 'struct') fields.push(...p.fields);
      return { ...base, kind: 'struct', fields };
    }
    return parts.length === 1 ? { ...parts[0], ...base } : { ...base, kind: 'any' };
  }
  let type = schema.type;
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    if (types.length < type.length) base.nullable = true;
    if (types.length !== 1) return types.length === 0 ? { ...base, kind: 'nil' } : { ...base, kind: 'oneOf', variants: types.map((t) => ({ label: String(t), shape: read({ ...schema, type: t }, context, depth + 1, refs) })) };
    type = types[0];
  }
  if (type === undefined) {
    if (isObject(schema.properties)) type = 'object';
    else if (schema.items !== undefined) type = 'array';
  }
  switch (type) {
    case 'string': {
      const format = typeof schema.format === 'string' ? schema.format : undefined;
      if (format === 'date-time' || format === 'date') return { ...base, kind: 'datetime' };
      if (format === 'byte' || format === 'binary' || schema.contentEncoding === 'base64') return { ...base, kind: 'base64' };
      return {
        ...base,
        kind: 'string',
        ...num('minLength', schema.minLength),
        ...num('maxLength', schema.maxLength),
        ...(typeof schema.pattern === 'string' ? { pattern: schema.pattern } : {}),
        ...(format ? { format } : {}),
      };
    }
    case 'integer':
      return {
        ...base,
        kind: 'integer',
        ...(bound(schema.minimum) !== undefined ? { minimum: bound(schema.minimum) } : {}),
        ...(bound(schema.maximum) !== undefined ? { maximum: bound(schema.maximum) } : {}),
      };
    case 'number':
      return { ...base, kind: 'number', ...num('minimum', schema.minimum), ...num('maximum', schema.maximum) };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'null':
      return { ...base, kind: 'nil' };
    case 'array':
      return {
        ...base,
        kind: 'array',
        items: read(Array.isArray(schema.items) ? schema.items[0] : schema.items, context, depth + 1, refs),
        ...num('minItems', schema.minItems),
        ...num('maxItems', schema.maxItems),
      };
    case 'object': {
      const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
      const properties = isObject(schema.properties) ? schema.properties : {};
      const fields = Object.entries(properties).map(([name, sub]) => ({ name, required: required.has(name), shape: read(sub, context, depth + 1, refs) }));
      const extra = schema.additionalProperties;
      const additional = extra === false ? undefined : isObject(extra) ? read(extra, context, depth + 1, refs) : fields.length === 0 ? ({ kind: 'any' } as ValueShape) : undefined;
      return { ...base, kind: 'struct', fields, ...(additional ? { additional } : {}) };
    }
    default:
      return { ...base, kind: 'any' };
  }
}

function num<K extends string>(key: K, value: Json): { [P in K]?: number } {
  return (typeof value === 'number' && Number.isFinite(value) ? { [key]: value } : {}) as { [P in K]?: number };
}

/** An integer bound as decimal text (exact), when it is one. */
function bound(value: Json): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? BigInt(value).toString() : String(Math.ceil(value));
  return undefined;
}

function common(schema: JsonObject): ShapeCommon {
  const out: ShapeCommon = {};
  if (typeof schema.title === 'string') out.title = schema.title;
  if (typeof schema.description === 'string') out.description = schema.description;
  if (schema.default !== undefined) out.default = schema.default as TypedValue;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) out.example = schema.examples[0] as TypedValue;
  else if (schema.example !== undefined) out.example = schema.example as TypedValue;
  if (schema.nullable === true) out.nullable = true;
  return out;
}

function variantLabel(schema: Json, shape: ValueShape, index: number, context: SchemaContext): string {
  if (isObject(schema)) {
    if (typeof schema.title === 'string') return schema.title;
    if (typeof schema.$ref === 'string') {
      const target = resolvePointer(schema.$ref, context);
      if (isObject(target) && typeof target.title === 'string') return target.title;
      return schema.$ref.split('/').pop() ?? schema.$ref;
    }
  }
  return shape.kind === 'any' ? `#${index + 1}` : shape.kind;
}
