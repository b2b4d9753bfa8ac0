/**
 * Typed JSON → the JSON a JSON-RPC server receives. JSON-RPC has only JSON types, so tagged values become
 * their nearest JSON equivalent:
 *   {"$double": n} → n;  {"$i8": "digits"} → a number;
 *   {"$base64": "…"} → the base64 string;  {"$datetime": "…"} → the date/time string.
 * toJsonText writes the wire text with numbers exactly as typed ({"$i8"} with every digit, 1.0 with its fraction);
 * toPlainJson gives the nearest JS value, where an {"$i8"} beyond 2^53 can only be its digit string.
 * NaN and ±Infinity have no JSON form and are refused.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TypedStruct, TypedValue } from '../types';

export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };

export function toPlainJson(value: TypedValue): PlainJson {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw notJson(String(value));
    return value;
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const tagged = (value as TypedStruct)[keys[0]];
    switch (keys[0]) {
      case '$double':
        return doubleOf(tagged);
      case '$i8': {
        const digits = i8DigitsOf(tagged);
        const n = Number(digits);
        return Number.isSafeInteger(n) ? n : digits;
      }
      case '$base64':
      case '$datetime':
        return taggedString(keys[0], tagged);
    }
  }
  const out: { [key: string]: PlainJson } = {};
  for (const key of keys) {
    Object.defineProperty(out, key, { value: toPlainJson((value as TypedStruct)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function notJson(what: string): RpcError {
  return new RpcError('usage', l10n.t('JSON-RPC cannot send {0}: JSON has no NaN or Infinity', what));
}

/** {"$double": n}: a finite number, or a string of one. */
function doubleOf(tagged: TypedValue): number {
  const n = typeof tagged === 'string' ? Number(tagged.trim()) : tagged;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw notJson(JSON.stringify(tagged));
  return n;
}

/** {"$i8": "digits"} (or a number): its digits, trimmed. */
function i8DigitsOf(tagged: TypedValue): string {
  const digits = typeof tagged === 'number' ? String(tagged) : tagged;
  if (typeof digits !== 'string' || !/^[-+]?\d+$/.test(digits.trim())) {
    throw new RpcError('usage', l10n.t('{0} needs a string of digits, got {1}', '{"$i8": …}', String(JSON.stringify(tagged))));
  }
  return digits.trim();
}

/** {"$base64": "…"}, {"$datetime": "…"}: the string as it is. */
function taggedString(tag: string, tagged: TypedValue): string {
  if (typeof tagged !== 'string') throw new RpcError('usage', l10n.t('{0} needs a string, got {1}', `{"${tag}": …}`, String(JSON.stringify(tagged))));
  return tagged;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The JSON text a JSON-RPC server receives for typed values: the mapping of toPlainJson, with numbers exactly as
 * typed, which JSON text can say and a JS number cannot: an {"$i8"} within 64 bits is a bare JSON number with every
 * digit (9007199254740993, not a string, not rounded), and an integral {"$double"} keeps a fraction (`1.0`), so a
 * peer that tells int from float (Python's json) reads a float. An {"$i8"} beyond 64 bits is sent as its digit string.
 */
export function toJsonText(value: TypedValue): string {
  return writeJson(value, '');
}

function writeJson(value: TypedValue, out: string): string {
  switch (typeof value) {
    case 'string':
      return out + JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw notJson(String(value));
      return out + String(value);
    case 'boolean':
      return out + (value ? 'true' : 'false');
    case 'object': {
      if (value === null) return out + 'null';
      if (Array.isArray(value)) {
        out += '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out = writeJson(value[i], out);
        }
        return out + ']';
      }
      const keys = Object.keys(value);
      if (keys.length === 1) {
        const tagged = (value as TypedStruct)[keys[0]];
        switch (keys[0]) {
          case '$double': {
            const n = doubleOf(tagged);
            const text = n === 0 && 1 / n < 0 ? '-0' : String(n);
            return out + (/^-?\d+$/.test(text) ? text + '.0' : text);
          }
          case '$i8': {
            const digits = i8DigitsOf(tagged);
            const big = BigInt(digits);
            // BigInt's text: no '+', no leading zeros (JSON allows neither).
            return out + (big >= INT64_MIN && big <= INT64_MAX ? big.toString() : JSON.stringify(digits));
          }
          case '$base64':
          case '$datetime':
            return out + JSON.stringify(taggedString(keys[0], tagged));
        }
      }
      out += '{';
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) out += ',';
        out = writeJson((value as TypedStruct)[keys[i]], out + JSON.stringify(keys[i]) + ':');
      }
      return out + '}';
    }
    default:
      throw new RpcError('usage', l10n.t('cannot send a {0} value over JSON-RPC', typeof value));
  }
}
