/**
 * `rpc-explorer listen URL [--call METHOD [ARG...]] [--method NAME]... [--count N] [--timeout MS] [--json]
 * [--secret-arg-env NAME] [--header 'K: V']...`: prints the notifications of a WebSocket JSON-RPC endpoint, one line
 * each, and the answer of one call sent once the socket is open. Exit 0 once --count notifications were printed and
 * the call (if any) answered; without --count at the timeout or Ctrl+C. Exit 2 at the timeout with fewer than N, for
 * an http(s) URL and for anything that is not a fault; exit 1 when the call's answer was a fault.
 */
import * as l10n from '@vscode/l10n';
import { RpcError, RpcFault } from '../core/errors';
import { callMethod } from '../core/index';
import { parseCliArgument } from '../core/values';
import type { CallOptions, TypedValue } from '../core/types';
import { webSocketConnection, type ServerNotification } from '../core/websocket';
import { isWebSocketUrl } from '../core/websocket/url';
import { headerOption, optionAt, variableOption } from './optionWords';

export interface ListenRequest {
  url: string;
  call?: { method: string; args: string[] };
  methods: string[];
  count?: number;
  timeoutMs?: number;
  json: boolean;
  secretArgEnv?: string;
  headers: Record<string, string>;
  help: boolean;
}

export const LISTEN_HELP = `Usage:
  rpc-explorer listen <ws-url> [--call METHOD [ARG...]] [--method NAME]... [--count N] [--timeout MS] [--json]
                      [--secret-arg-env NAME] [--header 'K: V']...

Prints each notification of a WebSocket JSON-RPC endpoint (ws:// or wss://) as one line: METHOD PARAMS, or
{"method": ..., "params": ...} with --json. --call sends one call once the socket is open and prints its answer as
one line whenever it arrives ({"result": ...} or {"fault": {"code": ..., "message": ...}} with --json).
  --method NAME    only notifications of NAME (repeatable)
  --count N        exit 0 once N notifications were printed (and the call answered); exit 2 at the timeout with fewer
  --timeout MS     stop after MS milliseconds (without --count: exit 0); also the call's deadline (default 30000)
  --secret-arg-env NAME  the call's first argument from environment variable NAME (aria2's "token:SECRET")
  --header 'K: V'  a header of the upgrade request (repeatable)
`;

function usage(message: string): RpcError {
  return new RpcError('usage', l10n.t('{0} (see rpc-explorer listen --help)', message));
}

/** The words after `listen`. */
export function parseListenArgs(argv: readonly string[]): ListenRequest {
  const request: ListenRequest = { url: '', methods: [], json: false, headers: {}, help: false };
  const positional: string[] = [];
  const at = { index: 0 };
  for (; at.index < argv.length; at.index++) {
    const arg = argv[at.index];
    const isOption = arg.startsWith('--') || arg === '-h';
    if (!isOption) {
      positional.push(arg);
      continue;
    }
    const { name, value } = optionAt(argv, at, usage);
    const positiveInteger = (): number => {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) <= 0) throw usage(l10n.t('{0} needs a positive whole number, not "{1}"', name, text));
      return Number(text);
    };
    switch (name) {
      case '-h':
      case '--help':
        request.help = true;
        break;
      case '--json':
        request.json = true;
        break;
      case '--call': {
        if (request.call) throw usage(l10n.t('--call may be given once'));
        const method = value();
        const args: string[] = [];
        // The call's ARGs run up to the next option (negative numbers are arguments).
        while (at.index + 1 < argv.length && !argv[at.index + 1].startsWith('--')) args.push(argv[++at.index]);
        request.call = { method, args };
        break;
      }
      case '--method':
        request.methods.push(value());
        break;
      case '--count':
        request.count = positiveInteger();
        break;
      case '--timeout':
        request.timeoutMs = positiveInteger();
        break;
      case '--secret-arg-env': {
        request.secretArgEnv = variableOption(value(), usage);
        break;
      }
      case '--header': {
        const [headerName, headerValue] = headerOption(value(), usage);
        request.headers[headerName] = headerValue;
        break;
      }
      default:
        throw usage(l10n.t('unknown option {0}', name));
    }
  }
  if (request.help) return request;
  if (positional.length === 0) throw usage(l10n.t('listen needs a ws:// or wss:// URL'));
  if (positional.length > 1) throw usage(l10n.t('listen takes one URL, got extra "{0}"', positional[1]));
  request.url = positional[0];
  if (!isWebSocketUrl(request.url)) {
    throw new RpcError('usage', l10n.t('listen needs a WebSocket URL (ws:// or wss://), not {0}', request.url.replace(/\/\/[^/@]*@/, '//')));
  }
  return request;
}

export interface ListenOutput {
  out(line: string): void;
  err(line: string): void;
}

/** One line of typed JSON. */
function jsonLine(value: TypedValue | undefined): string {
  return JSON.stringify(value ?? null);
}

/** Runs `listen`; resolves to the exit code. SIGINT ends it with 0. */
export async function runListen(request: ListenRequest, io: ListenOutput): Promise<number> {
  if (request.help) {
    io.out(l10n.t(LISTEN_HELP));
    return 0;
  }
  const options: CallOptions = { headers: request.headers, timeoutMs: request.timeoutMs };
  const args: TypedValue[] = (request.call?.args ?? []).map(parseCliArgument);
  if (request.secretArgEnv !== undefined) {
    const secret = process.env[request.secretArgEnv];
    if (secret === undefined || secret === '') throw new RpcError('usage', l10n.t('--secret-arg-env {0}: the variable is not set', request.secretArgEnv));
    options.leadingArgs = [parseCliArgument(secret)];
  }
  const connection = webSocketConnection(request.url, options);
  const wanted = new Set(request.methods);
  let printed = 0;
  let answered = request.call === undefined;
  let faulted = false;

  return new Promise<number>((resolve, reject) => {
    let finished = false;
    const finish = (code: number | Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      process.removeListener('SIGINT', onInterrupt);
      stopListening();
      if (code instanceof Error) reject(code);
      else resolve(code);
    };
    const doneIfComplete = () => {
      if (request.count !== undefined && printed >= request.count && answered) finish(faulted ? 1 : 0);
    };
    const onNotification = (notification: ServerNotification) => {
      if (finished || (wanted.size > 0 && !wanted.has(notification.method))) return;
      if (request.count !== undefined && printed >= request.count) return;
      printed++;
      io.out(
        request.json
          ? `{"method": ${JSON.stringify(notification.method)}, "params": ${jsonLine(notification.params)}}`
          : notification.params === undefined
            ? notification.method
            : `${notification.method} ${jsonLine(notification.params)}`,
      );
      doneIfComplete();
    };
    const stopListening = connection.onNotification(onNotification);
    const onInterrupt = () => finish(faulted ? 1 : 0);
    process.on('SIGINT', onInterrupt);
    const deadline =
      request.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            if (request.count !== undefined && printed < request.count) {
              io.err(`rpc-explorer: ${l10n.t('{0} of {1} notifications arrived within {2} s (timeout)', printed, request.count, request.timeoutMs! / 1000)}`);
              finish(2);
            } else if (!answered) {
              finish(new RpcError('timeout', l10n.t('no answer to {0} within {1} s (timeout)', request.call!.method, request.timeoutMs! / 1000)));
            } else finish(faulted ? 1 : 0);
          }, request.timeoutMs);

    connection.connect(request.timeoutMs).then(
      () => {
        if (!request.call || finished) return;
        callMethod(request.url, 'jsonrpc', request.call.method, args, options).then(
          (result) => {
            if (finished) return;
            io.out(request.json ? `{"result": ${jsonLine(result)}}` : jsonLine(result));
            answered = true;
            doneIfComplete();
          },
          (error: unknown) => {
            if (finished) return;
            if (!(error instanceof RpcFault)) return finish(error as Error);
            if (request.json) io.out(`{"fault": {"code": ${JSON.stringify(error.code)}, "message": ${JSON.stringify(error.faultString)}}}`);
            else io.err(error.code === null ? l10n.t('fault: {0}', error.faultString) : l10n.t('fault {0}: {1}', String(error.code), error.faultString));
            answered = true;
            faulted = true;
            doneIfComplete();
          },
        );
      },
      (error: Error) => finish(error),
    );
  });
}
