/**
 * `rpc-explorer load URL METHOD [ARG...]`: the protocol is detected once before the run (untimed, side-effect-free
 * probes), then the runner calls the method. Output: the summary and the HDR histogram, or with --json a last line
 * {"calls","ok","faults","errors","seconds","throughput","latency_ms":{…}}. Exit 0 when every call succeeded, 1 for
 * a fault or a missed --max-p99 / --min-throughput, 2 for a transport error or a run that cannot start.
 */
import * as l10n from '@vscode/l10n';
import { detectProtocol, parseCliArgument, resolveCallUrl, type TypedValue } from '../core';
import { loadHistogramText, loadJson, loadSummary, missedThresholds, runLoad } from '../core/load';
import { urlWithoutCredentials } from '../core/secrets';
import type { CliRequest } from './args';

export interface LoadIo {
  out(line: string): void;
  note(line: string): void;
}

export async function loadCommand(request: CliRequest, leadingArgs: TypedValue[] | undefined, io: LoadIo): Promise<number> {
  const settings = request.load ?? {};
  const options = { timeoutMs: request.timeoutMs, headers: request.headers };
  const args = [...(leadingArgs ?? []), ...request.args.map(parseCliArgument)];
  let { url } = request;
  let protocol = request.protocol;
  if (protocol === 'auto') ({ url, protocol } = await detectProtocol(url, options));
  else url = await resolveCallUrl(url, protocol, options);
  if (url !== request.url) io.note(l10n.t('using {0}: {1} is not an RPC endpoint', urlWithoutCredentials(url), urlWithoutCredentials(request.url)));

  const result = await runLoad({
    url,
    protocol,
    method: request.method,
    args,
    headers: request.headers,
    timeoutMs: request.timeoutMs,
    calls: settings.calls,
    durationSeconds: settings.durationSeconds,
    concurrency: settings.concurrency,
    rate: settings.rate,
  });
  const missed = missedThresholds(result, settings);
  if (request.json) {
    io.out(loadJson(result));
  } else {
    for (const line of loadSummary(result)) io.out(line);
    for (const line of missed) io.out(l10n.t('threshold missed: {0}', line));
    io.out('');
    for (const line of loadHistogramText(result)) io.out(line);
  }
  if (result.errors > 0) return 2;
  return result.faults > 0 || missed.length > 0 ? 1 : 0;
}
