/**
 * Check Server and Load Test Method…: the editor's faces of `rpc-explorer doctor` and `rpc-explorer load`. This is
 * the feature's one entry module: extension.ts reaches it on first use only.
 */
import * as vscode from 'vscode';
import type { DoctorReport } from '../core/doctor';
import type { LoadResult } from '../core/load';
import type { DiscoverOptions, Protocol, TransportOptions, TypedValue } from '../core/types';
import { CheckServerPanel } from './checkServerPanel';
import { LoadTestPanel } from './loadTestPanel';
import { askLoadTestSettings, type LoadTestSettings } from './loadTestSettings';

export interface ServerChecksContext {
  extensionUri: vscode.Uri;
  registry: {
    list(): readonly { config: { url: string } }[];
    callUrl(url: string): string;
    knownProtocol(url: string): Protocol | undefined;
  };
  requestOptions: {
    forEndpoint(url: string): Promise<DiscoverOptions>;
    leadingArgs(url: string): Promise<TypedValue[] | undefined>;
  };
  detectProtocol(url: string, options: TransportOptions): Promise<{ protocol: Protocol; url: string }>;
}

/** Check Server on `url`, or on an endpoint the user picks. */
export async function checkServer(context: ServerChecksContext, url: string | undefined): Promise<DoctorReport | undefined> {
  const target = url ?? (await pickEndpoint(context));
  return target ? CheckServerPanel.show(context, target) : undefined;
}

/** Load Test Method…: asks for the settings unless given, then runs in a new panel. */
export async function loadTestMethod(context: ServerChecksContext, url: string, method: string, given?: LoadTestSettings): Promise<LoadResult | undefined> {
  const settings = given ?? (await askLoadTestSettings(method));
  if (!settings) return undefined;
  return new LoadTestPanel(context, url, method).run(settings);
}

async function pickEndpoint(context: ServerChecksContext): Promise<string | undefined> {
  const endpoints = context.registry.list().map((endpoint) => endpoint.config.url);
  if (endpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: add an endpoint first, then check it.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(endpoints, { title: vscode.l10n.t('Check Server'), placeHolder: vscode.l10n.t('The endpoint to check against its protocol\'s rules') });
  return picked;
}

export type { LoadTestSettings } from './loadTestSettings';
