/**
 * XML-RPC decoding, in two paths:
 * - fastDecode.ts scans the canonical shape every server writes (elements and text only) straight into typed JSON;
 * - anything else (comments, CDATA, attributes, ex: types, odd spellings, broken documents) goes to
 *   fast-xml-parser here, which copes with all of XML and words what is wrong.
 * Both refuse a DOCTYPE before reading anything else.
 *
 * fast-xml-parser options, and why:
 * - preserveOrder: its node arrays are cheaper to build than merged objects (measured ~25% faster here) and keep
 *   mixed content in order; the conversion walks them directly.
 * - jPath:false: no path string built per node (~25% of parse time).
 * - parseTagValue:false, trimValues:false: the text stays exactly as sent — a bare <value> keeps its whitespace,
 *   and we convert by the XML-RPC type tag, not by guessing.
 * - processEntities:false: fast-xml-parser leaves references alone and `decodeText` resolves only the five
 *   XML entities and character references. A DOCTYPE (the only way to define other entities) is refused before
 *   parsing, so `&amp;` cannot be redefined and nothing expands.
 * fast-xml-parser does not check that end tags match (`<string>x</param>` parses), so checkTagBalance runs first.
 */
import * as l10n from '@vscode/l10n';
import type { XMLParser } from './xmlParser';
import { RpcError, RpcFault } from '../errors';
import type { TypedStruct, TypedValue } from '../types';
import { doubleValue, integerFromText } from '../values';
import { FALLBACK, decodeCanonicalResponse } from './fastDecode';
import { decodeText } from './text';

export { decodeText } from './text';

/** Options of the one parser instance; exported so the benchmark measures the raw parse with the same ones. */
export const XML_PARSER_OPTIONS = {
  preserveOrder: true,
  jPath: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  maxNestedTags: 300,
} as const;

let parser: XMLParser | undefined;

type XmlNode = Record<string, unknown>;
type XmlChildren = XmlNode[];

const TEXT = '#text';
/** Throws RpcError('malformed') unless the body can be parsed safely. Returns the text. */
function checkedText(body: Buffer | string): string {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.length === 0) throw malformed(l10n.t('the response body is empty'));
  if (text.indexOf('<!DOCTYPE') >= 0 || text.indexOf('<!doctype') >= 0) {
    const html = /<html[\s>]/i.test(text.slice(0, 2000));
    throw malformed(
      html
        ? l10n.t('the response is an HTML page, not XML-RPC{0}', titleOf(text))
        : l10n.t('refused a <!DOCTYPE>, which XML-RPC never needs (it could define or expand entities)'),
      !html && text.includes('<methodResponse'),
      html,
    );
  }
  return text;
}

function titleOf(text: string): string {
  const title = /<title[^>]*>([^<]{1,100})<\/title>/i.exec(text.slice(0, 4000));
  return title ? ` ("${title[1].trim()}")` : '';
}

/** The error for a body that is not a usable XML-RPC response; `xmlRpc`: the body is XML-RPC (just broken). */
function malformed(what: string, xmlRpc = false, webPage = false): RpcError {
  return new RpcError('malformed', l10n.t('malformed XML-RPC response: {0}', what), xmlRpc ? 'xmlrpc' : undefined, webPage ? { webPage } : {});
}

function startOf(text: string): string {
  const start = text.slice(0, 40).replace(/\s+/g, ' ').trim();
  return JSON.stringify(text.length > 40 ? start + '...' : start);
}

/**
 * fast-xml-parser does not check that closing tags match their opening tags, nor that every element is closed
 * (`<string>x</param>` parses). This one pass over the tags, jumping from `<` to `<`, does — at a small fraction of
 * the parse (XMLValidator would add ~20%). Returns why the text is not well-formed, or null.
 */
export function checkTagBalance(text: string): string | null {
  const stack: string[] = [];
  let rootClosed = false;
  let i = text.indexOf('<');
  while (i >= 0) {
    const c = text.charCodeAt(i + 1);
    let end: number;
    if (c === 47 /* / */) {
      end = text.indexOf('>', i);
      if (end < 0) return l10n.t('a closing tag is cut off');
      const open = stack.pop();
      if (open === undefined) return l10n.t('</{0}> closes nothing', text.slice(i + 2, end).trim().slice(0, 40));
      if (!text.startsWith(open, i + 2) || text.slice(i + 2 + open.length, end).trim() !== '') {
        return l10n.t('</{0}> closes <{1}>', text.slice(i + 2, end).trim().slice(0, 40), open);
      }
      if (stack.length === 0) rootClosed = true;
    } else if (c === 63 /* ? */) {
      end = text.indexOf('?>', i);
      if (end < 0) return l10n.t('a processing instruction is never closed');
      end++;
    } else if (c === 33 /* ! */) {
      if (text.startsWith('<!--', i)) {
        end = text.indexOf('-->', i + 4);
        if (end < 0) return l10n.t('a comment is never closed');
        end += 2;
      } else if (text.startsWith('<![CDATA[', i)) {
        end = text.indexOf(']]>', i + 9);
        if (end < 0) return l10n.t('a CDATA section is never closed');
        end += 2;
      } else {
        return l10n.t('unexpected markup {0}', JSON.stringify(text.slice(i, i + 12)));
      }
    } else {
      end = text.indexOf('>', i);
      if (end < 0) return l10n.t('a tag is cut off');
      if (rootClosed) return l10n.t('an element after the root element');
      if (text.charCodeAt(end - 1) !== 47 /* / */) {
        let nameEnd = i + 1;
        for (; nameEnd < end; nameEnd++) {
          const n = text.charCodeAt(nameEnd);
          if (n === 32 || n === 9 || n === 10 || n === 13 || n === 47) break;
        }
        if (nameEnd === i + 1) return l10n.t('a tag without a name');
        stack.push(text.slice(i + 1, nameEnd));
      }
    }
    i = text.indexOf('<', end + 1);
  }
  if (stack.length > 0) return l10n.t('<{0}> is never closed', stack[stack.length - 1]);
  if (!rootClosed) return l10n.t('no element');
  return null;
}

/** Parses XML with the decoder's options (also what the benchmark calls "raw parse"). */
export function parseXml(text: string): XmlChildren {
  parser ??= new (require('./xmlParser') as typeof import('./xmlParser')).XMLParser(XML_PARSER_OPTIONS);
  return parser.parse(text) as XmlChildren;
}

function tagOf(node: XmlNode): string {
  for (const k in node) return k;
  return '';
}

/** The first child element with this tag, or undefined. */
function child(children: XmlChildren, tag: string): XmlChildren | undefined {
  for (let i = 0; i < children.length; i++) {
    const c = children[i][tag];
    if (c !== undefined) return c as XmlChildren;
  }
  return undefined;
}

/** Concatenated text content of an element's children (usually one text node). */
function textOf(children: XmlChildren): string {
  if (children.length === 1) {
    const t = children[0][TEXT];
    if (t !== undefined) return String(t);
  }
  let text = '';
  for (let i = 0; i < children.length; i++) {
    const t = children[i][TEXT];
    if (t !== undefined) text += String(t);
  }
  return text;
}

const WHITESPACE = /\s+/g;

/** Converts the children of a <value> element. */
function convertValue(children: XmlChildren): TypedValue {
  // Find the type element; a <value> with text only is a string, whitespace kept exactly.
  let typed: XmlNode | undefined;
  let tag = '';
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    const t = tagOf(node);
    if (t !== TEXT) {
      typed = node;
      tag = t;
      break;
    }
  }
  if (typed === undefined) return decodeText(textOf(children));
  const inner = typed[tag] as XmlChildren;
  switch (tag) {
    case 'string':
      return decodeText(textOf(inner));
    case 'int':
    case 'i4':
    case 'i8':
    case 'i2':
    case 'i1':
    case 'ex:i8':
    case 'ex:i4':
    case 'ex:i2':
    case 'ex:i1': {
      const n = integerFromText(textOf(inner));
      if (n === undefined) throw malformed(l10n.t('<{0}> holds {1}, not an integer', tag, startOf(textOf(inner))));
      return n;
    }
    case 'double':
    case 'ex:float':
    case 'ex:double':
      return convertDouble(textOf(inner), tag);
    case 'boolean': {
      const text = textOf(inner).trim();
      if (text === '1' || text === 'true') return true;
      if (text === '0' || text === 'false') return false;
      throw malformed(l10n.t('<boolean> holds {0}, not 0 or 1', startOf(text)));
    }
    case 'nil':
    case 'ex:nil':
      return null;
    case 'base64':
      return { $base64: textOf(inner).replace(WHITESPACE, '') };
    case 'dateTime.iso8601':
    case 'ex:dateTime':
      return { $datetime: decodeText(textOf(inner).trim()) };
    case 'array': {
      const data = child(inner, 'data');
      const out: TypedValue[] = [];
      if (data === undefined) return out;
      for (let i = 0; i < data.length; i++) {
        const v = data[i].value;
        if (v !== undefined) out.push(convertValue(v as XmlChildren));
      }
      return out;
    }
    case 'struct': {
      const out: TypedStruct = {};
      for (let i = 0; i < inner.length; i++) {
        const member = inner[i].member as XmlChildren | undefined;
        if (member === undefined) continue;
        let name: string | undefined;
        let value: TypedValue = '';
        for (let j = 0; j < member.length; j++) {
          const m = member[j];
          if (m.name !== undefined) name = decodeText(textOf(m.name as XmlChildren));
          else if (m.value !== undefined) value = convertValue(m.value as XmlChildren);
        }
        if (name === undefined) throw malformed(l10n.t('a <member> without <name>'));
        if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
        else out[name] = value;
      }
      return out;
    }
    default:
      throw malformed(l10n.t('unknown value type <{0}>', tag));
  }
}

function convertDouble(raw: string, tag: string): TypedValue {
  const text = raw.trim();
  let n = Number(text);
  if (Number.isNaN(n) || text === '') {
    // Python writes repr(float): inf, -inf, nan.
    const lower = text.toLowerCase();
    if (lower === 'nan') n = NaN;
    else if (lower === 'inf' || lower === '+inf' || lower === 'infinity') n = Infinity;
    else if (lower === '-inf' || lower === '-infinity') n = -Infinity;
    else throw malformed(l10n.t('<{0}> holds {1}, not a number', tag, startOf(text)));
  }
  return doubleValue(n);
}

function faultOf(value: TypedValue): RpcFault {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(l10n.t('a <fault> that is not a struct'));
  const code = value.faultCode;
  const message = value.faultString;
  return new RpcFault(
    typeof code === 'number' ? code : code === undefined ? null : typeof code === 'string' ? code : JSON.stringify(code),
    typeof message === 'string' ? message : JSON.stringify(message ?? ''),
  );
}

/**
 * Decodes a methodResponse: resolves with the value, throws RpcFault for a <fault>, RpcError('malformed') for
 * anything that is not an XML-RPC response (HTML, JSON, broken XML, a DOCTYPE, an empty body).
 */
export function decodeMethodResponse(body: Buffer | string): TypedValue {
  // The canonical shape every server writes takes the fast path; anything else gets fast-xml-parser.
  // Bytes are scanned through their latin1 view (one byte, one char): a non-ASCII body as a UTF-8 string would be
  // a two-byte string twice the payload, which with the result breaks the "≤ 4x the payload" memory budget.
  const fast = typeof body === 'string' ? decodeCanonicalResponse(body) : decodeCanonicalResponse(body.toString('latin1'), body);
  if (fast !== FALLBACK) return fast;
  return decodeParsed(precheckedText(body));
}

/** decodeMethodResponse through fast-xml-parser only (the general path; tests compare both paths). */
export function decodeWithParser(body: Buffer | string): TypedValue {
  return decodeParsed(precheckedText(body));
}

/** The body as text, refused when empty, holding a DOCTYPE, or not XML at all. */
function precheckedText(body: Buffer | string): string {
  const text = checkedText(body);
  const trimmed = text.trimStart();
  if (trimmed.charCodeAt(0) !== 60 /* < */ && !(trimmed.charCodeAt(0) === 0xfeff && trimmed.charCodeAt(1) === 60)) {
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) throw malformed(l10n.t('the response is JSON, not XML ({0})', startOf(trimmed)));
    throw malformed(l10n.t('the response is not XML (starts with {0})', startOf(trimmed)));
  }
  return text;
}

function decodeParsed(text: string): TypedValue {
  const unbalanced = checkTagBalance(text);
  if (unbalanced !== null) throw malformed(l10n.t('not well-formed XML ({0})', unbalanced), text.includes('<methodResponse'));
  let root: XmlChildren;
  try {
    root = parseXml(text);
  } catch (e) {
    throw malformed(l10n.t('not well-formed XML ({0})', String((e as Error).message).split('\n', 1)[0].slice(0, 120)), text.includes('<methodResponse'));
  }
  const response = Array.isArray(root) ? child(root, 'methodResponse') : undefined;
  if (response === undefined) {
    throw malformed(l10n.t('no <methodResponse> element (starts with {0})', startOf(text.trimStart())));
  }
  const fault = child(response, 'fault');
  if (fault !== undefined) {
    const value = child(fault, 'value');
    if (value === undefined) throw malformed(l10n.t('a <fault> without a <value>'));
    throw faultOf(convertValue(value));
  }
  const params = child(response, 'params');
  if (params === undefined) throw malformed(l10n.t('a <methodResponse> with neither <params> nor <fault>'));
  const param = child(params, 'param');
  if (param === undefined) return null; // a void answer
  const value = child(param, 'value');
  if (value === undefined) throw malformed(l10n.t('a <param> without a <value>'));
  return convertValue(value);
}
