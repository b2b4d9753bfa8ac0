import type { StateStore } from '../endpoints/endpointStore';
import { sameEndpointUrl, storedEndpointUrl } from '../endpoints/endpointUrl';

export type CallOutcomeKind = 'ok' | 'fault' | 'error' | 'cancelled';

export interface HistoryEntry {
  endpointUrl: string;
  method: string;
  /** The arguments as typed (typed JSON argument list). */
  argsText: string;
  outcome: CallOutcomeKind;
  /** One line: the result's start, the fault or the error. */
  summary: string;
  /** Epoch ms when the call started. */
  at: number;
  elapsedMs: number;
  /** The length of arguments too long to keep (over MAX_KEPT_ARGUMENTS characters): argsText is then empty. */
  argsNotKept?: number;
}

const HISTORY_KEY = 'rpcExplorer.history.v1';
const LAST_ARGS_KEY = 'rpcExplorer.lastArgs.v1';
/** Last-arguments memory per endpoint is bounded too (a server with 2,000 methods). */
const MAX_REMEMBERED_METHODS = 200;
/** The history and the last arguments are kept for the endpoints called most recently (every test port is one). */
const MAX_REMEMBERED_ENDPOINTS = 50;
const MAX_SUMMARY = 200;
/**
 * The longest argument text kept in workspace state (history, last arguments, call forms). VS Code writes an
 * extension's whole workspace state on every change: one 4 MB argument kept there made every later write — each call,
 * each endpoint added — cost about a second.
 */
export const MAX_KEPT_ARGUMENTS = 64 * 1024;

/** Whether an argument text is short enough to keep in workspace state. */
export function keepsArguments(argsText: string): boolean {
  return argsText.length <= MAX_KEPT_ARGUMENTS;
}

/**
 * The last calls per endpoint (`historySize()` of them: the setting rpcExplorer.history.size) and the last arguments
 * typed for each method, in workspace state. Arguments are remembered before the call is sent, so a failed call keeps
 * them; arguments over MAX_KEPT_ARGUMENTS characters are not kept (the entry says how long they were).
 */
export class CallHistory {
  /** `storage`: a BatchedStateStore in the extension, so calls in quick succession share one write per key. */
  constructor(
    private readonly storage: StateStore,
    private readonly historySize: () => number,
  ) {
    this.forgetCredentials();
  }

  /** An older version keyed entries by URLs with their user-info: key them by the URL without it. */
  private forgetCredentials(): void {
    for (const key of [HISTORY_KEY, LAST_ARGS_KEY]) {
      const all = this.storage.get<Record<string, unknown>>(key);
      if (!all || !Object.keys(all).some((url) => storedEndpointUrl(url) !== url)) continue;
      const rekeyed: Record<string, unknown> = {};
      for (const [url, value] of Object.entries(all)) {
        rekeyed[storedEndpointUrl(url)] =
          key === HISTORY_KEY && Array.isArray(value) ? value.map((entry: HistoryEntry) => ({ ...entry, endpointUrl: storedEndpointUrl(entry.endpointUrl) })) : value;
      }
      this.update(key, () => rekeyed);
    }
  }

  /**
   * Changes one key: `change` reads the value as every earlier change left it (the store's reads see changes whose
   * write still waits), so two calls finishing together both land in the history.
   */
  private update<T>(key: string, change: (current: T | undefined) => unknown): void {
    void this.storage.update(key, change(this.storage.get<T>(key)));
  }

  entries(endpointUrl?: string): HistoryEntry[] {
    const all = this.storage.get<Record<string, HistoryEntry[]>>(HISTORY_KEY) ?? {};
    return Object.entries(all)
      .filter(([url]) => endpointUrl === undefined || sameEndpointUrl(url, endpointUrl))
      .flatMap(([, list]) => list)
      .sort((a, b) => b.at - a.at);
  }

  /** Every call, newest first, those to `endpointUrl` before the others (what Call History shows from an endpoint). */
  entriesFirst(endpointUrl: string | undefined): { first: HistoryEntry[]; others: HistoryEntry[] } {
    const all = this.entries();
    if (endpointUrl === undefined) return { first: all, others: [] };
    return { first: all.filter((e) => sameEndpointUrl(e.endpointUrl, endpointUrl)), others: all.filter((e) => !sameEndpointUrl(e.endpointUrl, endpointUrl)) };
  }

  record(entry: HistoryEntry): void {
    const summary = entry.summary.length > MAX_SUMMARY ? `${entry.summary.slice(0, MAX_SUMMARY - 1)}…` : entry.summary;
    const size = this.historySize();
    const kept = keepsArguments(entry.argsText) ? entry : { ...entry, argsText: '', argsNotKept: entry.argsText.length };
    this.update<Record<string, HistoryEntry[]>>(HISTORY_KEY, (current) => {
      const all = { ...(current ?? {}) };
      const key = Object.keys(all).find((url) => sameEndpointUrl(url, entry.endpointUrl)) ?? entry.endpointUrl;
      const list = [{ ...kept, summary }, ...(all[key] ?? [])].slice(0, size);
      delete all[key]; // re-inserted last: insertion order is recency
      if (list.length > 0) all[key] = list;
      return newestKeys(all, MAX_REMEMBERED_ENDPOINTS);
    });
  }

  lastArgs(endpointUrl: string, method: string): string | undefined {
    const all = this.storage.get<Record<string, Record<string, string>>>(LAST_ARGS_KEY) ?? {};
    const key = Object.keys(all).find((url) => sameEndpointUrl(url, endpointUrl));
    return key ? all[key][method] : undefined;
  }

  rememberArgs(endpointUrl: string, method: string, argsText: string): void {
    if (!keepsArguments(argsText)) return; // the last arguments short enough to keep stay
    this.update<Record<string, Record<string, string>>>(LAST_ARGS_KEY, (current) => {
      const all = { ...(current ?? {}) };
      const key = Object.keys(all).find((url) => sameEndpointUrl(url, endpointUrl)) ?? endpointUrl;
      const methods = { ...(all[key] ?? {}) };
      delete methods[method]; // re-inserted last: insertion order is recency
      methods[method] = argsText;
      const names = Object.keys(methods);
      for (const old of names.slice(0, Math.max(0, names.length - MAX_REMEMBERED_METHODS))) delete methods[old];
      delete all[key];
      all[key] = methods;
      return newestKeys(all, MAX_REMEMBERED_ENDPOINTS);
    });
  }
}

/** The last `count` keys of a record (its newest, when keys are re-inserted on each change). */
function newestKeys<T>(all: Record<string, T>, count: number): Record<string, T> {
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - count))) delete all[old];
  return all;
}
