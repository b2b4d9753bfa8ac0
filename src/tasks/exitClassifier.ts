/** What a server process's exit means for the user (pure, no vscode). */

import * as l10n from '@vscode/l10n';

export type ServerExitKind =
  /** We stopped it. */
  | 'stopped'
  /** It ended before it was ready (and before the ready deadline said so). */
  | 'failed-to-start'
  /** It was ready, then died with an error. */
  | 'crashed'
  /** It ended on its own without a failure worth reporting (exit code 0, or after "not ready in time"). */
  | 'exited';

export interface ServerExitFacts {
  fileName: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stopping: boolean;
  /** The readiness state when it ended. */
  readiness: 'starting' | 'ready' | 'not-ready';
  /** The last stack trace's problem, as `message (file:line)`. */
  problem?: string;
  /** The last telling stderr line, for a crash without a stack trace. */
  errorLine?: string;
}

export interface ServerExit {
  kind: ServerExitKind;
  /** The terminal's line. */
  message: string;
  /** The failure the user is told about (bounded), when the exit is one. */
  failure?: string;
  /** The task's exit code. */
  taskExitCode: number;
}

const MAX_FAILURE_MESSAGE = 400;

export function classifyExit(facts: ServerExitFacts): ServerExit {
  const { fileName, code, signal, stopping, readiness } = facts;
  const status = signal ? l10n.t('signal {0}', signal) : l10n.t('exit code {0}', String(code));
  const taskExitCode = code ?? (stopping ? 0 : 1);
  if (stopping) return { kind: 'stopped', message: l10n.t('{0} stopped', fileName), taskExitCode };
  if (readiness === 'starting') {
    const reason = facts.problem ? `: ${facts.problem}` : facts.errorLine ? `: ${facts.errorLine}` : '';
    const message = l10n.t('{0} exited ({1}) before it was ready', fileName, status) + reason;
    const failure = message.length > MAX_FAILURE_MESSAGE ? message.slice(0, MAX_FAILURE_MESSAGE - 3) + '...' : message;
    return { kind: 'failed-to-start', message, failure, taskExitCode };
  }
  if (readiness === 'ready' && code !== 0) {
    const message = l10n.t('{0} stopped unexpectedly ({1})', fileName, status) + (facts.problem ? `: ${facts.problem}` : '');
    return { kind: 'crashed', message, failure: message, taskExitCode };
  }
  return { kind: 'exited', message: l10n.t('{0} exited ({1})', fileName, status), taskExitCode };
}
