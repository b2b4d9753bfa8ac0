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
