/**
 * An OpenRPC document (the result of `rpc.discover`) → MethodInfo. We read what an explorer shows: method names,
 * parameters (name, required, description, JSON Schema), the result, and summary/description as help.
 * A signature ([result type, param types…]) is given only when every schema names one simple JSON type.
 * `$ref` content descriptors are resolved against `components.contentDescriptors` / `components.schemas`.
 */
import type { MethodInfo, ParamInfo } from '../types';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the value looks like an OpenRPC document (an object with a `methods` array). */
export function isOpenRpcDocument(value: Json): value is { methods: Json[] } {
  return isObject(value) && Array.isArray(value.methods);
}

export function methodsFromOpenRpc(document: { methods: Json[] } & Record<string, Json>): MethodInfo[] {
  const components = isObject(document.components) ? document.components : {};
  const resolve = (node: Json): Json => resolveRef(node, components);
  const methods: MethodInfo[] = [];
  for (const entry of document.methods) {
    const method = resolve(entry);
    if (!isObject(method) || typeof method.name !== 'string') continue;
    const params = Array.isArray(method.params)
      ? method.params.map((p, index) => contentDescriptor(resolve(p), index, resolve, undefined, components))
      : [];
    const result = method.result === undefined ? undefined : contentDescriptor(resolve(method.result), 0, resolve, 'result', components);
    const info: MethodInfo = { name: method.name, signatures: signatureOf(params, result), help: helpOf(method), params };
    if (result) info.result = result;
    methods.push(info);
  }
  return methods;
}

function contentDescriptor(node: Json, index: number, resolve: (n: Json) => Json, fallbackName?: string, components?: Record<string, Json>): ParamInfo {
  if (!isObject(node)) return { name: fallbackName ?? `arg${index}` };
  const info: ParamInfo = { name: typeof node.name === 'string' ? node.name : fallbackName ?? `arg${index}` };
  if (typeof node.required === 'boolean') info.required = node.required;
  const description = [node.summary, node.description].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (description.length > 0) info.description = description.join('\n\n');
  if (node.schema !== undefined) info.schema = resolve(node.schema);
  if (info.schema !== undefined && components) info.schema = inlineRefs(info.schema, components, [], 0);
  return info;
}

function helpOf(method: Record<string, Json>): string | null {
  const parts = [method.summary, method.description].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : null;
}

/** The type name of a schema when it is one simple type (e.g. {"type": "string"}), else null. */
function simpleType(schema: Json): string | null {
  if (!isObject(schema)) return null;
  if (typeof schema.type === 'string') return schema.type;
  return null;
}

function signatureOf(params: ParamInfo[], result: ParamInfo | undefined): string[][] | null {
  const resultType = result === undefined ? 'null' : simpleType(result.schema);
  const paramTypes = params.map((p) => simpleType(p.schema));
  if (resultType === null || paramTypes.some((t) => t === null)) return null;
  return [[resultType, ...(paramTypes as string[])]];
}

/** Follows `{"$ref": "#/components/<kind>/<name>"}` (a few levels at most: refs may chain). */
function resolveRef(node: Json, components: Record<string, Json>): Json {
  let current = node;
  for (let hops = 0; hops < 8 && isObject(current) && typeof current.$ref === 'string'; hops++) {
    const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(current.$ref);
    if (!match) return current;
    const group = components[decodePointer(match[1])];
    const target = isObject(group) ? group[decodePointer(match[2])] : undefined;
    if (target === undefined) return current;
    current = target;
  }
  return current;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The schema with its nested `#/components/…` references replaced by what they name, so the schema stands alone
 * (the call form reads it without the document). A recursive reference stays a `$ref`; nesting is bounded.
 */
function inlineRefs(node: Json, components: Record<string, Json>, chain: string[], depth: number): Json {
  if (depth > 32) return node;
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, components, chain, depth + 1));
  if (!isObject(node)) return node;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/')) {
    if (chain.includes(node.$ref)) return node;
    const target = resolveRef({ $ref: node.$ref }, components);
    if (isObject(target) && target.$ref === node.$ref) return node;
    const { $ref, ...siblings } = node;
    const inlined = inlineRefs(target, components, [...chain, $ref as string], depth + 1);
    return isObject(inlined) ? { ...inlined, ...siblings } : inlined;
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) out[key] = inlineRefs(value, components, chain, depth + 1);
  return out;
}
