/**
 * The load runner: calls one method many times and measures each call.
 * - Closed loop (default): `concurrency` workers, each on its own connection, sending its next call when the last one
 *   is answered, until `calls` calls were sent or `durationSeconds` passed.
 * - Open loop (`rate`): calls on a fixed schedule whatever the server does, at most `concurrency` in flight when given.
 *   Latency runs from each call's scheduled time, so a server that falls behind shows it (no coordinated omission).
 * With a duration, calls stop being issued at its end and the ones in flight are waited for; they count.
 * There is no warm-up call: the server sees exactly `calls` calls.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../errors';
import { protocolDescriptor } from '../protocols';
import { basicAuthorization, urlCredentials } from '../secrets';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../transportDefaults';
import { parseEndpointUrl } from '../urlCheck';
import type { Protocol, TypedValue } from '../types';
import { LoadConnection, decodedBody, type ConnectionTarget } from './connection';
import { LatencyHistogram, type LatencySummary } from './histogram';

export const DEFAULT_LOAD_CALLS = 100;
/** Open loop without --concurrency: connections are opened as calls need them, up to this many. */
const OPEN_LOOP_MAX_CONNECTIONS = 1000;

export interface LoadPlan {
  url: string;
  protocol: Protocol;
  method: string;
  args: TypedValue[];
  headers?: Record<string, string>;
  timeoutMs?: number;
  calls?: number;
  durationSeconds?: number;
  concurrency?: number;
  rate?: number;
  insecure?: boolean;
  signal?: AbortSignal;
  /** Called every `progressMs` (default 250) while the run lasts, and once at its end. */
  onProgress?: (progress: LoadProgress) => void;
  progressMs?: number;
}

/** One slice of the run, for live charts. */
export interface LoadProgress {
  /** Seconds since the start. */
  elapsed: number;
  calls: number;
  ok: number;
  faults: number;
  errors: number;
  /** Answers per second in this slice. */
  throughput: number;
  /** Latency percentiles (ms) of the calls answered in this slice. */
  p50: number;
  p90: number;
  p99: number;
}

export interface LoadResult {
  calls: number;
  ok: number;
  faults: number;
  errors: number;
  errorsByKind: Record<string, number>;
  seconds: number;
  throughput: number;
  latency: LatencySummary;
  histogram: LatencyHistogram;
  /** One example of each: what a user reads first. */
  firstFault?: string;
  firstError?: string;
  /** True when the run was stopped before its end. */
  stopped: boolean;
}

interface Outcome {
  kind: 'ok' | 'fault' | 'error';
  errorKind?: string;
  message?: string;
}

/** The request bytes of one call: the HTTP head and the protocol's body, one buffer. */
function requestWriter(plan: LoadPlan, target: URL): () => { bytes: Buffer; encoded: ReturnType<ReturnType<typeof protocolDescriptor>['encodeCall']> } {
  const descriptor = protocolDescriptor(plan.protocol);
  const headers: Record<string, string> = { host: target.host, 'user-agent': 'rpc-explorer' };
  const credentials = urlCredentials(plan.url);
  if (credentials) headers.authorization = basicAuthorization(credentials.username, credentials.password);
  for (const [name, value] of Object.entries(plan.headers ?? {})) headers[name.toLowerCase()] = value;
  const path = `${target.pathname}${target.search}`;
  // The protocol's headers do not change from call to call: the head is written once, but for its length.
  const all: Record<string, string> = { ...descriptor.encodeCall(plan.method, []).headers, ...headers };
  let prefix = `POST ${path} HTTP/1.1\r\n`;
  for (const name in all) prefix += `${name}: ${all[name]}\r\n`;
  return () => {
    const encoded = descriptor.encodeCall(plan.method, plan.args);
    const head = `${prefix}content-length: ${encoded.body.length}\r\n\r\n`;
    const bytes = Buffer.allocUnsafe(Buffer.byteLength(head, 'latin1') + encoded.body.length);
    const written = bytes.write(head, 0, 'latin1');
    encoded.body.copy(bytes, written);
    return { bytes, encoded };
  };
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const target = parseEndpointUrl(plan.url);
  if (plan.method.trim() === '') throw new RpcError('usage', l10n.t('no method name given'));
  const descriptor = protocolDescriptor(plan.protocol);
  const secure = target.protocol === 'https:';
  const connectionTarget: ConnectionTarget = {
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: Number(target.port) || (secure ? 443 : 80),
    where: target.host,
    secure,
    tls: secure ? { rejectUnauthorized: !plan.insecure } : undefined,
  };
  const timeoutMs = plan.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = DEFAULT_MAX_RESPONSE_BYTES;
  const write = requestWriter(plan, target);
  const durationMs = plan.durationSeconds !== undefined ? plan.durationSeconds * 1000 : undefined;
  const total = plan.calls ?? (durationMs !== undefined ? Infinity : DEFAULT_LOAD_CALLS);

  const histogram = new LatencyHistogram();
  const slice = new LatencyHistogram();
  const errorsByKind: Record<string, number> = {};
  let ok = 0;
  let faults = 0;
  let errors = 0;
  let issued = 0;
  let firstFault: string | undefined;
  let firstError: string | undefined;
  let stopped = false;

  const callOnce = async (connection: LoadConnection): Promise<Outcome> => {
    const { bytes, encoded } = write();
    try {
      const reply = await connection.send(bytes, timeoutMs);
      const body = decodedBody(reply, maxBytes, connectionTarget.where);
      try {
        descriptor.decodeResult(body, encoded);
        if (reply.status < 200 || reply.status >= 300) return { kind: 'error', errorKind: 'http', message: `HTTP ${reply.status}` };
        return { kind: 'ok' };
      } catch (error) {
        if (error instanceof RpcFault) return { kind: 'fault', message: error.code === null ? error.faultString : `${error.code}: ${error.faultString}` };
        if (reply.status < 200 || reply.status >= 300) return { kind: 'error', errorKind: 'http', message: `HTTP ${reply.status}` };
        throw error;
      }
    } catch (error) {
      const kind = error instanceof RpcError ? error.kind : 'internal';
      return { kind: 'error', errorKind: kind, message: (error as Error).message };
    }
  };

  const record = (outcome: Outcome, latencyMs: number) => {
    if (outcome.kind === 'error') {
      errors++;
      errorsByKind[outcome.errorKind!] = (errorsByKind[outcome.errorKind!] ?? 0) + 1;
      firstError ??= outcome.message;
      return;
    }
    if (outcome.kind === 'ok') ok++;
    else {
      faults++;
      firstFault ??= outcome.message;
    }
    histogram.record(latencyMs);
    if (plan.onProgress) slice.record(latencyMs);
  };

  const started = performance.now();
  const connections: LoadConnection[] = [];
  const newConnection = () => {
    const connection = new LoadConnection(connectionTarget, maxBytes);
    connections.push(connection);
    return connection;
  };
  const timeLeft = () => durationMs === undefined || performance.now() - started < durationMs;
  const onAbort = () => {
    stopped = true;
  };
  plan.signal?.addEventListener('abort', onAbort, { once: true });
  if (plan.signal?.aborted) stopped = true;

  let lastSlice = started;
  let sliceAnswers = 0;
  const progress = (): LoadProgress => {
    const now = performance.now();
    const seconds = Math.max(1e-9, (now - lastSlice) / 1000);
    const answered = ok + faults + errors;
    const snapshot: LoadProgress = {
      elapsed: (now - started) / 1000,
      calls: issued,
      ok,
      faults,
      errors,
      throughput: (answered - sliceAnswers) / seconds,
      p50: slice.percentile(50),
      p90: slice.percentile(90),
      p99: slice.percentile(99),
    };
    lastSlice = now;
    sliceAnswers = answered;
    slice.reset();
    return snapshot;
  };
  const deadlines = setInterval(() => {
    const now = performance.now();
    for (const connection of connections) connection.checkDeadline(now);
  }, Math.min(250, Math.max(10, timeoutMs / 4)));
  const ticker = plan.onProgress ? setInterval(() => plan.onProgress!(progress()), plan.progressMs ?? 250) : undefined;

  try {
    if (plan.rate === undefined) {
      const workers = Math.max(1, Math.min(plan.concurrency ?? 1, total));
      const worker = async () => {
        const connection = newConnection();
        while (!stopped && issued < total && timeLeft()) {
          issued++;
          const sent = performance.now();
          const outcome = await callOnce(connection);
          record(outcome, performance.now() - sent);
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
    } else {
      await openLoop(plan.rate, plan.concurrency ?? OPEN_LOOP_MAX_CONNECTIONS);
    }
  } finally {
    if (ticker) clearInterval(ticker);
    clearInterval(deadlines);
    plan.signal?.removeEventListener('abort', onAbort);
    for (const connection of connections) connection.close();
  }
  const seconds = (performance.now() - started) / 1000;
  plan.onProgress?.(progress());

  async function openLoop(rate: number, maxConnections: number): Promise<void> {
    const interval = 1000 / rate;
    const idle: LoadConnection[] = [];
    /** Scheduled times (ms since start) of calls due but not yet sent (every connection was busy). */
    const due: number[] = [];
    let dueHead = 0;
    let inFlight = 0;
    let scheduled = 0;
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    let timer: NodeJS.Timeout | undefined;

    const issuing = () => !stopped && scheduled < total && (durationMs === undefined || scheduled * interval < durationMs);
    const dispatch = () => {
      while (dueHead < due.length) {
        const connection = idle.pop() ?? (connections.length < maxConnections ? newConnection() : undefined);
        if (!connection) return;
        const at = due[dueHead++];
        inFlight++;
        void callOnce(connection).then((outcome) => {
          record(outcome, performance.now() - started - at);
          inFlight--;
          idle.push(connection);
          dispatch();
          settleIfDone();
        });
      }
      if (dueHead > 4096 && dueHead * 2 > due.length) {
        due.splice(0, dueHead);
        dueHead = 0;
      }
    };
    const settleIfDone = () => {
      if (!issuing() && inFlight === 0 && (stopped || dueHead >= due.length)) {
        if (timer) clearTimeout(timer);
        finish();
      }
    };
    const tick = () => {
      timer = undefined;
      const now = performance.now() - started;
      while (issuing() && scheduled * interval <= now) {
        due.push(scheduled * interval);
        scheduled++;
        issued++;
      }
      if (stopped) {
        // A stop drops the calls that were due but not sent; they never reached the server.
        issued -= due.length - dueHead;
        dueHead = due.length;
      }
      dispatch();
      if (issuing()) timer = setTimeout(tick, Math.max(0, scheduled * interval - (performance.now() - started)));
      settleIfDone();
    };
    plan.signal?.addEventListener('abort', () => setImmediate(tick), { once: true });
    tick();
    await done;
  }

  return {
    calls: issued,
    ok,
    faults,
    errors,
    errorsByKind,
    seconds,
    throughput: seconds > 0 ? (ok + faults + errors) / seconds : 0,
    latency: histogram.summary(),
    histogram,
    firstFault,
    firstError,
    stopped,
  };
}
