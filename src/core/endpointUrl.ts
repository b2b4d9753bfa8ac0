/**
 * An endpoint's URL checked, and the transport's default limits: what the extension needs at activation of the
 * transport, kept apart from the transport itself (src/core/transport.ts), which loads with the protocol chunks.
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';
import { urlWithoutCredentials } from './secrets';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

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
