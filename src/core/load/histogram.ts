/**
 * An HDR histogram of latencies in microseconds with 3 significant digits (HdrHistogram's log-linear buckets: 2048
 * sub-buckets, then each bucket twice as wide), from 0 to about 19 hours, in 58 KB. Exact min, max and mean are
 * kept beside it.
 */
const SUB_BITS = 11;
const SUB_COUNT = 1 << SUB_BITS; // 2048
const HALF = SUB_COUNT >> 1; // 1024
const BUCKETS = 26;
const MAX_VALUE = 2 ** (SUB_BITS + BUCKETS - 1) - 1;

const DISTRIBUTION_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 100];

export interface LatencySummary {
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

function indexOf(value: number): number {
  if (value < SUB_COUNT) return value;
  const bucket = 31 - Math.clz32(value) - (SUB_BITS - 1); // ≥ 1
  return bucket * HALF + (value >>> bucket);
}

/** The highest value that lands on `index` (HdrHistogram's "highest equivalent value"). */
function highestOf(index: number): number {
  if (index < SUB_COUNT) return index;
  const bucket = Math.floor(index / HALF) - 1;
  const sub = index - bucket * HALF;
  return sub * 2 ** bucket + 2 ** bucket - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array((BUCKETS + 1) * HALF);
  count = 0;
  private sum = 0;
  private minimum = Infinity;
  private maximum = 0;

  /** Records a latency in milliseconds. */
  record(ms: number): void {
    const us = Math.min(MAX_VALUE, Math.max(0, Math.round(ms * 1000)));
    this.counts[indexOf(us)]++;
    this.count++;
    this.sum += us;
    if (us < this.minimum) this.minimum = us;
    if (us > this.maximum) this.maximum = us;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.minimum = Infinity;
    this.maximum = 0;
  }

  /** The latency (ms) at or below which `percentile` % of the calls fell; 0 when empty. */
  percentile(percentile: number): number {
    if (this.count === 0) return 0;
    if (percentile >= 100) return this.maximum / 1000;
    const wanted = Math.max(1, Math.ceil((percentile / 100) * this.count - 1e-9));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= wanted) return Math.min(highestOf(i), this.maximum) / 1000;
    }
    return this.maximum / 1000;
  }

  summary(): LatencySummary {
    const round = (ms: number) => Math.round(ms * 1000) / 1000;
    if (this.count === 0) return { min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    return {
      min: round(this.minimum / 1000),
      p50: round(this.percentile(50)),
      p90: round(this.percentile(90)),
      p99: round(this.percentile(99)),
      p999: round(this.percentile(99.9)),
      max: round(this.maximum / 1000),
      mean: round(this.sum / this.count / 1000),
    };
  }

  /**
   * The percentile distribution in HdrHistogram's text columns (value, percentile, total count, 1/(1-percentile)),
   * at fixed percentiles from 0 to 100 %.
   */
  distribution(): { valueMs: number; percentile: number; totalCount: number }[] {
    if (this.count === 0) return [];
    return DISTRIBUTION_PERCENTILES.map((percentile) => {
      const valueMs = percentile === 0 ? this.minimum / 1000 : this.percentile(percentile);
      return { valueMs, percentile, totalCount: percentile === 0 ? 1 : this.countAtOrBelow(valueMs) };
    });
  }

  private countAtOrBelow(valueMs: number): number {
    const us = Math.round(valueMs * 1000);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      if (Math.min(highestOf(i), this.maximum) > us) break;
      seen += this.counts[i];
    }
    return seen;
  }

  /** The buckets holding calls, for a chart: upper bound (ms) and count, merged to at most `bars` bars on a log scale. */
  bars(bars = 40): { upToMs: number; count: number }[] {
    if (this.count === 0) return [];
    const low = Math.max(1, this.minimum);
    const high = Math.max(low + 1, this.maximum);
    const ratio = Math.pow(high / low, 1 / bars);
    const out: { upToMs: number; count: number }[] = [];
    let bound = low * ratio;
    let inBar = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      const value = Math.min(highestOf(i), this.maximum);
      while (value > bound && out.length < bars - 1) {
        out.push({ upToMs: bound / 1000, count: inBar });
        inBar = 0;
        bound *= ratio;
      }
      inBar += this.counts[i];
    }
    out.push({ upToMs: high / 1000, count: inBar });
    return out;
  }
}
