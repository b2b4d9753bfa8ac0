import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';
import { urlWithoutCredentials } from './secrets';

/** Parses and checks an endpoint URL; a bad one is a usage error. */
export function parseEndpointUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new RpcError('usage', l10n.t('not a valid URL: "{0}" (expected e.g. http://127.0.0.1:8889)', url));
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    throw new RpcError('usage', l10n.t('unsupported URL scheme "{0}" in {1}: use http://, https://, ws:// or wss://', parsed.protocol, urlWithoutCredentials(url)));
  }
  if (!parsed.hostname) throw new RpcError('usage', l10n.t('no host in URL "{0}"', urlWithoutCredentials(url)));
  return parsed;
}
