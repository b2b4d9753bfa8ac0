import * as vscode from 'vscode';
import { targetOf } from '../common/commandArguments';
import type { CommandTable } from '../common/commandTable';
import { LazyFeature } from '../lazy/lazyFeature';
import type { RequestEditor } from './index';

/** The commands the request editor registers when it loads (package.json lists them). */
const REQUEST_EDITOR_COMMANDS = ['rpcExplorer.sendRequest', 'rpcExplorer.sendAllRequests', 'rpcExplorer.selectRequestEnvironment', 'rpcExplorer.setRequestFileSecret'];
const RPC_LANGUAGE = 'rpc';

/** The request editor, loaded on first use; what the other features ask of it before and after. */
export interface RequestEditorOnUse {
  /** The editor, loading it. */
  get(): RequestEditor;
  /** Writes a call into a request file (the last one used, or one the user picks). */
  saveCall(url: string, method: string, argsText?: string): void;
  /** New Request File and Add to Request File on a tree node (or the programmatic forms). */
  commands(): CommandTable;
}

/**
 * Request files (.rpc): Send, diagnostics and completion from discovery, and calls written from the explorer. The
 * editor (a chunk, see esbuild.js) loads with the first .rpc document or request-file command.
 */
export function requestEditorOnUse(context: vscode.ExtensionContext, deps: Parameters<typeof import('./index').registerRequestEditor>[1]): RequestEditorOnUse {
  const feature = new LazyFeature<RequestEditor>(REQUEST_EDITOR_COMMANDS, () => (require('./index') as typeof import('./index')).registerRequestEditor(context, deps));
  const loadFor = (document: vscode.TextDocument) => document.languageId === RPC_LANGUAGE && !feature.isLoaded && feature.get();
  context.subscriptions.push(feature, vscode.workspace.onDidOpenTextDocument(loadFor));
  vscode.workspace.textDocuments.forEach(loadFor);
  const files = () => feature.get().files;
  return {
    get: () => feature.get(),
    saveCall: (url, method, argsText) => void files().addCall(url, method, argsText),
    commands: () => ({
      'rpcExplorer.newRequestFile': (target?: unknown) => {
        const url = targetOf(target)?.url;
        return url ? files().newFile(url) : undefined;
      },
      'rpcExplorer.addToRequestFile': (target?: unknown, into?: unknown) => {
        const given = targetOf(target);
        return given?.method ? files().addCall(given.url, given.method, undefined, into instanceof vscode.Uri || into === 'new' ? into : undefined) : undefined;
      },
    }),
  };
}
