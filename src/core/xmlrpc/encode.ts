/**
 * XML-RPC encoding: a plain string builder (fast-xml-parser's XMLBuilder is several times slower, and the
 * grammar here is tiny). Non-ASCII text goes out as UTF-8; only &, <, > and CR are escaped.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TypedValue } from '../types';
import { doubleOf, i8Text } from '../values';

const NEEDS_ESCAPE = /[&<>\r]/;
// Characters XML 1.0 cannot carry at all, not even as a character reference.
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

export function escapeXmlText(text: string): string {
  if (NOT_XML.test(text)) {
    throw new RpcError('usage', l10n.t('text {0} holds a control character XML-RPC cannot carry: send it as {1}', JSON.stringify(text.slice(0, 30)), '{"$base64": ...}'));
  }
  if (!NEEDS_ESCAPE.test(text)) return text;
  // CR as a reference: a literal one would be normalised to LF by the receiving XML parser.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function formatDouble(n: number): string {
  // String(-0) is "0": the sign of a negative zero would be lost.
  if (Number.isFinite(n)) return n === 0 && 1 / n < 0 ? '-0' : String(n);
  // What Python's float() reads back.
  return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
}

/** Appends one <value> to `out` and returns the result (string concatenation is V8's fastest builder). */
function encodeValue(value: TypedValue, out: string, depth: number): string {
  if (depth > 200) throw new RpcError('usage', l10n.t('value nested more than 200 levels deep'));
  switch (typeof value) {
    case 'string':
      return out + '<value><string>' + escapeXmlText(value) + '</string></value>';
    case 'number':
      if (Number.isInteger(value)) {
        if (value >= -2147483648 && value <= 2147483647) return out + '<value><int>' + value + '</int></value>';
        if (Number.isSafeInteger(value)) return out + '<value><i8>' + value + '</i8></value>';
      }
      return out + '<value><double>' + formatDouble(value) + '</double></value>';
    case 'boolean':
      return out + (value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
    case 'object': {
      if (value === null) return out + '<value><nil/></value>';
      if (Array.isArray(value)) {
        out += '<value><array><data>';
        for (let i = 0; i < value.length; i++) out = encodeValue(value[i], out, depth + 1);
        return out + '</data></array></value>';
      }
      // A tagged object has exactly one key; check the common single-key case without allocating.
      let first: string | undefined;
      let count = 0;
      for (const k in value) {
        if (count++ === 0) first = k;
        else break;
      }
      if (count === 1 && first !== undefined && first.charCodeAt(0) === 36 /* $ */) {
        const raw = value[first];
        switch (first) {
          case '$double':
            return out + '<value><double>' + formatDouble(doubleOf(raw)) + '</double></value>';
          case '$datetime':
            return out + '<value><dateTime.iso8601>' + escapeXmlText(String(raw)) + '</dateTime.iso8601></value>';
          case '$base64':
            return out + '<value><base64>' + escapeXmlText(String(raw)) + '</base64></value>';
          case '$i8':
            return out + '<value><i8>' + escapeXmlText(i8Text(raw)) + '</i8></value>';
        }
      }
      out += '<value><struct>';
      for (const k in value) {
        out += '<member><name>' + escapeXmlText(k) + '</name>';
        out = encodeValue(value[k], out, depth + 1);
        out += '</member>';
      }
      return out + '</struct></value>';
    }
    default:
      throw new RpcError('usage', l10n.t('cannot send a {0} value over XML-RPC', typeof value));
  }
}

/** A methodCall document. */
export function encodeMethodCall(method: string, args: readonly TypedValue[]): string {
  let out = '<?xml version="1.0"?>\n<methodCall><methodName>' + escapeXmlText(method) + '</methodName><params>';
  for (let i = 0; i < args.length; i++) {
    out += '<param>';
    out = encodeValue(args[i], out, 0);
    out += '</param>';
  }
  return out + '</params></methodCall>\n';
}

/** A methodResponse document (for tests and the benchmark's fixed-response server). */
export function encodeMethodResponse(result: TypedValue): string {
  return encodeValue(result, '<?xml version="1.0"?>\n<methodResponse><params><param>', 0) + '</param></params></methodResponse>\n';
}

/** A fault methodResponse. */
export function encodeFault(code: number, message: string): string {
  return encodeValue({ faultCode: code, faultString: message }, '<?xml version="1.0"?>\n<methodResponse><fault>', 0) + '</fault></methodResponse>\n';
}
