/**
 * JSON.parse rounds integers beyond 2^53 (int64 ids are common in JSON-RPC results). Before parsing, such integer
 * literals (outside strings) are rewritten as {"$i8": "digits"}, the typed JSON for them, so no digit is lost.
 * Text without such literals is parsed as is.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  const rewritten = rewriteBigIntegers(text);
  return JSON.parse(rewritten ?? text);
}

/** The text with unsafe integer literals wrapped, or null when there are none. */
function rewriteBigIntegers(text: string): string | null {
  let out: string[] | null = null;
  let copiedUpTo = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip a string, escapes included; an unterminated one is left for JSON.parse to report.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (token.length >= 16 && /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out ??= [];
        out.push(text.slice(copiedUpTo, start), `{"$i8":"${token}"}`);
        copiedUpTo = i;
      }
      continue;
    }
    i++;
  }
  if (out === null) return null;
  out.push(text.slice(copiedUpTo));
  return out.join('');
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
