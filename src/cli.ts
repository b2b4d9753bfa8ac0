/**
 * `rpc-explorer list|call|run`: the protocol core on the command line. Exit 0 on success, 1 for a server fault,
 * 2 for everything else, with exactly one line on stderr and never a stack trace.
 */
import * as l10n from '@vscode/l10n';
import { helpText, parseCommandLine, type CliRequest } from './cli/args';
import { runCommand } from './cli/runCommand';
import { doctorCommand } from './cli/doctorCommand';
import { loadCommand } from './cli/loadCommand';
import { loadCliTranslations } from './cli/locale';
import { isListenCommand, listenMain } from './cli/listenCommand';
import {
  RpcError,
  RpcFault,
  callMethod,
  callMethodAuto,
  describeError,
  discover,
  formatTypedValue,
  parseCliArgument,
  resolveCallUrl,
  detectProtocol,
  basicAuthorization,
  urlCredentials,
  type CallOptions,
  type TypedValue,
} from './core';
import { buildSnippet } from './core/snippets';
import { closeIdleConnections } from './core/transport';
import { closeWebSocketConnections } from './core/websocket/pool';
import { urlWithoutCredentials as maskUrl } from './core/secrets';

const VERSION = '0.2.0';

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** A line on stderr that is not an error (which URL answered, what discovery could not read). */
function note(line: string): void {
  process.stderr.write(`rpc-explorer: ${line.replace(/[\r\n]+/g, ' ')}\n`);
}

/** The note for a URL that is not an endpoint and the one that answered in its place. */
function notAnEndpoint(used: string, given: string): string {
  return l10n.t('using {0}: {1} is not an RPC endpoint', maskUrl(used), maskUrl(given));
}

function fail(line: string): void {
  process.stderr.write(line.replace(/[\r\n]+/g, ' ') + '\n');
}

async function run(request: CliRequest): Promise<number> {
  if (request.command === 'help') {
    out(helpText());
    return 0;
  }
  if (request.command === 'version') {
    out(VERSION);
    return 0;
  }
  if (request.command === 'run') return runCommand(request.run!, { json: request.json, timeoutMs: request.timeoutMs, out, err: fail });
  if (request.command === 'doctor') return doctorCommand(request, { out, note });
  if (request.command === 'load') return loadCommand(request, request.secretArg ? [secretArgument(request.secretArg)] : undefined, { out, note });
  const options: CallOptions = { timeoutMs: request.timeoutMs, headers: request.headers };
  if (request.command === 'snippet') {
    out(await snippet(request, options));
    return 0;
  }

  if (request.command === 'list') {
    const found = await discover(request.url, request.protocol, options);
    if (found.url) note(notAnEndpoint(found.url, request.url));
    for (const warning of found.warnings ?? []) note(l10n.t('warning: {0}', warning));
    if (request.json) {
      const methods = found.methods.map((m) => ({ name: m.name, signatures: m.signatures, help: m.help }));
      out(JSON.stringify({ protocol: found.protocol, methods }, null, 2));
    } else if (found.methods.length > 0) {
      out(found.methods.map((m) => m.name).join('\n'));
    }
    return 0;
  }

  const args: TypedValue[] = request.args.map(parseCliArgument);
  if (request.secretArg) options.leadingArgs = [secretArgument(request.secretArg)];
  let result: TypedValue;
  if (request.protocol === 'auto') {
    const called = await callMethodAuto(request.url, request.method, args, options);
    if (called.url !== request.url) note(notAnEndpoint(called.url, request.url));
    result = called.result;
  } else {
    const url = await resolveCallUrl(request.url, request.protocol, options);
    if (url !== request.url) note(notAnEndpoint(url, request.url));
    result = await callMethod(url, request.protocol, request.method, args, options);
  }
  out(formatTypedValue(result));
  return 0;
}

/** `snippet`: the call written out; only `--protocol auto` talks to the server (side-effect-free probes). */
async function snippet(request: CliRequest, options: CallOptions): Promise<string> {
  const args = request.args.map(parseCliArgument);
  const leadingArgs = request.secretArg ? [secretArgument(request.secretArg)] : undefined;
  let { url } = request;
  let protocol = request.protocol;
  if (protocol === 'auto') {
    const detected = await detectProtocol(url, options);
    if (detected.url !== url) note(notAnEndpoint(detected.url, url));
    ({ url, protocol } = detected);
  }
  const headers = { ...request.headers };
  // The URL's user-info may not survive detection's URL: carry it as the header the snippet turns into variables.
  const credentials = urlCredentials(request.url);
  if (credentials && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) {
    headers.Authorization = basicAuthorization(credentials.username, credentials.password);
  }
  return buildSnippet(request.snippetKind!, { url, protocol, method: request.method, args, headers, leadingArgs });
}

/** The leading secret argument, from the command line or (better: not visible in ps) an environment variable. */
function secretArgument(source: NonNullable<CliRequest['secretArg']>): TypedValue {
  if ('text' in source) return parseCliArgument(source.text);
  const value = process.env[source.env];
  if (value === undefined || value === '') throw new RpcError('usage', l10n.t('--secret-arg-env {0}: the variable is not set', source.env));
  return parseCliArgument(value);
}

function exitCodeFor(error: unknown, json: boolean): number {
  if (error instanceof RpcFault) {
    if (json) out(JSON.stringify({ fault: { code: error.code, message: error.faultString } }));
    fail(error.code === null ? l10n.t('fault: {0}', error.faultString) : l10n.t('fault {0}: {1}', String(error.code), error.faultString));
    return 1;
  }
  if (error instanceof RpcError) {
    fail(`rpc-explorer: ${describeError(error)}`);
    return 2;
  }
  fail(`rpc-explorer: ${l10n.t('internal error: {0}', describeError(error))}`);
  return 2;
}

async function main(): Promise<void> {
  loadCliTranslations(process.env, __dirname);
  let json = false;
  let code: number;
  try {
    if (isListenCommand(process.argv.slice(2))) {
      json = process.argv.includes('--json');
      if (json) l10n.config({ contents: {} });
      code = await listenMain(process.argv.slice(2), out, fail);
    } else {
      const request = parseCommandLine(process.argv.slice(2));
      json = request.json;
      // --json output is read by programs: its messages stay in English, whatever the locale.
      if (json) l10n.config({ contents: {} });
      code = await run(request);
    }
  } catch (error) {
    code = exitCodeFor(error, json);
  }
  closeIdleConnections();
  closeWebSocketConnections();
  process.exitCode = code;
}

// A closed stdout (`| head`) is not an error of ours.
process.stdout.on('error', () => process.exit(process.exitCode ?? 0));
// Last line of defence: whatever escapes is still one line, never a stack trace.
process.on('uncaughtException', (error) => {
  fail(`rpc-explorer: ${l10n.t('internal error: {0}', describeError(error))}`);
  process.exit(2);
});

void main();
