/**
 * The method-shape model: what RPC Explorer knows about a method's parameters, whoever said it (OpenRPC, XML-RPC
 * `system.methodSignature`, the server's source, or only the number of arguments). The tree's labels and hovers,
 * the argument box's template, request-file templates and the call form all read this one model.
 * Pure data, no `vscode` import.
 */
import type { TypedValue } from '../types';

/** Constraints and documentation any value shape may carry (JSON Schema's, or a default from the source). */
export interface ShapeCommon {
  /** The value may be nil (XML-RPC <nil/>, JSON null, hprose null): `Optional[X]`, `type: ["x", "null"]`. */
  nullable?: boolean;
  title?: string;
  description?: string;
  /** The default, as typed JSON (OpenRPC `default`, a Python default `= 3`). */
  default?: TypedValue;
  /** An example value (OpenRPC `examples[0]`). */
  example?: TypedValue;
}

export type ValueShape = ShapeCommon &
  (
    | { kind: 'string'; multiline?: boolean; minLength?: number; maxLength?: number; pattern?: string; format?: string }
    /** An integer; sent exactly (beyond 2^53 as i8 / long), never through a JS number. Bounds as decimal text. */
    | { kind: 'integer'; minimum?: string; maximum?: string }
    /** A double: sent as a double even when typed `1` (XML-RPC double, Python float). */
    | { kind: 'double'; minimum?: number; maximum?: number }
    /** A JSON number: sent as typed (an integer literal stays an integer). */
    | { kind: 'number'; minimum?: number; maximum?: number }
    | { kind: 'boolean' }
    | { kind: 'nil' }
    /** XML-RPC dateTime.iso8601 / hprose and JSON ISO 8601 text. */
    | { kind: 'datetime' }
    /** Binary: XML-RPC base64, hprose bytes, Python bytes. */
    | { kind: 'base64' }
    | { kind: 'array'; items: ValueShape; minItems?: number; maxItems?: number }
    /**
     * A struct / object: named fields (with required marks), and when `additional` is set, free key/value rows of
     * that shape (a `dict[str, X]`, an object without properties).
     */
    | { kind: 'struct'; fields: FieldShape[]; additional?: ValueShape }
    | { kind: 'enum'; options: TypedValue[] }
    /** oneOf / anyOf / a union type: one variant at a time. */
    | { kind: 'oneOf'; variants: VariantShape[] }
    /** Anything: typed JSON text. */
    | { kind: 'any' }
  );

export type ShapeKind = ValueShape['kind'];

export interface FieldShape {
  name: string;
  required: boolean;
  shape: ValueShape;
}

export interface VariantShape {
  label: string;
  shape: ValueShape;
}

export interface ParamShape {
  name: string;
  required: boolean;
  shape: ValueShape;
  description?: string;
}

/** Where a method's shape came from, most trusted first. */
export type ShapeOrigin = 'openrpc' | 'signature' | 'source' | 'arity' | 'unknown';

/** One way of calling the method (XML-RPC may list several signatures). */
export interface CallVariant {
  params: ParamShape[];
  /** The return type as said (`string`, `-> str`), when said. */
  returns?: string;
  /**
   * True when the number of arguments is known (a signature, OpenRPC, a source without *args); false: more can be
   * added (no introspection, `*args`).
   */
  fixed: boolean;
}

export interface MethodShape {
  name: string;
  origin: ShapeOrigin;
  /** `server.py:12` for a shape read from the source. */
  location?: string;
  variants: CallVariant[];
  help?: string;
  /** A short summary (OpenRPC `summary`, the first help line). */
  summary?: string;
}
