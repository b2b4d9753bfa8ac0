import { RpcError } from '../core';

/**
 * Endpoint URLs as users type them. The registry keeps the text as given; these helpers compare and check it.
 * Pure: no `vscode` import.
 */

/** `http://127.0.0.1:8889` and `http://127.0.0.1:8889/` are the same endpoint. */
export function sameEndpointUrl(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(url: string): string {
  try {
    return new URL(url.trim()).href;
  } catch {
    return url.trim();
  }
}

/** Why a typed URL cannot be an endpoint, or undefined when it can (the Add Endpoint box checks as you type). */
export function endpointUrlProblem(text: string): string | undefined {
  const url = text.trim();
  if (url === '') return 'Type the endpoint URL, e.g. http://127.0.0.1:8889 or https://example.com/RPC2';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return 'Start with http:// or https://, e.g. http://127.0.0.1:8889';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `Not a valid URL: ${url}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `Use http:// or https:// (not ${parsed.protocol}//)`;
  if (!parsed.hostname) return 'The URL needs a host, e.g. http://127.0.0.1:8889';
  return undefined;
}

/** Throws a usage RpcError for a URL that cannot be an endpoint. */
export function checkEndpointUrl(text: string): string {
  const problem = endpointUrlProblem(text);
  if (problem) throw new RpcError('usage', problem);
  return text.trim();
}

/** The URL for display: basic-auth password hidden. */
export function displayUrl(url: string): string {
  return url.replace(/(\bhttps?:\/\/[^/\s:@]*:)[^/\s@]*@/i, '$1***@');
}
