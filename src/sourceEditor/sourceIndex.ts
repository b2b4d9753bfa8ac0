import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { scanServerSource, type ServerSourceModel, type SourceFunction } from '../sourceModel';
import { fileKey } from '../sourceModel/filePaths';
import { Disposable } from '../common/lifecycle';

/**
 * Which server file serves an endpoint, and what its source says: the file a server task started it from, or a
 * workspace file that binds the endpoint's host and port. Lazy: the workspace is scanned on the first request,
 * then kept up to date by a file watcher and on save.
 */

/** An endpoint's server file and its model. */
export interface EndpointSource {
  file: string;
  model: ServerSourceModel;
  /** `task`: a server task started the endpoint from this file; `port`: the file binds the endpoint's host and port. */
  via: 'task' | 'port';
}

/** A method's function in the source, or why there is none (one sentence). */
export type FunctionLookup = { source: EndpointSource; fn: SourceFunction } | { reason: string };

/** Server-looking text: a cheap test before parsing a file. */
const SERVER_HINT = /SimpleXMLRPCServer|XMLRPCServer|xmlrpc|hprose|jsonrpc|jayson|createServer|HttpServer|register_function|register_instance/i;
const SOURCE_GLOB = '**/*.{py,pyw,js,mjs,cjs,ts,mts,cts}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.venv/**,**/venv/**,**/.git/**,**/__pycache__/**,**/site-packages/**,**/.vscode-test/**}';
/** At most this many candidate files are read, and files above this size are skipped: a workspace scan stays cheap. */
const MAX_FILES = 2000;
const MAX_BYTES = 512 * 1024;

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '', '::', '::1', '[::]', '[::1]']);

/** A host as compared: the loopback and wildcard spellings are one. */
export function hostKey(host: string | undefined): string {
  const h = (host ?? '').toLowerCase();
  return LOCAL_HOSTS.has(h) ? 'local' : h;
}

/** Host and port an endpoint URL names (the scheme's default port when it names none). */
export function endpointAddress(url: string): { host: string; port: number } | undefined {
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return { host: u.hostname, port };
  } catch {
    return undefined;
  }
}

export class SourceIndex extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when what a file says may have changed (a save, a file created, changed or deleted): lookups are stale. */
  readonly onDidChange = this.changed.event;
  /** The workspace's server files, by file key; undefined until the first request that needs them. */
  private workspaceServers: Promise<Map<string, ServerSourceModel>> | undefined;
  /** Models of single files (task files, open documents), by file key. */
  private readonly fileModels = new Map<string, Promise<ServerSourceModel | undefined>>();
  /** Settled lookups by endpoint URL, for the tree's synchronous reads, with the task file they were made for. */
  private readonly settled = new Map<string, { localFile?: string; source: EndpointSource | null }>();
  private readonly pending = new Map<string, Promise<EndpointSource | undefined>>();
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly registry: EndpointRegistry) {
    super();
    this._registerAll(
      vscode.workspace.onDidSaveTextDocument((document) => this.invalidate(document.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidateAll()),
    );
  }

  /** The source of an endpoint: its task's file, else the workspace server file binding its host and port. */
  forEndpoint(url: string): Promise<EndpointSource | undefined> {
    const known = this.current(url);
    if (known !== undefined) return Promise.resolve(known ?? undefined);
    let lookup = this.pending.get(url);
    if (!lookup) {
      const localFile = this.registry.get(url)?.config.local?.file;
      lookup = this.lookUp(url).then(
        (found) => {
          if (this.pending.get(url) === lookup) {
            this.pending.delete(url);
            this.settled.set(url, { localFile, source: found ?? null });
          }
          return found;
        },
        () => {
          if (this.pending.get(url) === lookup) this.pending.delete(url);
          return undefined;
        },
      );
      this.pending.set(url, lookup);
    }
    return lookup;
  }

  /** What is known now without waiting: the source, null when there is none, undefined while not looked up yet. */
  peek(url: string): EndpointSource | null | undefined {
    return this.current(url);
  }

  /** The settled lookup, unless the endpoint's task file changed since (a server task now serves that URL). */
  private current(url: string): EndpointSource | null | undefined {
    const entry = this.settled.get(url);
    if (!entry) return undefined;
    if (entry.localFile !== this.registry.get(url)?.config.local?.file) {
      this.settled.delete(url);
      return undefined;
    }
    return entry.source;
  }

  /** The function serving a method of an endpoint, or why none is known. */
  async functionOf(url: string, method: string): Promise<FunctionLookup> {
    const source = await this.forEndpoint(url);
    if (!source) {
      const address = endpointAddress(url);
      return {
        reason: address
          ? vscode.l10n.t('no server file in the workspace binds {0}', `${address.host}:${address.port}`)
          : vscode.l10n.t('{0} is not a URL with a host and port', url),
      };
    }
    const name = path.basename(source.file);
    const fn = source.model.functions.find((f) => f.name === method);
    if (!fn) return { reason: vscode.l10n.t('{0} does not register {1}', name, method) };
    if (!fn.definition) {
      return { reason: vscode.l10n.t('{0} registers {1} at line {2} but does not define it (it is imported or built in)', name, method, fn.registeredAt.line) };
    }
    return { source, fn };
  }

  /** The model of one file, from its open document when there is one (unsaved edits included). */
  async modelOf(file: string): Promise<ServerSourceModel | undefined> {
    const key = fileKey(file);
    let model = this.fileModels.get(key);
    if (!model) {
      this.watch(); // a task's file edited outside the editor is read again too
      model = this.readModel(file).catch(() => undefined);
      this.fileModels.set(key, model);
    }
    return model;
  }

  /** The model of a document as it is now (code lenses follow unsaved edits). */
  async modelOfDocument(document: vscode.TextDocument): Promise<ServerSourceModel | undefined> {
    const text = document.getText();
    if (!SERVER_HINT.test(text)) return undefined;
    try {
      return await scanServerSource(text, document.uri.fsPath);
    } catch {
      return undefined;
    }
  }

  private async lookUp(url: string): Promise<EndpointSource | undefined> {
    const endpoint = this.registry.get(url);
    const localFile = endpoint?.config.local?.file;
    if (localFile) {
      const model = await this.modelOf(localFile);
      if (model) return { file: localFile, model, via: 'task' };
    }
    const address = endpointAddress(url);
    if (!address) return undefined;
    const servers = await this.scanWorkspace();
    const host = hostKey(address.host);
    const matches = [...servers.values()].filter((m) => m.port === address.port && hostKey(m.host) === host);
    // Several files binding one port (copies, variants): the first in path order, so the answer is stable.
    matches.sort((a, b) => a.file.localeCompare(b.file));
    return matches[0] ? { file: matches[0].file, model: matches[0], via: 'port' } : undefined;
  }

  private scanWorkspace(): Promise<Map<string, ServerSourceModel>> {
    if (!this.workspaceServers) {
      this.watch();
      this.workspaceServers = (async () => {
        const servers = new Map<string, ServerSourceModel>();
        if (!vscode.workspace.workspaceFolders?.length) return servers;
        const uris = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_FILES);
        for (const uri of uris) {
          if (uri.scheme !== 'file') continue;
          const model = await this.modelOf(uri.fsPath);
          if (model?.isServer) servers.set(fileKey(uri.fsPath), model);
        }
        return servers;
      })();
    }
    return this.workspaceServers;
  }

  private async readModel(file: string): Promise<ServerSourceModel | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && fileKey(d.uri.fsPath) === fileKey(file));
    let text: string;
    if (open) text = open.getText();
    else {
      if ((await stat(file)).size > MAX_BYTES) return undefined;
      text = await readFile(file, 'utf8');
    }
    if (!SERVER_HINT.test(text)) return undefined;
    return scanServerSource(text, file);
  }

  private watch(): void {
    if (this.watcher) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    this._registerAll(
      this.watcher,
      this.watcher.onDidCreate((uri) => this.invalidate(uri)),
      this.watcher.onDidChange((uri) => this.invalidate(uri)),
      this.watcher.onDidDelete((uri) => this.invalidate(uri)),
    );
  }

  /** A file changed: read it again (and only it) on the next request. */
  private invalidate(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !/\.(py|pyw|[mc]?js|[mc]?ts)$/i.test(uri.fsPath)) return;
    if (/[\\/](node_modules|\.venv|venv|\.git)[\\/]/.test(uri.fsPath)) return;
    const key = fileKey(uri.fsPath);
    this.fileModels.delete(key);
    const servers = this.workspaceServers;
    if (servers) {
      this.workspaceServers = servers.then(async (map) => {
        const next = new Map(map);
        next.delete(key);
        const model = await this.modelOf(uri.fsPath);
        if (model?.isServer) next.set(key, model);
        return next;
      });
    }
    this.forgetLookups();
    this.changed.fire();
  }

  private invalidateAll(): void {
    this.fileModels.clear();
    this.workspaceServers = undefined;
    this.forgetLookups();
    this.changed.fire();
  }

  private forgetLookups(): void {
    this.settled.clear();
    this.pending.clear();
  }

}
