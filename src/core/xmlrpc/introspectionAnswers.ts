/**
 * Reading what a server answered to system.methodSignature and system.methodHelp, one answer at a time or a
 * system.multicall chunk of them (wrapped or bare), checked against what was asked: client.ts asks, this reads.
 */
import * as l10n from '@vscode/l10n';
import { RpcFault } from '../errors';
import type { TypedValue } from '../types';

export type Asked = 'signatures' | 'help';
export const ASKED: readonly Asked[] = ['signatures', 'help'];
export const INTROSPECTION_METHOD: Readonly<Record<Asked, string>> = { signatures: 'system.methodSignature', help: 'system.methodHelp' };

type Answer = string[][] | string | null;
/** An answer read: its value, or why it could not be read (`fault` set when the server answered a fault). */
export type Reading = { ok: true; value: Answer } | { ok: false; problem: string; fault?: RpcFault };

/** A type name in a signature: 'int', 'dateTime.iso8601', 'ex:nil'... never text with spaces. */
const TYPE_NAME = /^[A-Za-z][\w.:-]*$/;

function shapeOf(value: TypedValue): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return l10n.t('an array');
  if (typeof value === 'number') return Number.isInteger(value) ? l10n.t('an int') : l10n.t('a double');
  if (typeof value === 'boolean') return l10n.t('a boolean');
  if (typeof value === 'string') return l10n.t('a string');
  if ('$double' in value) return l10n.t('a double');
  if ('$i8' in value) return l10n.t('an i8');
  if ('$base64' in value) return 'base64';
  if ('$datetime' in value) return l10n.t('a dateTime');
  return l10n.t('a struct');
}

/**
 * A methodSignature answer: a list of signatures ([returnType, argType...] each), one signature sent flat
 * (supervisord: ["boolean", "string"]), or anything not an array for "none" — Python answers the string
 * 'signatures not supported', xmlrpc-c 'undef'.
 */
function readSignatures(value: TypedValue): Reading {
  if (value === null || typeof value === 'string') return { ok: true, value: null };
  if (!Array.isArray(value)) return { ok: false, problem: l10n.t('answered {0}, not signatures', shapeOf(value)) };
  if (value.length === 0) return { ok: true, value: null };
  if (value.every((s) => Array.isArray(s) && s.every((t) => typeof t === 'string' && TYPE_NAME.test(t)))) {
    const signatures = value as string[][];
    return { ok: true, value: signatures.some((s) => s.length > 0) ? signatures.filter((s) => s.length > 0) : null };
  }
  if (value.every((t) => typeof t === 'string' && TYPE_NAME.test(t))) return { ok: true, value: [value as string[]] };
  return { ok: false, problem: l10n.t('answered an array that is not a list of signatures') };
}

/** A methodHelp answer: text ('' or nil: the method has no help). */
function readHelp(value: TypedValue): Reading {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== 'string') return { ok: false, problem: l10n.t('answered {0}, not text', shapeOf(value)) };
  return { ok: true, value: value.trim() === '' ? null : value };
}

export function readAnswer(asked: Asked, value: TypedValue): Reading {
  return asked === 'signatures' ? readSignatures(value) : readHelp(value);
}

/** Does the text name this method (not merely contain it inside a longer name)? */
export function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.])${escaped}($|[^\\w.])`).test(text);
}

export function faultReading(fault: RpcFault): Reading {
  return { ok: false, problem: fault.message, fault };
}

/** A multicall entry that is a fault: {faultCode, faultString}. */
export function multicallFault(entry: TypedValue): RpcFault | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const { faultCode, faultString } = entry;
  if (typeof faultString !== 'string' || (typeof faultCode !== 'number' && typeof faultCode !== 'string')) return undefined;
  return new RpcFault(faultCode, faultString);
}

/** How a server's multicall sends each result: in a one-element array (the standard) or as the value itself. */
export type MulticallShape = 'wrapped' | 'bare';

export interface Question {
  index: number;
  asked: Asked;
}

/** A chunk's answer read with one shape; undefined when some entry does not fit it. */
export function readAs(shape: MulticallShape, questions: readonly Question[], results: readonly TypedValue[]): Reading[] | undefined {
  const readings: Reading[] = new Array(questions.length);
  for (let i = 0; i < questions.length; i++) {
    const entry = results[i];
    const fault = multicallFault(entry);
    if (fault) {
      readings[i] = faultReading(fault);
      continue;
    }
    if (shape === 'wrapped' && !(Array.isArray(entry) && entry.length === 1)) return undefined;
    const reading = readAnswer(questions[i].asked, shape === 'wrapped' ? (entry as TypedValue[])[0] : entry);
    if (!reading.ok) return undefined;
    readings[i] = reading;
  }
  return readings;
}
