/** A load run's result as text (the CLI's and Copy Summary's) and as the `--json` line. */
import * as l10n from '@vscode/l10n';
import type { LoadResult } from './runner';

function ms(value: number): string {
  return value >= 100 ? value.toFixed(1) : value >= 10 ? value.toFixed(2) : value.toFixed(3);
}

/** The `--json` line: {"calls","ok","faults","errors","seconds","throughput","latency_ms":{…}}. */
export function loadJson(result: LoadResult): string {
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return JSON.stringify({
    calls: result.calls,
    ok: result.ok,
    faults: result.faults,
    errors: result.errors,
    seconds: round(result.seconds, 3),
    throughput: round(result.throughput, 1),
    latency_ms: result.latency,
  });
}

/** The summary lines: counts, errors by kind, throughput and the latency percentiles. */
export function loadSummary(result: LoadResult): string[] {
  const { latency } = result;
  const lines = [
    l10n.t('calls {0}  ok {1}  faults {2}  errors {3}', result.calls, result.ok, result.faults, result.errors),
    l10n.t('throughput {0} calls/s ({1} s)', result.throughput.toFixed(1), result.seconds.toFixed(2)),
    l10n.t('latency (ms)  min {0}  p50 {1}  p90 {2}  p99 {3}  p99.9 {4}  max {5}  mean {6}', ms(latency.min), ms(latency.p50), ms(latency.p90), ms(latency.p99), ms(latency.p999), ms(latency.max), ms(latency.mean)),
  ];
  const kinds = Object.entries(result.errorsByKind).map(([kind, count]) => `${kind} ${count}`);
  if (kinds.length) lines.push(l10n.t('errors by kind: {0}', kinds.join(', ')));
  if (result.firstFault) lines.push(l10n.t('first fault: {0}', result.firstFault.replace(/[\r\n]+/g, ' ')));
  if (result.firstError) lines.push(l10n.t('first error: {0}', result.firstError.replace(/[\r\n]+/g, ' ')));
  if (result.stopped) lines.push(l10n.t('stopped before the end'));
  return lines;
}

/** The HDR percentile distribution as text, in HdrHistogram's columns. */
export function loadHistogramText(result: LoadResult): string[] {
  const rows = result.histogram.distribution();
  if (rows.length === 0) return [];
  const lines = [`${l10n.t('Value (ms)').padStart(12)} ${l10n.t('Percentile').padStart(12)} ${l10n.t('TotalCount').padStart(12)} ${'1/(1-Percentile)'.padStart(18)}`];
  for (const row of rows) {
    const fraction = row.percentile / 100;
    const inverse = fraction >= 1 ? '' : (1 / (1 - fraction)).toFixed(2);
    lines.push(`${ms(row.valueMs).padStart(12)} ${fraction.toFixed(6).padStart(12)} ${String(row.totalCount).padStart(12)} ${inverse.padStart(18)}`);
  }
  return lines;
}
