/**
 * What every snippet needs before it is written: the URL without its credentials, the headers split into plain
 * ones and environment-variable references, the secret first argument as a reference, and the exact request body
 * (cut around the secret argument, which only the running snippet knows).
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import { protocolDescriptor } from '../index';
import { looksSecret } from '../secrets';
import type { EncodedRequest, Protocol, TypedValue } from '../types';
import { validateTypedValue } from '../values';

export type SnippetKind = 'curl' | 'python' | 'node' | 'cli' | 'k6';
export const SNIPPET_KINDS: readonly SnippetKind[] = ['curl', 'python', 'node', 'cli', 'k6'];
export const SNIPPET_LABELS: Readonly<Record<SnippetKind, string>> = { curl: 'curl', python: 'Python', node: 'Node.js', cli: 'rpc-explorer CLI', k6: 'k6' };

/** One call, as the core would send it. */
export interface SnippetCall {
  /** The endpoint URL the call goes to; user-info in it is basic auth. */
  url: string;
  protocol: Protocol;
  method: string;
  args: readonly TypedValue[];
  /** Extra request headers, as sent. Credentials among them become environment-variable references. */
  headers?: Record<string, string>;
  /** Names of headers to treat as credentials even when they do not look like one (kept in SecretStorage). */
  secretHeaders?: readonly string[];
  /** The secret argument every call takes first (aria2's `token:…`): a reference in the snippet, never its value. */
  leadingArgs?: readonly TypedValue[];
}

export const ENV_USER = 'RPC_USER';
export const ENV_PASSWORD = 'RPC_PASSWORD';
export const ENV_SECRET_ARG = 'RPC_SECRET_ARG';

/** Stands for the secret argument while the body is encoded, so the body can be cut around it. */
const PLACEHOLDER = 'RPCEXPLORERSECRETARGUMENTPLACEHOLDER';

export interface PreparedCall {
  protocol: Protocol;
  /** The URL without user-info, normalised (a path always present, as the core sends it). */
  url: string;
  method: string;
  args: readonly TypedValue[];
  /** Basic auth from RPC_USER and RPC_PASSWORD. */
  basicAuth: boolean;
  /** Headers in the order given: a plain value, or the variable holding a secret one. The protocol's own come first. */
  headerList: SnippetHeader[];
  /** The secret first argument: whether it is text (the variable holds the text itself) or another typed value (JSON). */
  secretArg?: { text: boolean; value: TypedValue };
  /** The body exactly as the client sends it, without a secret argument. */
  body: Buffer;
  /** With a secret argument: the bytes before and after the placeholder's encoding (`span` says what it covers). */
  cut?: { before: Buffer; after: Buffer };
  /** The variables to set, each with what it holds, for the comment at the top. */
  variables: { name: string; holds: string }[];
}

export type SnippetHeader = { name: string; value: string; env?: undefined } | { name: string; env: string; value?: undefined };

/** `RPC_HEADER_X_API_KEY` for `X-Api-Key`. */
export function headerVariable(name: string): string {
  return 'RPC_HEADER_' + name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

function usage(message: string): RpcError {
  return new RpcError('usage', message);
}

export function prepareCall(call: SnippetCall): PreparedCall {
  const descriptor = protocolDescriptor(call.protocol);
  let parsed: URL;
  try {
    parsed = new URL(call.url.trim());
  } catch {
    throw usage(l10n.t('not a URL: "{0}"', call.url));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(l10n.t('not an http(s) URL: "{0}"', parsed.protocol));
  if (call.method.trim() === '') throw usage(l10n.t('no method name given'));
  for (let i = 0; i < call.args.length; i++) {
    const problem = validateTypedValue(call.args[i]);
    if (problem) throw usage(l10n.t('argument {0}: {1}', i + 1, problem));
  }
  let basicAuth = parsed.username !== '' || parsed.password !== '';
  parsed.username = '';
  parsed.password = '';
  const variables: { name: string; holds: string }[] = [];

  const headerList: SnippetHeader[] = [];
  for (const [name, value] of Object.entries(descriptor.encodeCall(call.method, [], 1).headers)) {
    headerList.push({ name: name.toLowerCase() === 'content-type' ? 'Content-Type' : name, value });
  }
  for (const [name, value] of Object.entries(call.headers ?? {})) {
    if (name.toLowerCase() === 'authorization' && /^basic\s/i.test(value.trim())) {
      basicAuth = true;
      continue;
    }
    const sameName = headerList.findIndex((h) => h.name.toLowerCase() === name.toLowerCase());
    if (sameName >= 0) headerList.splice(sameName, 1);
    if (looksSecret(name, value) || call.secretHeaders?.some((secret) => secret.toLowerCase() === name.toLowerCase())) {
      const env = headerVariable(name);
      headerList.push({ name, env });
      variables.push({ name: env, holds: `the ${name} header` });
    } else headerList.push({ name, value });
  }
  if (basicAuth) variables.unshift({ name: ENV_USER, holds: 'the basic-auth user' }, { name: ENV_PASSWORD, holds: 'its password' });

  const leading = call.leadingArgs ?? [];
  if (leading.length > 1) throw usage(l10n.t('a snippet takes one secret first argument, not several'));
  const secretArg = leading.length === 1 ? { text: typeof leading[0] === 'string', value: leading[0] } : undefined;
  if (secretArg) {
    variables.push({ name: ENV_SECRET_ARG, holds: secretArg.text ? 'the secret first argument (its text)' : 'the secret first argument (as JSON)' });
  }

  const body = descriptor.encodeCall(call.method, call.args, 1).body;
  let cut: PreparedCall['cut'];
  if (secretArg) cut = cutAround(descriptor.encodeCall(call.method, [PLACEHOLDER, ...call.args], 1), call.protocol);
  return { protocol: call.protocol, url: parsed.toString(), method: call.method, args: call.args, basicAuth, headerList, secretArg, body, cut, variables };
}

/**
 * The body around the secret argument's encoding. JSON-RPC: the quoted string; hprose: `s<length>"…"`; XML-RPC:
 * the text inside <string>.
 */
function cutAround(request: EncodedRequest, protocol: Protocol): { before: Buffer; after: Buffer } {
  const body = request.body;
  const at = body.indexOf(PLACEHOLDER);
  if (at < 0 || body.indexOf(PLACEHOLDER, at + 1) >= 0) throw usage(l10n.t('the arguments hold the text the secret argument stands for'));
  let start = at;
  let end = at + PLACEHOLDER.length;
  if (protocol === 'jsonrpc') {
    start -= 1;
    end += 1;
  } else if (protocol === 'hprose') {
    start -= `s${PLACEHOLDER.length}"`.length;
    end += 1;
  }
  return { before: body.subarray(0, start), after: body.subarray(end) };
}

/** The comment lines naming the variables to set (none without credentials). */
export function variablesComment(prepared: PreparedCall, prefix: string): string {
  if (prepared.variables.length === 0) return '';
  const lines = [`${prefix} Set these environment variables first (credentials are never written into the snippet):`];
  for (const variable of prepared.variables) lines.push(`${prefix}   ${variable.name}: ${variable.holds}`);
  return lines.join('\n') + '\n';
}

/** Refuses a secret argument a snippet kind cannot splice into the raw body at run time. */
export function requireTextSecret(prepared: PreparedCall, kind: string): void {
  if (prepared.secretArg && !prepared.secretArg.text && prepared.protocol !== 'jsonrpc') {
    throw usage(l10n.t('a {0} snippet can send only a text secret argument over {1}; copy the call as Python or the CLI', kind, prepared.protocol));
  }
}
