/** XML text helpers shared by both XML-RPC decoding paths. */

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const OTHER_AMPERSAND = /&(?!amp;|lt;|gt;|quot;|apos;|#[0-9]+;|#x[0-9a-fA-F]+;)/;

/** Resolves the five XML entities and character references; any other `&name;` stays as written. */
export function decodeText(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return NAMED[ref];
    const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Does the text hold an `&` that is not one of the references decodeText resolves? */
export function hasOtherAmpersand(text: string): boolean {
  return text.indexOf('&') >= 0 && OTHER_AMPERSAND.test(text);
}

/**
 * decodeText for text known to hold an `&` at `amp`, in one pass without a regular expression (the fast decoder's
 * strings); undefined when an `&` is not one of the references decodeText resolves (as hasOtherAmpersand).
 */
export function decodeKnownEntities(text: string, amp: number): string | undefined {
  let out = '';
  let copied = 0;
  while (amp !== -1) {
    const semicolon = text.indexOf(';', amp + 1);
    if (semicolon === -1) return undefined;
    const replacement = entityValue(text, amp + 1, semicolon);
    if (replacement === undefined) return undefined;
    out += text.slice(copied, amp) + replacement;
    copied = semicolon + 1;
    amp = text.indexOf('&', copied);
  }
  return out + text.slice(copied);
}

/** The text of the reference named by [from, to) (between `&` and `;`), undefined when decodeText knows none. */
function entityValue(text: string, from: number, to: number): string | undefined {
  const length = to - from;
  const c = text.charCodeAt(from);
  if (c === 35 /* # */) {
    const hex = text.charCodeAt(from + 1) === 120; /* x */
    const digitsFrom = hex ? from + 2 : from + 1;
    if (digitsFrom === to) return undefined;
    let code = 0;
    for (let i = digitsFrom; i < to; i++) {
      const d = digitValue(text.charCodeAt(i), hex);
      if (d < 0) return undefined;
      if (code <= 0x10ffff) code = code * (hex ? 16 : 10) + d; // beyond: kept as written, whatever its digits
    }
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : text.slice(from - 1, to + 1);
  }
  if (length === 2 && text.charCodeAt(from + 1) === 116 /* t */) return c === 108 /* l */ ? '<' : c === 103 /* g */ ? '>' : undefined;
  if (length === 3 && text.startsWith('amp', from)) return '&';
  if (length === 4) return text.startsWith('quot', from) ? '"' : text.startsWith('apos', from) ? "'" : undefined;
  return undefined;
}

/** A decimal (or, with `hex`, hexadecimal) digit's value; -1 for any other character. */
export function digitValue(c: number, hex: boolean): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (!hex) return -1;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
