import * as l10n from '@vscode/l10n';
import { RpcError, urlWithoutCredentials } from '../core';
import type { EndpointConfig } from './endpointTypes';

/**
 * Endpoint URLs: how one is stored, shown, compared and checked. Every label, tooltip, message, history entry and
 * log line goes through these, so a rule changes in one place.
 */

/** How a URL is stored: trimmed, without user-info (the credentials go to SecretStorage, see endpointCredentials). */
export function storedEndpointUrl(text: string): string {
  return urlWithoutCredentials(text.trim());
}

/** How a URL is shown: never with its user-info, whatever was typed. */
export function displayUrl(url: string): string {
  return urlWithoutCredentials(url);
}

/** How an endpoint is shown: its name, else its URL as shown. */
export function endpointLabel(config: Pick<EndpointConfig, 'url' | 'name'>): string {
  return config.name ?? displayUrl(config.url);
}

/** `http://127.0.0.1:8889` and `http://127.0.0.1:8889/` are the same endpoint. */
export function sameEndpointUrl(a: string, b: string): boolean {
  return endpointKey(a) === endpointKey(b);
}

/** The form two spellings of one endpoint share (a map key). */
export function endpointKey(url: string): string {
  try {
    return new URL(storedEndpointUrl(url)).href;
  } catch {
    return storedEndpointUrl(url);
  }
}

/** Why a typed URL cannot be an endpoint, or undefined when it can (the Add Endpoint box checks as you type). */
export function endpointUrlProblem(text: string): string | undefined {
  const url = text.trim();
  if (url === '') return l10n.t('Type the endpoint URL, e.g. {0} or {1}', 'http://127.0.0.1:8889', 'https://example.com/RPC2');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return l10n.t('Start with http:// or https://, e.g. {0}', 'http://127.0.0.1:8889');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return l10n.t('Not a valid URL: {0}', displayUrl(url));
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return l10n.t('Use http:// or https:// (not {0}//)', parsed.protocol);
  if (!parsed.hostname) return l10n.t('The URL needs a host, e.g. {0}', 'http://127.0.0.1:8889');
  return undefined;
}

/** Throws a usage RpcError for a URL that cannot be an endpoint. */
export function checkEndpointUrl(text: string): string {
  const problem = endpointUrlProblem(text);
  if (problem) throw new RpcError('usage', problem);
  return text.trim();
}
