/** What a server process's exit means for the user (pure, no vscode). */

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
  const status = signal ? `signal ${signal}` : `exit code ${code}`;
  const taskExitCode = code ?? (stopping ? 0 : 1);
  if (stopping) return { kind: 'stopped', message: `${fileName} stopped`, taskExitCode };
  if (readiness === 'starting') {
    const reason = facts.problem ? `: ${facts.problem}` : facts.errorLine ? `: ${facts.errorLine}` : '';
    const message = `${fileName} exited (${status}) before it was ready${reason}`;
    const failure = message.length > MAX_FAILURE_MESSAGE ? message.slice(0, MAX_FAILURE_MESSAGE - 3) + '...' : message;
    return { kind: 'failed-to-start', message, failure, taskExitCode };
  }
  if (readiness === 'ready' && code !== 0) {
    const message = `${fileName} stopped unexpectedly (${status})${facts.problem ? `: ${facts.problem}` : ''}`;
    return { kind: 'crashed', message, failure: message, taskExitCode };
  }
  return { kind: 'exited', message: `${fileName} exited (${status})`, taskExitCode };
}
