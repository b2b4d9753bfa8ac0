import * as vscode from 'vscode';
import { targetOf } from '../common/commandArguments';
import type { CommandTable } from '../common/commandTable';
import { detectProtocol } from '../core';
import type { ServerChecksContext } from './index';

const serverChecksModule = () => require('./index') as typeof import('./index');

/**
 * Check Server and Load Test Method… (src/serverChecks, a chunk loaded on first use): on a tree node, a URL, or the
 * selected row.
 */
export function serverCheckCommands(checks: Omit<ServerChecksContext, 'detectProtocol'>, selected: () => unknown): CommandTable {
  const context: ServerChecksContext = { ...checks, detectProtocol };
  return {
    'rpcExplorer.checkServer': (target?: unknown) => serverChecksModule().checkServer(context, (targetOf(target) ?? targetOf(selected()))?.url),
    'rpcExplorer.loadTestMethod': (target?: unknown, method?: unknown, settings?: unknown) => {
      const given = targetOf(target);
      const name = typeof method === 'string' ? method : given?.method?.name;
      if (!given || !name) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Load Test Method… works on a method in the RPC Explorer view.'));
        return undefined;
      }
      const feature = serverChecksModule();
      return feature.loadTestMethod(context, given.url, name, settings as Parameters<typeof feature.loadTestMethod>[3]);
    },
  };
}
