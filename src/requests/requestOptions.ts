import * as vscode from 'vscode';
import type { DiscoverOptions, TypedValue } from '../core';
import { sameEndpointUrl } from '../endpoints/endpointUrl';
import type { RequestHeaders } from './requestHeaders';
import type { WireLog } from './wireLog';

/** The `rpcExplorer.*` settings, headers, TLS options and the wire log, as the core's transport options. */
export class RequestOptions {
  constructor(
    private readonly headers: RequestHeaders,
    private readonly log: WireLog,
  ) {}

  get timeoutMs(): number {
    return Math.max(100, vscode.workspace.getConfiguration('rpcExplorer').get<number>('requestTimeoutMs') ?? 30_000);
  }

  /** Endpoints whose requests run without a timeout (a server paused in the debugger); Cancel still stops them. */
  private readonly untimed: ((url: string) => boolean)[] = [];

  withoutTimeoutFor(check: (url: string) => boolean): vscode.Disposable {
    this.untimed.push(check);
    return new vscode.Disposable(() => this.untimed.splice(this.untimed.indexOf(check), 1));
  }

  /** Whether requests to the endpoint run without a timeout now (its server is being debugged). */
  timeoutOff(url: string): boolean {
    return this.untimed.some((check) => check(url));
  }

  /** The secret first argument of every call to the endpoint (none when unset). */
  async leadingArgs(url: string): Promise<TypedValue[] | undefined> {
    const argument = await this.headers.leadingArgument(url);
    return argument === undefined ? undefined : [argument];
  }

  async forEndpoint(url: string, signal?: AbortSignal): Promise<DiscoverOptions> {
    const config = vscode.workspace.getConfiguration('rpcExplorer');
    const maxMb = Math.max(1, config.get<number>('maxResponseSizeMB') ?? 20);
    const chunk = Math.min(5000, Math.max(1, Math.floor(config.get<number>('multicallChunkSize') ?? 500)));
    const caFile = (config.get<string>('tls.caFile') ?? '').trim();
    const insecureUrls = config.get<string[]>('tls.allowInsecure') ?? [];
    const headers = await this.headers.headersFor(url);
    return {
      // The longest delay a timer takes: a timeout that never fires while the user looks at a breakpoint.
      timeoutMs: this.timeoutOff(url) ? 2_147_483_647 : this.timeoutMs,
      maxResponseBytes: Math.round(maxMb * 1024 * 1024),
      multicallChunk: chunk,
      headers: Object.keys(headers).length ? headers : undefined,
      signal,
      caFile: caFile || undefined,
      insecure: Array.isArray(insecureUrls) && insecureUrls.some((u) => typeof u === 'string' && sameEndpointUrl(u, url)),
      onWire: this.log.observer(await this.headers.secretValues(url)),
    };
  }
}
