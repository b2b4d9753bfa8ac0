/**
 * Typed JSON → the plain JSON a JSON-RPC server receives. JSON-RPC has only JSON types, so tagged values become
 * their nearest JSON equivalent:
 *   {"$double": n} → n;  {"$i8": "digits"} → a number when it is a safe integer, else the digit string
 *   (a JSON number beyond 2^53 would be rounded by most peers, a string keeps every digit);
 *   {"$base64": "…"} → the base64 string;  {"$datetime": "…"} → the date/time string.
 * NaN and ±Infinity have no JSON form and are refused.
 */
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
      case '$double': {
        const n = typeof tagged === 'string' ? Number(tagged.trim()) : tagged;
        if (typeof n !== 'number' || !Number.isFinite(n)) throw notJson(JSON.stringify(tagged));
        return n;
      }
      case '$i8': {
        const digits = typeof tagged === 'number' ? String(tagged) : tagged;
        if (typeof digits !== 'string' || !/^[-+]?\d+$/.test(digits.trim())) {
          throw new RpcError('usage', `{"$i8": …} needs a string of digits, got ${JSON.stringify(tagged)}`);
        }
        const n = Number(digits);
        return Number.isSafeInteger(n) ? n : digits.trim();
      }
      case '$base64':
      case '$datetime':
        if (typeof tagged !== 'string') throw new RpcError('usage', `{"${keys[0]}": …} needs a string, got ${JSON.stringify(tagged)}`);
        return tagged;
    }
  }
  const out: { [key: string]: PlainJson } = {};
  for (const key of keys) {
    Object.defineProperty(out, key, { value: toPlainJson((value as TypedStruct)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function notJson(what: string): RpcError {
  return new RpcError('usage', `JSON-RPC cannot send ${what}: JSON has no NaN or Infinity`);
}
