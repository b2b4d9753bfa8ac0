/** Load Test Method…: asks for calls or a duration, concurrency, a rate and the arguments (Escape cancels). */
import * as vscode from 'vscode';
import { parseTypedJson } from '../core';
import type { TypedValue } from '../core/types';

export interface LoadTestSettings {
  calls?: number;
  durationSeconds?: number;
  concurrency: number;
  rate?: number;
  args: TypedValue[];
}

function positive(text: string, integer: boolean): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    return integer ? vscode.l10n.t('Enter a positive whole number.') : vscode.l10n.t('Enter a positive number.');
  }
  return undefined;
}

function argumentsOf(text: string): { args?: TypedValue[]; error?: string } {
  const read = parseTypedJson(text.trim() === '' ? '[]' : text);
  if (!read.ok) return { error: read.error };
  if (!Array.isArray(read.value)) return { error: vscode.l10n.t('Enter the arguments as a JSON array, e.g. ["phyger", 1].') };
  return { args: read.value };
}

export async function askLoadTestSettings(method: string): Promise<LoadTestSettings | undefined> {
  const title = vscode.l10n.t('Load Test: {0}', method);
  const byCalls = { label: vscode.l10n.t('A number of calls'), detail: vscode.l10n.t('e.g. 1000 calls, then stop') };
  const byDuration = { label: vscode.l10n.t('A duration'), detail: vscode.l10n.t('e.g. 10 seconds, then wait for the calls in flight') };
  const mode = await vscode.window.showQuickPick([byCalls, byDuration], { title, placeHolder: vscode.l10n.t('How long should the load test run?') });
  if (!mode) return undefined;
  const amount = await vscode.window.showInputBox({
    title,
    prompt: mode === byCalls ? vscode.l10n.t('Number of calls') : vscode.l10n.t('Duration in seconds'),
    value: mode === byCalls ? '1000' : '10',
    validateInput: (text) => positive(text, mode === byCalls),
  });
  if (amount === undefined) return undefined;
  const concurrency = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Concurrency: calls in flight at once (connections)'), value: '1', validateInput: (text) => positive(text, true) });
  if (concurrency === undefined) return undefined;
  const rate = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Rate in calls per second (empty: each connection sends its next call when the last one is answered)'),
    value: '',
    validateInput: (text) => (text.trim() === '' ? undefined : positive(text, false)),
  });
  if (rate === undefined) return undefined;
  const argsText = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Arguments as a typed-JSON array'),
    value: '[]',
    validateInput: (text) => argumentsOf(text).error,
  });
  if (argsText === undefined) return undefined;
  return {
    calls: mode === byCalls ? Number(amount) : undefined,
    durationSeconds: mode === byDuration ? Number(amount) : undefined,
    concurrency: Number(concurrency),
    rate: rate.trim() === '' ? undefined : Number(rate),
    args: argumentsOf(argsText).args!,
  };
}
