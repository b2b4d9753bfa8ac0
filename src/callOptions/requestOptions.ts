import * as vscode from 'vscode';
import type { DiscoverOptions, TypedValue } from '../core';
import { sameEndpointUrl } from '../endpoints/endpointUrl';
import type { RequestHeaders } from './requestHeaders';
import type { WireLog } from './wireLog';
import * as settings from '../settings';
import { NO_TIMEOUT_MS } from '../settings';

/** The `rpcExplorer.*` settings, headers, TLS options and the wire log, as the core's transport options. */
export class RequestOptions {
  constructor(
    private readonly headers: RequestHeaders,
    private readonly log: WireLog,
  ) {}

  get timeoutMs(): number {
    return settings.requestTimeoutMs();
  }

  /** The request timeout for the endpoint: rpcExplorer.requestTimeoutMs, or none while its server is being debugged. */
  timeoutFor(url: string): number {
    return this.timeoutOff(url) ? NO_TIMEOUT_MS : this.timeoutMs;
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
    const headers = await this.headers.headersFor(url);
    return {
      timeoutMs: this.timeoutFor(url),
      maxResponseBytes: settings.maxResponseBytes(),
      multicallChunk: settings.multicallChunkSize(),
      headers: Object.keys(headers).length ? headers : undefined,
      signal,
      caFile: settings.tlsCaFile(),
      insecure: settings.tlsAllowInsecure().some((u) => sameEndpointUrl(u, url)),
      onWire: this.log.observer(await this.headers.secretValues(url)),
    };
  }
}
