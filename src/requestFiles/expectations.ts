/**
 * EXPECT: typed JSON equality and the one-line difference a failed expectation reports (`expected 5, got 6`).
 * Integers equal integers by value whether plain or {"$i8"}; doubles equal doubles by value (`1.0` and
 * {"$double": 1} alike, NaN equals NaN); an integer is not a double (5 ≠ 5.0) except over JSON-RPC, whose JSON has
 * one kind of number. Structs compare key by key in any order; arrays item by item. {"$datetime"} compares its text,
 * {"$base64"} its data (whitespace aside).
 */
import * as l10n from '@vscode/l10n';
import type { TypedValue } from '../core/types';
import { taggedOf } from '../core/values';
import { displayValue } from './variables';

export interface EqualityOptions {
  /** Integers and doubles compare by numeric value (JSON-RPC). */
  numbersByValue?: boolean;
}

type NumberView = { kind: 'int'; value: bigint } | { kind: 'double'; value: number };

function numberView(value: TypedValue): NumberView | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { kind: 'int', value: BigInt(value) } : { kind: 'double', value };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const tagged = taggedOf(value);
  if (tagged?.tag === '$i8') return { kind: 'int', value: BigInt(tagged.value) };
  if (tagged?.tag === '$double') return { kind: 'double', value: tagged.value };
  return undefined;
}

function numbersEqual(a: NumberView, b: NumberView, byValue: boolean): boolean {
  if (a.kind === 'int' && b.kind === 'int') return a.value === b.value;
  if (a.kind === 'double' && b.kind === 'double') return a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value));
  if (!byValue) return false;
  return Number(a.value) === Number(b.value);
}

/** The first difference between what was expected and what came, as one line; undefined when they are equal. */
export function differenceOf(expected: TypedValue, actual: TypedValue, options: EqualityOptions = {}): string | undefined {
  return difference(expected, actual, '', options.numbersByValue ?? false);
}

function difference(expected: TypedValue, actual: TypedValue, path: string, byValue: boolean): string | undefined {
  const at = (message: string) => (path ? l10n.t('at {0}: {1}', path, message) : message);
  const mismatch = () => at(l10n.t('expected {0}, got {1}', displayValue(expected), displayValue(actual)));
  const expectedNumber = numberView(expected);
  const actualNumber = numberView(actual);
  if (expectedNumber || actualNumber) {
    if (expectedNumber && actualNumber && numbersEqual(expectedNumber, actualNumber, byValue)) return undefined;
    return mismatch();
  }
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return expected === actual ? undefined : mismatch();
  }
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return mismatch();
    const shared = Math.min(expected.length, actual.length);
    for (let i = 0; i < shared; i++) {
      const inner = difference(expected[i], actual[i], `${path}[${i}]`, byValue);
      if (inner) return inner;
    }
    if (expected.length !== actual.length) {
      return at(
        expected.length === 1
          ? l10n.t('expected 1 item, got {0}: {1}', actual.length, displayValue(actual))
          : l10n.t('expected {0} items, got {1}: {2}', expected.length, actual.length, displayValue(actual)),
      );
    }
    return undefined;
  }
  const expectedTag = taggedOf(expected);
  const actualTag = taggedOf(actual);
  if (expectedTag || actualTag) {
    if (!expectedTag || !actualTag || expectedTag.tag !== actualTag.tag) return mismatch();
    const normalize = (text: string | number) => (expectedTag.tag === '$base64' ? String(text).replace(/\s+/g, '') : String(text));
    return normalize(expectedTag.value) === normalize(actualTag.value) ? undefined : mismatch();
  }
  for (const key of Object.keys(expected)) {
    const keyPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? '.' + key : `[${JSON.stringify(key)}]`}`;
    if (!Object.hasOwn(actual, key)) return at(l10n.t('missing key {0} in {1}', JSON.stringify(key), displayValue(actual)));
    const inner = difference(expected[key], actual[key], keyPath, byValue);
    if (inner) return inner;
  }
  for (const key of Object.keys(actual)) {
    if (!Object.hasOwn(expected, key)) return at(l10n.t('unexpected key {0} in {1}', JSON.stringify(key), displayValue(actual)));
  }
  return undefined;
}
