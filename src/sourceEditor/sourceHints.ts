/**
 * What a method's source adds where the server says nothing: its parameters, its docstring, where it is defined and
 * the argument box's starting text. Server-provided signatures and help win wherever they exist.
 */
import * as path from 'node:path';
import type { SourceSignature } from '../core/methodShape';
import type { MethodInfo, ParamInfo } from '../core/types';
import type { ServerSourceModel, SourceFunction } from '../sourceModel/model';
import { argumentTemplate, positionalParams, sourceSignature } from './argumentTemplate';

export interface SourceHints {
  /** The positional parameters a client passes. */
  params?: ParamInfo[];
  doc?: string;
  /** `sayHi(name: str) -> str`, as declared. */
  signature: string;
  /** The argument box's starting text; undefined when the parameters are unknown. */
  template?: string;
  /** `server.py:12`: where the function is defined (or registered, when it is not defined there). */
  location: string;
  file: string;
  line: number;
  /** True when the file defines the function (Go to Definition can open it). */
  defined: boolean;
  /** What the method-shape model reads: parameters with their defaults and type texts. */
  signatureInput: SourceSignature;
}

export function sourceHints(model: ServerSourceModel, fn: SourceFunction): SourceHints {
  const place = fn.definition ?? fn.registeredAt;
  return {
    params: fn.params ? positionalParams(fn).map((p) => ({ name: p.name, required: p.required, ...(p.description ? { description: p.description } : {}) })) : undefined,
    doc: fn.doc,
    signature: sourceSignature(fn, model.language),
    template: argumentTemplate(fn),
    location: `${path.basename(model.file)}:${place.line}`,
    file: model.file,
    line: place.line,
    defined: Boolean(fn.definition),
    signatureInput: {
      location: `${path.basename(model.file)}:${place.line}`,
      ...(fn.params ? { params: fn.params } : {}),
      ...(fn.returns ? { returns: fn.returns } : {}),
      ...(fn.doc ? { doc: fn.doc } : {}),
    },
  };
}

/** True when the server described the method's parameters itself (XML-RPC signatures, OpenRPC params). */
export function serverDescribesParams(method: MethodInfo): boolean {
  return Boolean(method.signatures?.length) || (method.params !== undefined && method.origin !== 'source');
}

/** The method with the source's parameters and docs where the server gave none. */
export function withSourceHints(method: MethodInfo, hints: SourceHints): MethodInfo {
  return {
    ...method,
    params: serverDescribesParams(method) ? method.params : (hints.params ?? method.params),
    help: method.help ?? hints.doc ?? null,
  };
}
