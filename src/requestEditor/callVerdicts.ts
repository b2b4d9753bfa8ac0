/**
 * What the last Send / Send All of each request file said about each call, kept where the calls are: a verdict per
 * call (the code lens beside ▷ Send shows it, the Request Results view lists it) and, for an EXPECT that did not
 * hold, a problem at its line until the call is sent again.
 */
import * as vscode from 'vscode';
import type { CallOutcome, Diagnostic, RequestCall } from '../requestFiles';
import { toRange } from './requestDocuments';

export interface CallVerdict {
  call: RequestCall;
  label: string;
  /** An outcome's status, or `not-sent` for a call an error kept back. */
  status: CallOutcome['status'] | 'not-sent';
  durationMs?: number;
  /** One line: why it failed, or the error that kept it back. */
  message?: string;
  outcome?: CallOutcome;
  /** For `not-sent`: the error (its line). */
  diagnostic?: Diagnostic;
}

export interface FileVerdicts {
  uri: vscode.Uri;
  /** By call index, in file order. */
  verdicts: Map<number, CallVerdict>;
  at: Date;
}

export class CallVerdicts implements vscode.Disposable {
  private readonly files = new Map<string, FileVerdicts>();
  private readonly expectProblems = vscode.languages.createDiagnosticCollection('rpc-expect');
  private readonly changedEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changedEmitter.event;
  /** The file sent last (the results view shows it). */
  latest?: vscode.Uri;

  get(uri: vscode.Uri): FileVerdicts | undefined {
    return this.files.get(uri.toString());
  }

  /** A send starts: these calls' verdicts (every call's for Send All) and their EXPECT problems go. */
  clear(uri: vscode.Uri, indices?: readonly number[]): void {
    const file = this.files.get(uri.toString());
    if (!file) return;
    if (indices) for (const index of indices) file.verdicts.delete(index);
    else file.verdicts.clear();
    this.publish(file);
  }

  record(uri: vscode.Uri, verdicts: readonly CallVerdict[]): void {
    const key = uri.toString();
    const file = this.files.get(key) ?? { uri, verdicts: new Map(), at: new Date() };
    this.files.set(key, file);
    file.at = new Date();
    for (const verdict of verdicts) file.verdicts.set(verdict.call.index, verdict);
    file.verdicts = new Map([...file.verdicts].sort(([a], [b]) => a - b));
    this.latest = uri;
    this.publish(file);
  }

  /** The document closed: its verdicts no longer say anything about what it will hold when opened again. */
  forget(uri: vscode.Uri): void {
    if (!this.files.delete(uri.toString())) return;
    this.expectProblems.delete(uri);
    if (this.latest?.toString() === uri.toString()) this.latest = undefined;
    this.changedEmitter.fire(uri);
  }

  private publish(file: FileVerdicts): void {
    const problems: vscode.Diagnostic[] = [];
    for (const verdict of file.verdicts.values()) {
      if (verdict.status !== 'fail') continue;
      const where = verdict.call.expect?.range ?? verdict.call.keyword?.range ?? verdict.call.range;
      const problem = new vscode.Diagnostic(toRange(where), vscode.l10n.t('EXPECT did not hold: {0}', verdict.message ?? ''), vscode.DiagnosticSeverity.Error);
      problem.source = 'rpc';
      problems.push(problem);
    }
    this.expectProblems.set(file.uri, problems);
    this.changedEmitter.fire(file.uri);
  }

  dispose(): void {
    this.expectProblems.dispose();
    this.changedEmitter.dispose();
  }
}

export function verdictOf(outcome: CallOutcome): CallVerdict {
  return { call: outcome.call, label: outcome.label, status: outcome.status, durationMs: outcome.durationMs, message: outcome.message, outcome };
}

/** The short text of a verdict: `✓ 10 ms`, `✗ expected 6, got 5`, `! connection refused`, `not sent: line 9: …`. */
export function verdictText(verdict: CallVerdict, max = 80): string {
  const ms = verdict.durationMs !== undefined ? `${Math.round(verdict.durationMs)} ms` : '';
  const cut = (text: string) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  switch (verdict.status) {
    case 'ok':
      return `✓ ${ms}`;
    case 'fail':
    case 'fault':
      return `✗ ${cut(verdict.message ?? '')}`;
    case 'error':
      return `! ${cut(verdict.message ?? '')}`;
    case 'skipped':
      return `– ${cut(verdict.message ?? '')}`;
    case 'not-sent':
      return cut(vscode.l10n.t('not sent: line {0}: {1}', (verdict.diagnostic?.range.start.line ?? 0) + 1, verdict.diagnostic?.message ?? ''));
  }
}
