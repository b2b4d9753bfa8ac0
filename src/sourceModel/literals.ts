/** String literals of the languages read, decoded to the value the program sees. */

const PYTHON_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The value of a Python string literal (prefixes r, u, b; not f-strings); undefined when it is not one. */
export function pythonString(raw: string): string | undefined {
  const m = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m || (m[2].length === 1 && m[3].includes('\n'))) return undefined;
  if (/r/i.test(m[1])) return m[3];
  return m[3].replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (all, escape: string) => {
    if (isLineContinuation(escape)) return '';
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
    return PYTHON_ESCAPES[escape] ?? all;
  });
}

const JS_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of a JavaScript string literal (or a template literal without substitutions). */
export function jsString(raw: string): string | undefined {
  const m = /^(['"`])([\s\S]*)\1$/.exec(raw);
  if (!m) return undefined;
  return m[2].replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|.)/g, (_all, escape: string) => {
    if (isLineContinuation(escape)) return '';
    if (/^x./.test(escape)) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^u\{/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (/^u./.test(escape)) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return JS_ESCAPES[escape] ?? escape;
  });
}

/** A backslash before a line break joins the lines: both languages drop the pair. */
function isLineContinuation(escape: string): boolean {
  return escape.startsWith('\n') || escape.startsWith('\r');
}
