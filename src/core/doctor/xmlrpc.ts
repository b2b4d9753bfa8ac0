/** The XML-RPC rules of `rpc-explorer doctor` (http://xmlrpc.com/spec.md), with introspection and multicall. */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault, describeError } from '../errors';
import type { TransportOptions, TypedValue } from '../types';
import { decodeMethodResponse, encodeMethodCall, parseXml } from '../xmlrpc';
import { checkTagBalance } from '../xmlrpc/decode';
import { excerpt, isSuccess, nonexistentMethod, probe, type ProbeReply } from './probe';
import { Verdicts, type RuleOutcome } from './rules';

type XmlNode = Record<string, unknown>;

/** Introspection calls are bounded: a server listing more methods is checked on its first ones. */
const MAX_INTROSPECTED_METHODS = 200;

/** The element children of a node list (text, comments and the declaration left out). */
function elements(children: unknown): { tag: string; children: XmlNode[] }[] {
  if (!Array.isArray(children)) return [];
  const found: { tag: string; children: XmlNode[] }[] = [];
  for (const node of children as XmlNode[]) {
    const tag = Object.keys(node).find((key) => key !== ':@');
    if (!tag || tag === '#text' || tag.startsWith('?') || tag.startsWith('!')) continue;
    found.push({ tag, children: node[tag] as XmlNode[] });
  }
  return found;
}

function text(children: XmlNode[]): string {
  return children.map((node) => (typeof node['#text'] === 'string' ? node['#text'] : '')).join('');
}

type Shape = { kind: 'params' } | { kind: 'fault'; structProblem?: string } | { kind: 'broken'; problem: string };

/** What a 200 answer is: a methodResponse with one param, one with a fault (and whether its struct is right), or neither. */
export function responseShape(body: Buffer): Shape {
  const source = body.toString('utf8');
  if (source.trim() === '') return { kind: 'broken', problem: l10n.t('the body is empty') };
  const unbalanced = checkTagBalance(source);
  if (unbalanced) return { kind: 'broken', problem: l10n.t('not well-formed XML: {0}', unbalanced) };
  let roots;
  try {
    roots = elements(parseXml(source));
  } catch (error) {
    return { kind: 'broken', problem: l10n.t('not well-formed XML: {0}', (error as Error).message) };
  }
  if (roots.length !== 1 || roots[0].tag !== 'methodResponse') return { kind: 'broken', problem: l10n.t('the root is not one <methodResponse> ({0})', excerpt(body)) };
  const inside = elements(roots[0].children);
  if (inside.length !== 1 || (inside[0].tag !== 'params' && inside[0].tag !== 'fault')) {
    return { kind: 'broken', problem: l10n.t('"The body of the response is a single XML structure, a <methodResponse>, which can contain a single <params> … or a <fault>"') };
  }
  try {
    decodeMethodResponse(body);
  } catch (error) {
    if (!(error instanceof RpcFault)) return { kind: 'broken', problem: describeError(error) };
  }
  if (inside[0].tag === 'params') {
    const params = elements(inside[0].children);
    if (params.length !== 1 || params[0].tag !== 'param') return { kind: 'broken', problem: l10n.t('"<params> … contains a single <param>", not {0}', params.length) };
    return { kind: 'params' };
  }
  return { kind: 'fault', structProblem: faultStructProblem(inside[0].children) };
}

function faultStructProblem(fault: XmlNode[]): string | undefined {
  const value = elements(fault);
  const struct = value.length === 1 && value[0].tag === 'value' ? elements(value[0].children) : [];
  if (struct.length !== 1 || struct[0].tag !== 'struct') return l10n.t('the <fault> value is not a <struct>');
  const members = new Map<string, { tag: string; children: XmlNode[] }[]>();
  for (const member of elements(struct[0].children)) {
    const parts = elements(member.children);
    const name = parts.find((p) => p.tag === 'name');
    const memberValue = parts.find((p) => p.tag === 'value');
    if (name && memberValue) members.set(text(name.children).trim(), elements(memberValue.children));
  }
  const code = members.get('faultCode');
  if (!code || code.length !== 1 || (code[0].tag !== 'int' && code[0].tag !== 'i4')) return l10n.t('"faultCode" is not an <int>');
  const message = members.get('faultString');
  if (!message || !(message.length === 0 || (message.length === 1 && message[0].tag === 'string'))) return l10n.t('"faultString" is not a <string>');
  return undefined;
}

export async function checkXmlRpc(url: string, options: TransportOptions): Promise<RuleOutcome[]> {
  const verdicts = new Verdicts('xmlrpc');
  const send = async (label: string, body: string): Promise<ProbeReply> => {
    const reply = await probe(url, body, 'text/xml', options, label);
    if (reply.status === 200) {
      const shape = responseShape(reply.body);
      if (shape.kind === 'broken') verdicts.broken('xmlrpc.response', l10n.t('the HTTP 200 answer to {0}: {1}', label, shape.problem));
      else verdicts.pass('xmlrpc.response');
      if (reply.contentType === 'text/xml' || reply.contentType === 'application/xml') verdicts.pass('xmlrpc.content-type');
      else verdicts.broken('xmlrpc.content-type', l10n.t('"The Content-Type is text/xml"; the answer to {0} has "{1}"', label, reply.contentType));
    }
    return reply;
  };
  /** A call whose answer is decoded: the value, a fault, or why it could not be read. */
  const call = async (method: string, args: TypedValue[]): Promise<{ value?: TypedValue; fault?: RpcFault; problem?: string }> => {
    const reply = await send(method, encodeMethodCall(method, args));
    if (!isSuccess(reply.status)) return { problem: l10n.t('HTTP {0} {1}', reply.status, excerpt(reply.body)) };
    try {
      return { value: decodeMethodResponse(reply.body) };
    } catch (error) {
      if (error instanceof RpcFault) return { fault: error };
      return { problem: describeError(error) };
    }
  };

  // An unknown method: an HTTP 200 fault with a struct of faultCode and faultString.
  const missing = nonexistentMethod();
  const unknown = await send(l10n.t('an unknown method'), encodeMethodCall(missing, []));
  if (!/<methodResponse[\s>]/.test(unknown.body.toString('utf8'))) {
    throw new RpcError('unsupported', l10n.t('{0} does not speak XML-RPC: a call was answered with HTTP {1} {2}', url, unknown.status, excerpt(unknown.body)));
  }
  const unknownShape = unknown.status === 200 ? responseShape(unknown.body) : undefined;
  if (unknown.status !== 200) verdicts.broken('xmlrpc.fault', l10n.t('a fault comes with "200 OK"; {0} got HTTP {1}', missing, unknown.status));
  else if (unknownShape?.kind !== 'fault') verdicts.broken('xmlrpc.fault', l10n.t('{0} got no <fault>: {1}', missing, excerpt(unknown.body)));
  else if (unknownShape.structProblem) verdicts.broken('xmlrpc.fault', l10n.t('"The <value> of the <fault> is a <struct> containing two elements, one named <faultCode>, an <int> and one named <faultString>, a <string>": {0}', unknownShape.structProblem));
  else verdicts.pass('xmlrpc.fault');

  // A body that is not XML: a fault or an HTTP error, never a value.
  const malformed = await send(l10n.t('a body that is not XML'), 'rpc-explorer doctor: this body is not XML');
  if (malformed.status === 200 && responseShape(malformed.body).kind === 'params') {
    verdicts.broken('xmlrpc.malformed-request', l10n.t('a body that is not XML got an HTTP 200 <methodResponse> with a value, not a fault or an HTTP error'));
  } else {
    verdicts.pass('xmlrpc.malformed-request');
  }

  // Introspection, when the server has it.
  const listed = await call('system.listMethods', []);
  if (listed.value === undefined) {
    const why = listed.fault ? l10n.t('system.listMethods answered with a fault: {0}', listed.fault.faultString) : l10n.t('system.listMethods: {0}', listed.problem ?? '');
    if (listed.problem && !listed.fault) verdicts.broken('xmlrpc.introspection', why);
    for (const id of ['xmlrpc.introspection', 'xmlrpc.signature', 'xmlrpc.multicall']) verdicts.skip(id, l10n.t('the server has no system.listMethods'));
    return verdicts.list(l10n.t('not checked'));
  }
  const names = Array.isArray(listed.value) ? listed.value : undefined;
  if (!names || names.some((name) => typeof name !== 'string')) {
    verdicts.broken('xmlrpc.introspection', l10n.t('system.listMethods returns "an array of strings", not {0}', shortJson(listed.value)));
    for (const id of ['xmlrpc.signature', 'xmlrpc.multicall']) verdicts.skip(id, l10n.t('system.listMethods did not list the methods'));
    return verdicts.list(l10n.t('not checked'));
  }
  const methods = names as string[];
  const hasHelp = methods.includes('system.methodHelp');
  const hasSignature = methods.includes('system.methodSignature');
  for (const method of methods.slice(0, MAX_INTROSPECTED_METHODS)) {
    for (const introspection of [hasHelp ? 'system.methodHelp' : undefined, hasSignature ? 'system.methodSignature' : undefined]) {
      if (!introspection) continue;
      const answer = await call(introspection, [method]);
      if (answer.value === undefined) {
        verdicts.broken('xmlrpc.introspection', l10n.t('{0}("{1}") for a listed method answered {2}', introspection, method, answer.fault ? l10n.t('with a fault: {0}', answer.fault.faultString) : answer.problem ?? ''));
        continue;
      }
      verdicts.pass('xmlrpc.introspection');
      if (introspection === 'system.methodSignature') checkSignature(verdicts, method, answer.value);
    }
  }
  verdicts.pass('xmlrpc.introspection');
  if (!hasSignature) verdicts.skip('xmlrpc.signature', l10n.t('the server does not list system.methodSignature'));

  if (!methods.includes('system.multicall')) {
    verdicts.skip('xmlrpc.multicall', l10n.t('the server does not list system.multicall'));
  } else {
    const multi = await call('system.multicall', [[{ methodName: 'system.listMethods', params: [] }]]);
    const value = multi.value;
    if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1 && Array.isArray(value[0][0])) verdicts.pass('xmlrpc.multicall');
    else if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].every((v) => typeof v === 'string')) {
      verdicts.broken('xmlrpc.multicall', l10n.t('"each result is wrapped in a one-element array": system.multicall returned system.listMethods\'s result bare'));
    } else {
      verdicts.broken('xmlrpc.multicall', l10n.t('system.multicall returns an array of one-element arrays; got {0}', multi.fault ? l10n.t('a fault: {0}', multi.fault.faultString) : multi.problem ?? shortJson(value ?? null)));
    }
  }
  return verdicts.list(l10n.t('not checked'));
}

/** A value as JSON, cut at 80 characters. */
function shortJson(value: TypedValue): string {
  const json = JSON.stringify(value);
  return json.length > 80 ? json.slice(0, 77) + '...' : json;
}

function checkSignature(verdicts: Verdicts, method: string, value: TypedValue): void {
  if (value === 'undef') return verdicts.pass('xmlrpc.signature');
  if (Array.isArray(value) && value.every((signature) => Array.isArray(signature) && signature.length > 0 && signature.every((type) => typeof type === 'string'))) {
    return verdicts.pass('xmlrpc.signature');
  }
  verdicts.broken('xmlrpc.signature', l10n.t('system.methodSignature("{0}") returns "an array of arrays" of type names or "undef", not {1}', method, shortJson(value)));
}
