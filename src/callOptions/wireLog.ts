import * as vscode from 'vscode';
import type { WireEvent } from '../core';
import { maskSecrets } from '../core/secrets';

/** Longest body written to the trace log; the rest is elided so a 10 MB response does not flood the channel. */
const MAX_TRACE_BODY = 64 * 1024;

/**
 * The "RPC Explorer" log channel: one info line per HTTP request, raw bodies at trace level, credentials masked.
 */
export class WireLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('RPC Explorer', { log: true });
  }

  /** An observer for TransportOptions.onWire that masks the given secret values. */
  observer(secrets: readonly string[]): (event: WireEvent) => void {
    return (event) => {
      const mask = (text: string) => maskSecrets(text, secrets);
      if (event.direction === 'response') {
        const elapsed = event.elapsedMs !== undefined ? ` ${Math.round(event.elapsedMs)} ms` : '';
        this.channel.info(`${mask(event.method)} ${mask(event.url)} → HTTP ${event.status ?? '?'}${elapsed}, ${formatBytes(Buffer.byteLength(event.body))}`);
      }
      // Building the trace text of a large body costs; skip it unless someone reads it.
      if (this.channel.logLevel !== vscode.LogLevel.Trace) return;
      const headers = Object.entries(event.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n');
      const body = event.body.length > MAX_TRACE_BODY ? `${event.body.slice(0, MAX_TRACE_BODY)}\n… (${formatBytes(Buffer.byteLength(event.body))} in all)` : event.body;
      this.channel.trace(mask(`${event.direction} ${event.method} ${event.url}\n${headers}\n\n${body}`));
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
