/** `rpc-explorer load` and the editor's Load Test: the runner, its histogram and its report. */
export { runLoad, DEFAULT_LOAD_CALLS, type LoadPlan, type LoadProgress, type LoadResult } from './runner';
export { LatencyHistogram, type LatencySummary } from './histogram';
export { loadHistogramText, loadJson, loadSummary } from './report';

/** Why a run counts as failed (exit 1): a fault, or a threshold missed. Empty when it passed. */
export function missedThresholds(result: { faults: number; latency: { p99: number }; throughput: number }, thresholds: { maxP99Ms?: number; minThroughput?: number }): string[] {
  const missed: string[] = [];
  if (thresholds.maxP99Ms !== undefined && result.latency.p99 > thresholds.maxP99Ms) missed.push(`p99 ${result.latency.p99} ms > ${thresholds.maxP99Ms} ms`);
  if (thresholds.minThroughput !== undefined && result.throughput < thresholds.minThroughput) missed.push(`${result.throughput.toFixed(1)} calls/s < ${thresholds.minThroughput} calls/s`);
  return missed;
}
