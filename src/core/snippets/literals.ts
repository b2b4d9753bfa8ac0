/**
 * Quoting for the languages a snippet is written in: POSIX shell, Python 3 and JavaScript. Each function returns a
 * literal that its language reads back as exactly the given text or bytes.
 */

/** A POSIX shell word holding `text` verbatim: single quotes, where nothing is special but the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A shell word as bare as it can safely be (URLs and method names read better without quotes). */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : shellQuote(text);
}

/**
 * A printf format (without its quotes) that prints `bytes` exactly: printable ASCII as itself, everything else
 * (control bytes, NUL, non-UTF-8 bytes, non-ASCII) as a three-digit octal escape, which POSIX printf understands.
 */
export function printfFormat(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x25) out += '%%';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27) out += `'\\''`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\' + byte.toString(8).padStart(3, '0');
  }
  return out;
}

/** Is the buffer UTF-8 text that a quoted literal can hold (no NUL or control bytes except tab, CR and LF)? */
export function isPlainText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return false;
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

/** A Python 3 str literal: printable text (Chinese too) as itself, anything else escaped. */
export function pythonString(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (isInvisible(code)) out += code > 0xffff ? '\\U' + code.toString(16).padStart(8, '0') : '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + "'";
}

/** A Python 3 bytes literal. */
export function pythonBytes(bytes: Buffer): string {
  let out = "b'";
  for (const byte of bytes) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27) out += "\\'";
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\x' + byte.toString(16).padStart(2, '0');
  }
  return out + "'";
}

/** A JavaScript string literal: JSON's, with the line and paragraph separators escaped for older engines. */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Line/paragraph separators, BOM, bidi controls and other format characters: shown escaped so nothing hides in a snippet. */
function isInvisible(code: number): boolean {
  return (
    (code >= 0x80 && code < 0xa0) ||
    code === 0xad ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff)
  );
}
