/**
 * hprose 2.x request and response framing (npm hprose client/Client.js and server/Service.js):
 *   function list:  request `z`                      → `F` + list of names + `z`  (hprose 3: `R` + list + `z`)
 *   call:           `C` + name + [`a<n>{args}`] + `z` → `R` + value [+ `A` + list] + `z`, or `E` + message + `z`
 * The name is written as a string (`s<len>"name"`), then references restart at the argument list.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import type { TypedValue } from '../types';
import { HproseReader } from './reader';
import { Tag } from './tags';
import { HproseWriter } from './writer';

/** The function-list request body. */
export const FUNCTION_LIST_REQUEST = Buffer.from([Tag.End]);

/** Names the server lists but nobody calls: `#` (getNextId), `*` (the catch-all handler), `~` (hprose 3). */
const HIDDEN_NAMES = new Set(['#', '*', '~']);

export function encodeCall(method: string, args: readonly TypedValue[]): Buffer {
  const writer = new HproseWriter();
  writer.byte(Tag.Call);
  writer.writeStringNoRef(method);
  if (args.length > 0) {
    writer.resetRefs();
    writer.writeList(args);
  }
  writer.byte(Tag.End);
  return writer.toBuffer();
}

/** The value of an `R…z` reply; an `E…z` reply throws RpcFault(null, message). */
export function decodeCallResponse(body: Buffer): TypedValue {
  const reader = new HproseReader(body);
  const tag = firstTag(reader, body);
  if (tag === Tag.Error) throw new RpcFault(null, readErrorMessage(reader, body));
  if (tag !== Tag.Result) notHprose(body);
  const value = reader.readValue();
  let next = reader.readByte();
  if (next === Tag.Argument) {
    // Arguments passed by reference come back after the result; we do not pass any, but tolerate them.
    reader.resetRefs();
    reader.expect(Tag.List);
    reader.readList();
    next = reader.readByte();
  }
  if (next !== Tag.End) {
    reader.pos--;
    reader.fail(l10n.t('expected the end "z" after the result'));
  }
  expectOnlyWhitespace(reader, body);
  return value;
}

/** The callable names of an `F…z` (or hprose 3 `R…z`) reply. */
export function decodeFunctionList(body: Buffer): string[] {
  const reader = new HproseReader(body);
  const tag = firstTag(reader, body);
  if (tag === Tag.Error) {
    throw new RpcError('no-introspection', l10n.t('the hprose server refused to list its functions: {0}', readErrorMessage(reader, body)), 'hprose');
  }
  if (tag !== Tag.Functions && tag !== Tag.Result) notHprose(body);
  const listTag = reader.readByte();
  if (listTag !== Tag.List) {
    reader.pos--;
    reader.fail(l10n.t('expected the function list {0}', '"a{…}"'));
  }
  const names = reader.readList();
  reader.expect(Tag.End);
  expectOnlyWhitespace(reader, body);
  return names.map((name) => (typeof name === 'string' ? name : JSON.stringify(name))).filter((name) => !HIDDEN_NAMES.has(name));
}

function firstTag(reader: HproseReader, body: Buffer): number {
  if (body.length === 0) throw new RpcError('malformed', l10n.t('hprose: the server sent an empty response'));
  return reader.readByte();
}

/**
 * The message of an `E…z` reply. Some servers write it with a wrong string length; the text is still the server's
 * own explanation, so it is shown as read rather than replaced by a decoding error.
 */
function readErrorMessage(reader: HproseReader, body: Buffer): string {
  const start = reader.pos;
  try {
    const message = reader.readString();
    reader.expect(Tag.End);
    return message;
  } catch {
    return readableErrorText(body.subarray(start));
  }
}

/** The text of a broken `s<len>"…"z` (or bare) error: what stands between its quotes, else the printable bytes. */
function readableErrorText(rest: Buffer): string {
  const text = rest.toString('utf8');
  const quoted = /^s\d*"([\s\S]*)"z?\s*$/.exec(text);
  const raw = quoted ? quoted[1] : text.replace(/z\s*$/, '');
  const printable = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  return printable === '' ? l10n.t('the server sent an error without a readable message') : printable.length > 2000 ? printable.slice(0, 2000) + '…' : printable;
}

function expectOnlyWhitespace(reader: HproseReader, body: Buffer): void {
  const rest = body.subarray(reader.pos).toString('latin1');
  if (rest.trim() !== '') reader.fail(l10n.t('unexpected data after the end "z"'));
}

function notHprose(body: Buffer): never {
  const start = body.subarray(0, 60).toString('utf8').replace(/\s+/g, ' ').trim();
  const webPage = /^<(!doctype html|html)[\s>]/i.test(start);
  throw new RpcError('malformed', l10n.t('not an hprose response (it starts with {0})', JSON.stringify(start)), undefined, webPage ? { webPage } : {});
}
