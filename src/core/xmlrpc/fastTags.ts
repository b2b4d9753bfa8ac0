/** The tags the fast XML-RPC decoder (fastDecode.ts) looks for, ready to be compared with the body's bytes. */

/**
 * A tag the scanner looks for, with its bytes as little-endian 32-bit words: in the bytes' DataView a comparison is
 * two or three loads where startsWith is a builtin call (the scanner makes some 90 per record).
 */
export class Literal {
  readonly length: number;
  /** The first and the last four bytes (overlapping below 8): a tag of up to 8 bytes is these two words. */
  readonly head: number;
  readonly tail: number;
  /** Offsets and words of the bytes between, for longer tags. */
  readonly offsets: Int32Array;
  readonly words: Uint32Array;
  constructor(readonly text: string) {
    this.length = text.length;
    const bytes = Buffer.alloc(Math.max(text.length, 4));
    bytes.write(text, 'latin1');
    this.head = bytes.readUInt32LE(0);
    this.tail = bytes.readUInt32LE(Math.max(text.length - 4, 0));
    const offsets: number[] = [];
    for (let o = 4; o < text.length - 4; o += 4) offsets.push(o);
    this.offsets = Int32Array.from(offsets);
    this.words = Uint32Array.from(offsets, (o) => bytes.readUInt32LE(o));
  }
}

export const VALUE_END = new Literal('/value>');
export const CLOSE_VALUE = new Literal('</value>');
export const STRING = new Literal('string>');
export const STRUCT = new Literal('struct>');
export const STRING_EMPTY = new Literal('string/>');
export const STRUCT_EMPTY = new Literal('struct/>');
export const INT = new Literal('int>');
export const I4 = new Literal('i4>');
export const I8 = new Literal('i8>');
export const DOUBLE = new Literal('double>');
export const DATETIME_ISO8601 = new Literal('dateTime.iso8601>');
export const BOOLEAN = new Literal('boolean>');
export const CLOSE_BOOLEAN = new Literal('</boolean>');
export const BASE64 = new Literal('base64>');
export const ARRAY = new Literal('array>');
export const ARRAY_EMPTY = new Literal('array/>');
export const NIL_EMPTY = new Literal('nil/>');
export const NIL = new Literal('nil>');
export const CLOSE_NIL = new Literal('</nil>');
export const CLOSE_DOUBLE = new Literal('</double>');
export const CLOSE_MEMBER = new Literal('</member>');
export const XML = new Literal('<?xml');
export const CLOSE_STRING = new Literal('</string>');
export const CLOSE_DATETIME_ISO8601 = new Literal('</dateTime.iso8601>');
export const CLOSE_BASE64 = new Literal('</base64>');
export const DATA_EMPTY = new Literal('<data/>');
export const CLOSE_ARRAY = new Literal('</array>');
export const DATA = new Literal('<data>');
export const VALUE = new Literal('<value>');
export const CLOSE_DATA = new Literal('</data>');
export const MEMBER = new Literal('<member>');
export const NAME = new Literal('<name>');
export const CLOSE_NAME = new Literal('</name>');
export const CLOSE_STRUCT = new Literal('</struct>');
export const METHODRESPONSE = new Literal('<methodResponse>');
export const FAULT = new Literal('<fault>');
export const CLOSE_FAULT = new Literal('</fault>');
export const PARAMS = new Literal('<params>');
export const PARAM = new Literal('<param>');
export const CLOSE_PARAM = new Literal('</param>');
export const CLOSE_PARAMS = new Literal('</params>');
export const CLOSE_METHODRESPONSE = new Literal('</methodResponse>');
export const CLOSE_INT = new Literal('</int>');
export const CLOSE_I4 = new Literal('</i4>');
export const CLOSE_I8 = new Literal('</i8>');
