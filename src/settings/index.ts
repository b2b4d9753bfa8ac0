/**
 * Every `rpcExplorer.*` setting the extension reads, in one place: typed, with its default and the clamping its
 * package.json schema promises (a hand-edited settings.json can hold anything), and one change event. Readers are
 * functions, not a snapshot: a setting changed while the extension runs applies to the next request or start.
 * (The schemas in package.json and the defaults here go together: change both.)
 */
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUT_MS } from '../core/endpointUrl';

export { DEFAULT_TIMEOUT_MS };

const SECTION = 'rpcExplorer';
/** The longest delay a timer takes: a request timeout that never fires (a server paused in the debugger). */
export const NO_TIMEOUT_MS = 2_147_483_647;

export type HeaderSettings = Record<string, Record<string, string>>;

/** A finite number from the setting, else the default; then clamped to [min, max] (and floored when `integer`). */
function numberSetting(value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, integer = false): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const clamped = Math.min(max, Math.max(min, n));
  return integer ? Math.floor(clamped) : clamped;
}

function section(name = SECTION, resource?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(name, resource);
}

/** rpcExplorer.requestTimeoutMs (≥ 100 ms). */
export function requestTimeoutMs(): number {
  return numberSetting(section().get('requestTimeoutMs'), DEFAULT_TIMEOUT_MS, 100);
}

/** rpcExplorer.maxResponseSizeMB as bytes (≥ 1 MB). */
export function maxResponseBytes(): number {
  return Math.round(numberSetting(section().get('maxResponseSizeMB'), 20, 1) * 1024 * 1024);
}

/** rpcExplorer.multicallChunkSize: calls per system.multicall request of discovery (1…5000). */
export function multicallChunkSize(): number {
  return numberSetting(section().get('multicallChunkSize'), 500, 1, 5000, true);
}

/** rpcExplorer.tls.caFile, trimmed; undefined when unset. */
export function tlsCaFile(): string | undefined {
  const value = section().get('tls.caFile');
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** rpcExplorer.tls.allowInsecure: the endpoint URLs whose certificate is not checked. */
export function tlsAllowInsecure(): string[] {
  const value = section().get('tls.allowInsecure');
  return Array.isArray(value) ? value.filter((u): u is string => typeof u === 'string') : [];
}

/** rpcExplorer.history.size: calls kept per endpoint and method list (0…1000). */
export function historySize(): number {
  return numberSetting(section().get('history.size'), 50, 0, 1000, true);
}

/** rpcExplorer.codeLens.enabled for the document. */
export function codeLensEnabled(resource?: vscode.Uri): boolean {
  return section(SECTION, resource).get<boolean>('codeLens.enabled', true) !== false;
}

/** rpcExplorer.server.readyTimeoutSeconds for the server file (≥ 1 s). */
export function readyTimeoutSeconds(file: string): number {
  return numberSetting(section(`${SECTION}.server`, vscode.Uri.file(file)).get('readyTimeoutSeconds'), 20, 1);
}

/** rpcExplorer.server.restartOnSave for the server file. */
export function restartOnSave(file: string): boolean {
  return section(`${SECTION}.server`, vscode.Uri.file(file)).get<boolean>('restartOnSave', true) !== false;
}

/** rpcExplorer.server.pythonPath for the resource, trimmed ('' when unset). */
export function pythonPath(resource: vscode.Uri): string {
  const value = section(`${SECTION}.server`, resource).get('pythonPath');
  return typeof value === 'string' ? value.trim() : '';
}

/** The Python extension's python.defaultInterpreterPath where someone set it (its default, 'python', is no choice). */
export function pythonDefaultInterpreterPath(resource: vscode.Uri): string | undefined {
  const inspected = section('python', resource).inspect<string>('defaultInterpreterPath');
  const configured = (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue)?.trim();
  return configured && configured !== 'python' ? configured : undefined;
}

/** rpcExplorer.headers: the merged value (user, workspace, folder). */
export function headers(): HeaderSettings {
  const value = section().get('headers');
  return typeof value === 'object' && value !== null ? (value as HeaderSettings) : {};
}

/** rpcExplorer.headers per settings scope (to find and move secrets written by hand). */
export function inspectHeaders(): { global?: HeaderSettings; workspace?: HeaderSettings; workspaceFolder?: HeaderSettings } {
  const inspected = section().inspect<HeaderSettings>('headers');
  return { global: inspected?.globalValue, workspace: inspected?.workspaceValue, workspaceFolder: inspected?.workspaceFolderValue };
}

/** Writes rpcExplorer.headers in one scope. */
export function updateHeaders(value: HeaderSettings | undefined, target: vscode.ConfigurationTarget): Thenable<void> {
  return section().update('headers', value, target);
}

/** rpcExplorer.endpoints as written (settingsEndpointList parses and reports it). */
export function endpointsSetting(): unknown {
  return section().get('endpoints');
}

/** rpcExplorer.environments as written (the request files' environments parse it). */
export function environmentsSetting(): unknown {
  return section().get('environments');
}

/** The full names of the settings above, for `affects`. */
export type SettingKey =
  | 'requestTimeoutMs'
  | 'maxResponseSizeMB'
  | 'multicallChunkSize'
  | 'headers'
  | 'tls'
  | 'history.size'
  | 'codeLens.enabled'
  | 'server'
  | 'endpoints'
  | 'environments';

/** Fires when an `rpcExplorer.*` setting changes; `affects('headers')` says whether that one did. */
export function onDidChangeSettings(listener: (change: { affects(key: SettingKey): boolean }) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener({ affects: (key) => event.affectsConfiguration(`${SECTION}.${key}`) });
  });
}
