import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault, describeError } from '../core';

/**
 * One line a user can act on, naming the endpoint and what to do, for any failure of a discovery or a call.
 * Pure: no `vscode` import.
 */
export function describeFailure(
  error: unknown,
  endpoint: string,
  settings: { timeoutMs?: number; /** Base name of the file of a local server that is not running. */ stoppedLocalFile?: string } = {},
): string {
  const reason = describeError(error);
  if (error instanceof RpcFault) return l10n.t('{0} answered with a fault: {1}', endpoint, reason);
  if (!(error instanceof RpcError)) return `${endpoint}: ${reason}`;
  switch (error.kind) {
    case 'connection':
      // Decided on the error's detail: the reason is translated text.
      if (error.detail.hungUp === 'reused-connection') return `${endpoint}: ${reason}.`;
      if (error.detail.hungUp === 'before-answer' || error.detail.hungUp === 'mid-answer') {
        return l10n.t('{0} dropped the connection mid-answer ({1}). The server may have crashed or restarted: check it, then try again.', endpoint, reason);
      }
      if (settings.stoppedLocalFile) {
        return l10n.t('Cannot reach {0}: its local server ({1}) is stopped. Start it with "Start and Call", or Start Server on the endpoint.', endpoint, settings.stoppedLocalFile);
      }
      // The reason says what happened (and asks whether the server runs): the advice does not say it again.
      return l10n.t('Cannot reach {0} ({1}). Check the URL, then try again.', endpoint, reason);
    case 'timeout': {
      if (settings.timeoutMs) {
        const seconds = Math.round(settings.timeoutMs / 100) / 10;
        return l10n.t('{0} did not answer within {1} s. Check the server, or raise "rpcExplorer.requestTimeoutMs".', endpoint, seconds);
      }
      return l10n.t('{0} did not answer ({1}). Check the server, or raise "rpcExplorer.requestTimeoutMs".', endpoint, reason);
    }
    case 'cancelled':
      return l10n.t('Cancelled: {0} was not waited for.', endpoint);
    case 'http':
      return l10n.t('{0} answered {1}. Check the endpoint\'s path (e.g. /RPC2) and headers.', endpoint, reason);
    case 'malformed':
      if (error.detail.webPage) return l10n.t('{0} answered with a web page, not RPC ({1}). Is this the RPC endpoint? Check the URL\'s path.', endpoint, reason);
      return l10n.t('{0} sent a broken answer ({1}). "RPC Explorer: Show Log" at trace level shows the raw body.', endpoint, reason);
    case 'too-large':
      return l10n.t('{0} sent too large a response ({1}). Raise "rpcExplorer.maxResponseSizeMB" if it is expected.', endpoint, reason);
    case 'no-introspection':
      return reason;
    case 'unsupported':
      return l10n.t('{0} answered none of the protocols ({1}). Pick its protocol with "Change Protocol…" on the endpoint.', endpoint, reason);
    case 'usage':
      return reason;
  }
}
