/**
 * Builds a method's one shape from what is known about it, in this order of trust: OpenRPC params (JSON Schema),
 * XML-RPC signatures (several: one call variant each), the server's source (names, defaults, type hints / JSDoc),
 * the arity alone.
 */
import type { MethodInfo, TypedValue } from '../types';
import { shapeOfSchema } from './fromSchema';
import { literalDefault, shapeOfSignatureType, shapeOfTypeText } from './fromTypeText';
import type { CallVariant, MethodShape, ParamShape, ValueShape } from './shape';
import { conformToShape } from './formValues';

/** What a server's source says about a function (a subset of the source model's SourceFunction). */
export interface SourceSignature {
  params?: { name: string; kind: 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword'; required: boolean; default?: string; type?: string; description?: string }[];
  returns?: string;
  doc?: string;
  /** `server.py:12` */
  location: string;
}

export function methodShapeOf(method: MethodInfo, source?: SourceSignature): MethodShape {
  const help = method.help ?? source?.doc ?? undefined;
  const summary = help?.split(/\r?\n/).find((l) => l.trim() !== '')?.trim();
  const base = { name: method.name, ...(help ? { help } : {}), ...(summary ? { summary } : {}) };
  const sourceParams = source?.params?.filter((p) => p.kind === 'positional');
  if (method.params && method.origin !== 'source') {
    const params = method.params.map((p): ParamShape => {
      const shape = p.schema === undefined ? ({ kind: 'any' } as ValueShape) : shapeOfSchema(p.schema);
      return { name: p.name, required: p.required ?? false, shape, ...(p.description ? { description: p.description } : {}) };
    });
    const returns = method.result?.schema ? schemaTypeName(method.result.schema) : undefined;
    return { ...base, origin: 'openrpc', variants: [{ params, fixed: true, ...(returns ? { returns } : {}) }] };
  }
  if (method.signatures?.length) {
    const variants = method.signatures
      .filter((s) => Array.isArray(s) && s.length > 0)
      .map(([returns, ...types]): CallVariant => {
        // The source's names, when its parameters match this signature's count.
        const names = sourceParams?.length === types.length ? sourceParams.map((p) => p.name) : undefined;
        const params = types.map((type, i): ParamShape => ({ name: names?.[i] ?? `arg${i + 1}`, required: true, shape: shapeOfSignatureType(type) }));
        return { params, fixed: true, returns };
      });
    return { ...base, origin: 'signature', variants };
  }
  if (source?.params) {
    const params = (sourceParams ?? []).map((p): ParamShape => {
      let shape = shapeOfTypeText(p.type);
      const fallback = p.default !== undefined ? literalDefault(p.default) : undefined;
      if (fallback !== undefined) {
        if (shape.kind === 'any' && !p.type) shape = shapeOfValue(fallback);
        shape = { ...shape, default: conformToShape(fallback, shape), ...(fallback === null ? { nullable: true } : {}) };
      }
      return { name: p.name, required: p.required, shape, ...(p.description ? { description: p.description } : {}) };
    });
    const fixed = !source.params.some((p) => p.kind === 'var-positional');
    return { ...base, origin: 'source', location: source.location, variants: [{ params, fixed, ...(source.returns ? { returns: source.returns } : {}) }] };
  }
  if (method.params) {
    const params = method.params.map((p): ParamShape => ({ name: p.name, required: p.required ?? true, shape: { kind: 'any' } }));
    return { ...base, origin: 'arity', variants: [{ params, fixed: true }] };
  }
  return { ...base, origin: 'unknown', variants: [{ params: [], fixed: false }] };
}

/** The shape a plain default value suggests (an untyped `times=3` is an integer). */
function shapeOfValue(value: TypedValue): ValueShape {
  if (value === null) return { kind: 'any' };
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'integer' } : { kind: 'double' };
  if (Array.isArray(value)) return { kind: 'array', items: { kind: 'any' } };
  if ('$double' in value) return { kind: 'double' };
  if ('$i8' in value) return { kind: 'integer' };
  if ('$base64' in value) return { kind: 'base64' };
  return { kind: 'struct', fields: [], additional: { kind: 'any' } };
}

function schemaTypeName(schema: unknown): string | undefined {
  const shape = shapeOfSchema(schema);
  return shapeTypeName(shape);
}

/** A short type name of a shape: `string`, `integer`, `room: "red" | "blue"`, `{name, vip}`, `integer[]`. */
export function shapeTypeName(shape: ValueShape): string {
  const name = (() => {
    switch (shape.kind) {
      case 'enum':
        return shape.options.map((o) => JSON.stringify(o)).join(' | ');
      case 'array':
        return shape.items.kind === 'any' ? 'array' : `${wrap(shapeTypeName(shape.items))}[]`;
      case 'struct':
        return shape.fields.length ? `{${shape.fields.map((f) => f.name + (f.required ? '' : '?')).join(', ')}}` : 'struct';
      case 'oneOf':
        return shape.variants.map((v) => v.label).join(' | ');
      case 'base64':
        return 'base64';
      case 'datetime':
        return 'dateTime';
      default:
        return shape.kind;
    }
  })();
  return shape.nullable && shape.kind !== 'nil' ? `${wrap(name)}?` : name;
}

function wrap(name: string): string {
  return name.includes(' | ') ? `(${name})` : name;
}
