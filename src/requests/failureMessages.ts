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
  if (error instanceof RpcFault) return `${endpoint} answered with a fault: ${reason}`;
  if (!(error instanceof RpcError)) return `${endpoint}: ${reason}`;
  switch (error.kind) {
    case 'connection':
      if (/dropped a kept-alive connection/i.test(reason)) return `${endpoint}: ${reason}.`;
      if (/in the middle|reset|hang up|closed the connection/i.test(reason)) {
        return `${endpoint} dropped the connection mid-answer (${reason}). The server may have crashed or restarted: check it, then try again.`;
      }
      if (settings.stoppedLocalFile) {
        return `Cannot reach ${endpoint}: its local server (${settings.stoppedLocalFile}) is stopped. Start it with "RPC Explorer: Start Server from Current File".`;
      }
      return `Cannot reach ${endpoint} (${reason}). Is the server running? Check the URL, then try again.`;
    case 'timeout': {
      const seconds = settings.timeoutMs ? ` within ${Math.round(settings.timeoutMs / 100) / 10} s` : '';
      return `${endpoint} did not answer${seconds} (${reason}). Check the server, or raise "rpcExplorer.requestTimeoutMs".`;
    }
    case 'cancelled':
      return `Cancelled: ${endpoint} was not waited for.`;
    case 'http':
      return `${endpoint} answered ${reason}. Check the endpoint's path (e.g. /RPC2) and headers.`;
    case 'malformed':
      if (/html/i.test(reason)) return `${endpoint} answered with a web page, not RPC (${reason}). Is this the RPC endpoint? Check the URL's path.`;
      return `${endpoint} sent a broken answer (${reason}). "RPC Explorer: Show Log" at trace level shows the raw body.`;
    case 'too-large':
      return `${endpoint} sent too large a response (${reason}). Raise "rpcExplorer.maxResponseSizeMB" if it is expected.`;
    case 'no-introspection':
      return reason;
    case 'unsupported':
      return `${endpoint} answered none of the protocols (${reason}). Pick the protocol when adding the endpoint.`;
    case 'usage':
      return reason;
  }
}
