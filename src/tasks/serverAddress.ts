/** A server's address: the URL to connect to from what it printed, and host and port from a URL. Pure (no vscode). */

/** `http://HOST:PORT` with wildcard hosts made connectable, no trailing slash. */
export function formatUrl(scheme: string, host: string | undefined, port: number | undefined, path = ''): string | undefined {
  if (port !== undefined && !(port > 0 && port < 65536)) return undefined;
  const connectable = connectableHost(host);
  const hostPart = connectable.includes(':') && !connectable.startsWith('[') ? `[${connectable}]` : connectable;
  return `${scheme}://${hostPart}${port === undefined ? '' : `:${port}`}${path === '/' ? '' : path}`;
}

export function connectableHost(host: string | undefined): string {
  if (host === undefined) return '127.0.0.1';
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '' || bare === '0.0.0.0' || bare === '*') return '127.0.0.1';
  if (bare === '::' || bare === '::0') return '::1';
  return bare;
}

/** Host and port of a URL, for the port probe; undefined when it has no explicit port. */
export function addressOfUrl(url: string): { host: string; port: number } | undefined {
  try {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return undefined;
  }
}
