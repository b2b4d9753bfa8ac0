/**
 * How HTTP failures read, whichever protocol asked: a status with what its body says (HTML reduced to its text), and
 * Node's network errors as one line naming the host.
 */
import * as http from 'node:http';
import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return l10n.t('{0} bytes', bytes);
}

/** The one wording of an HTTP status error, whichever protocol asked: status, host, and what the body says. */
export function httpStatusError(status: number, statusMessage: string | undefined, host: string, body: Buffer): RpcError {
  const reason = statusMessage || http.STATUS_CODES[status] || '';
  const said = bodyExcerpt(body, status, reason);
  const statusLine = `HTTP ${status}${reason ? ' ' + reason : ''}`;
  const message = said ? l10n.t('{0} from {1}: {2}', statusLine, host, said) : l10n.t('{0} from {1}', statusLine, host);
  return new RpcError('http', message, undefined, { status });
}

/**
 * What an error body says, in at most 120 characters: an HTML page's text without markup, without the parts that
 * only repeat the status (Python's "Error response … Error code: 401 … Message: Unauthorized.").
 */
function bodyExcerpt(body: Buffer, status: number, reason: string): string {
  const text = body.subarray(0, 2000).toString('utf8');
  const html = /<(html|body|head|title|h1|p)[\s>]/i.test(text);
  const plain = html
    ? text.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<\/?(title|h\d|p|div|li|br|tr|pre)[^>]*>/gi, '\n').replace(/<[^>]*>/g, ' ')
    : text;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const raw of plain.split(/\n/)) {
    const part = decodeEntities(raw).replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
    if (!part || seen.has(part.toLowerCase()) || restatesStatus(part, status, reason)) continue;
    seen.add(part.toLowerCase());
    parts.push(part);
  }
  const line = parts.join(' — ');
  return line.length > 120 ? line.slice(0, 117) + '...' : line;
}

function restatesStatus(part: string, status: number, reason: string): boolean {
  const p = part.toLowerCase();
  const r = reason.toLowerCase();
  if (p === 'error response' || p === 'error' || p === r || p === String(status) || p === `${status} ${r}`) return true;
  return /^(error code:? ?\d+|message:? ?.*)$/.test(p) && (p.includes(String(status)) || (r !== '' && p.includes(r)));
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39|nbsp);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'", nbsp: ' ' })[e] ?? '');
}

/** Node's network errors as one line naming the host. */
export function describeNetworkError(error: NodeJS.ErrnoException, url: URL): RpcError {
  const where = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RpcError('connection', l10n.t('connection refused by {0}: is the server running?', where));
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RpcError('connection', l10n.t('host not found: {0}', url.hostname));
    case 'ECONNRESET':
    case 'EPIPE':
      return new RpcError('connection', l10n.t('{0} closed the connection before answering', where), undefined, { hungUp: 'before-answer' });
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new RpcError('connection', l10n.t('cannot reach {0} ({1})', where, error.code));
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new RpcError(
        'connection',
        l10n.t('TLS certificate of {0} not trusted ({1}): add its CA file, or allow insecure TLS for this endpoint', where, error.code),
      );
    default:
      if (error.message === 'socket hang up') return new RpcError('connection', l10n.t('{0} closed the connection before answering', where), undefined, { hungUp: 'before-answer' });
      if (error.code?.startsWith('HPE_')) return new RpcError('connection', l10n.t('{0} sent something that is not HTTP ({1})', where, error.code), undefined, { hungUp: 'not-http' });
      return new RpcError('connection', l10n.t('cannot connect to {0}: {1}', where, error.code ?? error.message));
  }
}
