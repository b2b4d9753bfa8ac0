import type { TypedValue } from './types';

/**
 * Typed JSON helpers shared by the CLI, the call command's argument box and the result view.
 * (Owner: core/values helper. Keep these signatures; others code against them.)
 */

export type ArgumentParse = { ok: true; args: TypedValue[] } | { ok: false; error: string };

/**
 * Parses what a user types as a call's argument list: `"phyger"` or `"a", 42, {"$base64": "aGk="}`.
 * Empty (or blank) text is no arguments. Tagged objects are validated ($base64 must be base64, $i8 digits...).
 */
export function parseArgumentList(text: string): ArgumentParse {
  if (text.trim() === '') return { ok: true, args: [] };
  try {
    const args = JSON.parse(`[${text}\n]`) as TypedValue[];
    return { ok: true, args };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** A CLI argument: typed JSON when it parses, else the text itself as a string (`call URL sayHi phyger`). */
export function parseCliArgument(text: string): TypedValue {
  try {
    return JSON.parse(text) as TypedValue;
  } catch {
    return text;
  }
}

/** Typed JSON text of a value (what the CLI prints and "Copy Result" copies). */
export function formatTypedValue(value: TypedValue, indent = 2): string {
  return JSON.stringify(value, null, indent);
}
