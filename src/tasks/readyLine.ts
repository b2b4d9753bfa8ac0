/**
 * The ready line of a server's output: "server listening on 127.0.0.1:8889", "Serving on port localhost:8880...",
 * " * Running on http://127.0.0.1:5000". Pure (no vscode): unit-tested, and mirrored by the `$rpc-server`
 * problem matcher's endsPattern in package.json (keep the two in step).
 */

import * as l10n from '@vscode/l10n';
import { formatUrl } from './serverAddress';

// Here too for the modules that read them with the ready line; they live apart for those that need only them.
export { addressOfUrl, connectableHost, formatUrl } from './serverAddress';

export const DEFAULT_READY_PATTERN = /(listening on|serving on|running on|https?:\/\/[^\s/:]+:\d+)/i;

/** The task's `readyPattern` as a case-insensitive regular expression; throws a one-line error when invalid. */
export function readyPatternFrom(text: string | undefined): RegExp {
  if (!text) return DEFAULT_READY_PATTERN;
  try {
    return new RegExp(text, 'i');
  } catch (error) {
    throw new Error(l10n.t('The task\'s readyPattern {0} is not a valid regular expression: {1}', JSON.stringify(text), (error as Error).message), { cause: error });
  }
}

export interface AddressHint {
  host?: string;
  port?: number;
}

/**
 * The endpoint URL a ready line announces, or undefined when the line is not a ready line. A URL in the line
 * wins; then `on [port] HOST:PORT` / `on port PORT`; then a group the custom pattern captured (a URL or a port);
 * then the port read from the source file. Wildcard hosts (0.0.0.0, ::) become 127.0.0.1.
 */
export function readyUrlFromLine(line: string, pattern: RegExp, fallback: AddressHint): string | undefined {
  const match = pattern.exec(line);
  if (!match) return undefined;
  const url = /\bhttps?:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s/:'"<>]*)(?::(\d{1,5}))?(\/[^\s'"<>]*)?/.exec(line);
  if (url && (url[2] || url[1])) {
    const port = url[2] ? Number(url[2]) : undefined;
    return formatUrl(line.slice(url.index, url.index + 5) === 'https' ? 'https' : 'http', url[1], port, trimPath(url[3]));
  }
  const captured = match[1] !== undefined && match[1] !== match[0] ? match[1] : undefined;
  if (captured && /^\d{1,5}$/.test(captured)) return formatUrl('http', fallback.host, Number(captured));
  const hostPort = /\b(?:on|at)\s+(?:port\s+)?(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][\w.-]*|\*):)?(\d{1,5})\b/i.exec(line);
  if (hostPort) return formatUrl('http', hostPort[1] ?? fallback.host, Number(hostPort[2]));
  const anyHostPort = /\b((?:\d{1,3}\.){3}\d{1,3}|localhost):(\d{1,5})\b/.exec(line);
  if (anyHostPort) return formatUrl('http', anyHostPort[1], Number(anyHostPort[2]));
  if (fallback.port !== undefined) return formatUrl('http', fallback.host, fallback.port);
  return undefined;
}

function trimPath(path: string | undefined): string {
  // "…/RPC2." or "…/)" at a sentence end is punctuation, not path.
  return (path ?? '').replace(/[.,;:)\]]+$/, '');
}
