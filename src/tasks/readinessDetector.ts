/**
 * When a starting server is ready: its ready line (or, for a server that prints nothing, its port opening) within a
 * deadline, confirmed by a connection to the port. A later ready line is a restart (a reloader). Pure Node.
 */
import type { ServerSourceModel } from '../sourceModel';
import { systemClock, type Clock, type ClockTimer } from '../servers/clock';
import { waitForPort } from './portProbe';
import { addressOfUrl, connectableHost, formatUrl, readyUrlFromLine } from './readyLine';

/** Ready lines this close together are one start (servers announce several addresses). */
export const RESTART_QUIET_MS = 1500;
/** After the port opens, how long a ready line (which may name a path) has to arrive before the port alone counts. */
const PORT_READY_GRACE_MS = 300;
/** How long a ready line's port has to accept a connection (a ready line may come just before listen()). */
const CONFIRM_MS = 5000;
/**
 * A ready line naming an address other than the one the server was expected to open (or when none was known, or it
 * was taken before the start) proves less: the server must still run this long after its port answered, so output
 * followed by an exit (a crash) is never readiness.
 */
const UNEXPECTED_ADDRESS_SETTLE_MS = 400;

export interface HostPort {
  host: string;
  port: number;
}

export type Readiness = 'starting' | 'ready' | 'not-ready';

export interface ReadinessOptions {
  pattern: RegExp;
  /** The task's `url`: the endpoint whatever the ready line says. */
  taskUrl?: string;
  /** Where the server will listen, when known before it says so. */
  expected?: HostPort;
  /** The host the source names, for a ready line that names only a port. */
  sourceHost?: string;
  /** Whether the port opening alone counts as ready (no custom ready pattern, the port was free before the start). */
  probePort: boolean;
  timeoutMs: number;
  /** The clock of the deadline and of the quiet time between starts (the system's; tests pass one they advance). */
  clock?: Clock;
}

export interface ReadinessListener {
  ready(url: string, restart: boolean): void;
  /** The deadline passed without a ready line or an open port (the server keeps running). */
  notReady(): void;
  /** A line matched the ready pattern but names no port, and the task has no url. */
  readyLineWithoutPort(): void;
}

export class ReadinessDetector {
  state: Readiness = 'starting';
  private readonly abort = new AbortController();
  private readonly timers = new Set<ClockTimer>();
  private confirming = false;
  private lastReadyAt = 0;
  private readonly clock: Clock;

  constructor(
    private readonly options: ReadinessOptions,
    private readonly listener: ReadinessListener,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    const { expected, probePort, timeoutMs } = this.options;
    this.later(timeoutMs, () => this.deadlinePassed());
    if (!expected || !probePort) return;
    void waitForPort(expected.host, expected.port, { deadline: Date.now() + timeoutMs, signal: this.abort.signal }).then((open) => {
      if (!open) return;
      // The ready line usually follows the port at once and may name a path: give it a moment to win.
      this.later(PORT_READY_GRACE_MS, () => {
        if (this.state === 'starting' && !this.confirming) this.confirm(this.options.taskUrl ?? formatUrl('http', expected.host, expected.port)!, false);
      });
    });
  }

  line(line: string): void {
    if (this.abort.signal.aborted) return;
    const { pattern, taskUrl, expected, sourceHost } = this.options;
    const announced = readyUrlFromLine(line, pattern, { host: expected?.host ?? sourceHost, port: expected?.port });
    if (announced === undefined && !pattern.test(line)) return;
    const url = taskUrl ?? announced;
    if (!url) return this.listener.readyLineWithoutPort();
    if (this.state === 'starting' || this.state === 'not-ready') this.confirm(url, false);
    else if (this.clock.now() - this.lastReadyAt > RESTART_QUIET_MS) this.confirm(url, true);
  }

  /** No more events: the server stopped or exited. */
  dispose(): void {
    this.abort.abort();
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }

  private confirm(url: string, restart: boolean): void {
    if (this.confirming) return;
    this.confirming = true;
    this.lastReadyAt = this.clock.now();
    const address = addressOfUrl(url);
    const open = address
      ? waitForPort(address.host, address.port, { deadline: Date.now() + CONFIRM_MS, signal: this.abort.signal, intervalMs: 50 })
      : Promise.resolve(true);
    const { expected, probePort } = this.options;
    const foreseen = !!address && !!expected && probePort && sameAddress(address, expected);
    void open
      .then((opened) => (opened && !foreseen ? this.settled(UNEXPECTED_ADDRESS_SETTLE_MS) : opened))
      .then((opened) => {
        this.confirming = false;
        if (this.abort.signal.aborted) return;
        // The port never opened: not ready (the deadline reports it; a later ready line may still confirm).
        if (!opened) return;
        this.state = 'ready';
        this.lastReadyAt = this.clock.now();
        this.listener.ready(url, restart);
      });
  }

  /** True when nothing ended this detector (the process exiting disposes it) within `ms`. */
  private settled(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(!this.abort.signal.aborted), ms);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve(false)), { once: true });
    });
  }

  private deadlinePassed(): void {
    if (this.state !== 'starting' || this.confirming || this.abort.signal.aborted) return;
    this.state = 'not-ready';
    this.listener.notReady();
  }

  private later(ms: number, run: () => void): void {
    const timer = this.clock.after(ms, () => {
      this.timers.delete(timer);
      run();
    });
    this.timers.add(timer);
  }
}

function sameAddress(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && connectableHost(a.host) === connectableHost(b.host);
}

/** Where the server will listen, when known before it says so: the task's url, else the source (its port env wins). */
export function expectedAddress(taskUrl: string | undefined, source: ServerSourceModel | undefined, env: NodeJS.ProcessEnv): HostPort | undefined {
  if (taskUrl) return addressOfUrl(taskUrl);
  let port = source?.port;
  if (source?.portEnv && env[source.portEnv] !== undefined) {
    // PORT=0 (or anything not a port) means the server picks one: only its ready line can tell which.
    const fromEnv = Number(env[source.portEnv]);
    port = Number.isInteger(fromEnv) && fromEnv > 0 && fromEnv < 65536 ? fromEnv : undefined;
  }
  return port === undefined ? undefined : { host: connectableHost(source?.host), port };
}
