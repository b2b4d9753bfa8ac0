/** The command line of `rpc-explorer`, parsed into one request; anything wrong is RpcError('usage'). */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../core/errors';
import { PROTOCOL_CHOICES, PROTOCOL_REGISTRY, PROTOCOLS, isProtocolChoice } from '../core/protocols';
import { SNIPPET_KINDS, isSnippetKind, type SnippetKind } from '../core/snippets';
import type { ProtocolChoice } from '../core/types';
import type { RunSettings } from './runCommand';
import { headerOption, optionAt, variableOption } from './optionWords';

export interface CliRequest {
  command: 'list' | 'call' | 'run' | 'snippet' | 'doctor' | 'load' | 'help' | 'version';
  url: string;
  method: string;
  /** The ARG texts, still unparsed. */
  args: string[];
  protocol: ProtocolChoice;
  json: boolean;
  timeoutMs?: number;
  headers: Record<string, string>;
  /** A typed-JSON argument every call takes first (aria2's "token:SECRET"), or the name of the variable holding it. */
  secretArg?: { text: string } | { env: string };
  /** run: the request files and how to run them. */
  run?: RunSettings;
  /** snippet: what to write the call as. */
  snippetKind?: SnippetKind;
  /** run and doctor: --junit FILE. */
  junit?: string;
  /** load: how many calls, how fast, and the thresholds. */
  load?: LoadSettings;
}

/** The options of `rpc-explorer load`. */
export interface LoadSettings {
  calls?: number;
  durationSeconds?: number;
  concurrency?: number;
  rate?: number;
  maxP99Ms?: number;
  minThroughput?: number;
}

function usage(message: string): RpcError {
  return new RpcError('usage', l10n.t('{0} (see rpc-explorer --help)', message));
}

export function parseCommandLine(argv: readonly string[]): CliRequest {
  const request: CliRequest = { command: 'help', url: '', method: '', args: [], protocol: 'auto', json: false, headers: {} };
  const positional: string[] = [];
  let optionsDone = false;
  const run: RunSettings = { files: [], vars: [], bail: false };
  /** Options of run only, and options run does not take, as given. */
  const runOnly: string[] = [];
  const notForRun: string[] = [];
  const load: LoadSettings = {};
  const loadOnly: string[] = [];
  /** A positive number (an integer when `integer`) for a load option. */
  const positive = (name: string, text: string, integer: boolean): number => {
    const number = Number(text);
    if (text.trim() === '' || !Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
      throw usage(integer ? l10n.t('{0} needs a positive whole number, not "{1}"', name, text) : l10n.t('{0} needs a positive number, not "{1}"', name, text));
    }
    return number;
  };

  const at = { index: 0 };
  for (; at.index < argv.length; at.index++) {
    const arg = argv[at.index];
    if (optionsDone || !arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positional.push(arg); // negative numbers are arguments, not options
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    const { name, value } = optionAt(argv, at, usage);
    switch (name) {
      case '-h':
      case '--help':
        return { ...request, command: 'help' };
      case '--version':
        return { ...request, command: 'version' };
      case '--json':
        request.json = true;
        break;
      case '--protocol': {
        notForRun.push(name);
        const protocol = value();
        if (!isProtocolChoice(protocol)) throw usage(l10n.t('--protocol must be one of {0}, not "{1}"', PROTOCOL_CHOICES.join(', '), protocol));
        request.protocol = protocol;
        break;
      }
      case '--timeout': {
        const text = value();
        const ms = Number(text);
        if (!/^\d+$/.test(text) || ms <= 0) throw usage(l10n.t('--timeout needs a positive number of milliseconds, not "{0}"', text));
        request.timeoutMs = ms;
        break;
      }
      case '--header': {
        notForRun.push(name);
        const [headerName, headerValue] = headerOption(value(), usage);
        request.headers[headerName] = headerValue;
        break;
      }
      case '--secret-arg':
        notForRun.push(name);
        request.secretArg = { text: value() };
        break;
      case '--secret-arg-env': {
        notForRun.push(name);
        request.secretArg = { env: variableOption(value(), usage) };
        break;
      }
      case '--env':
        runOnly.push(name);
        run.env = value();
        break;
      case '--env-file':
        runOnly.push(name);
        run.envFile = value();
        break;
      case '--var': {
        runOnly.push(name);
        const text = value();
        const eqAt = text.indexOf('=');
        const variable = eqAt > 0 ? text.slice(0, eqAt) : '';
        if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(variable)) throw usage(l10n.t('--var needs name=value, not "{0}"', text));
        run.vars.push([variable, text.slice(eqAt + 1)]);
        break;
      }
      case '--filter':
        runOnly.push(name);
        run.filter = value();
        break;
      case '--bail':
        runOnly.push(name);
        run.bail = true;
        break;
      case '--junit':
        runOnly.push(name);
        run.junit = value();
        break;
      case '--calls':
        loadOnly.push(name);
        load.calls = positive(name, value(), true);
        break;
      case '--duration':
        loadOnly.push(name);
        load.durationSeconds = positive(name, value(), false);
        break;
      case '--concurrency':
        loadOnly.push(name);
        load.concurrency = positive(name, value(), true);
        break;
      case '--rate':
        loadOnly.push(name);
        load.rate = positive(name, value(), false);
        break;
      case '--max-p99':
        loadOnly.push(name);
        load.maxP99Ms = positive(name, value(), false);
        break;
      case '--min-throughput':
        loadOnly.push(name);
        load.minThroughput = positive(name, value(), false);
        break;
      default:
        throw usage(l10n.t('unknown option {0}', name));
    }
  }

  if (positional.length === 0) throw usage(l10n.t('missing command: list, call or run'));
  const [command, url, method, ...args] = positional;
  if (command === 'help') return { ...request, command: 'help' };
  if (command !== 'load' && loadOnly.length) throw usage(l10n.t('{0} is an option of load', loadOnly[0]));
  if (command === 'doctor') {
    const extra = runOnly.find((option) => option !== '--junit');
    if (extra) throw usage(l10n.t('{0} is an option of run', extra));
    if (request.secretArg) throw usage(l10n.t('doctor calls no method of the server: it takes no {0}', '--secret-arg'));
    if (!url) throw usage(l10n.t('{0} needs a URL', command));
    if (method !== undefined) throw usage(l10n.t('doctor takes only a URL, got extra "{0}"', method));
    return { ...request, command, url, junit: run.junit };
  }
  if (command === 'load') {
    if (runOnly.length) throw usage(l10n.t('{0} is an option of run', runOnly[0]));
    if (!url || !method) throw usage(l10n.t('load needs a URL and a method name'));
    if (load.calls !== undefined && load.durationSeconds !== undefined) throw usage(l10n.t('give --calls or --duration, not both'));
    return { ...request, command, url, method, args, load };
  }
  if (command === 'run') {
    if (notForRun.length) throw usage(l10n.t('run takes the protocol, headers and arguments from the file, not {0}', notForRun[0]));
    if (positional.length < 2) throw usage(l10n.t('run needs at least one request file (.rpc)'));
    if (run.envFile !== undefined && run.env === undefined) throw usage(l10n.t('--env-file needs --env NAME (the environment to use from it)'));
    return { ...request, command, run: { ...run, files: positional.slice(1) } };
  }
  if (runOnly.length) throw usage(l10n.t('{0} is an option of run', runOnly[0]));
  if (command === 'snippet') {
    const [, kind, snippetUrl, snippetMethod, ...snippetArgs] = positional;
    if (!isSnippetKind(kind)) throw usage(kind === undefined ? l10n.t('snippet needs a kind first: {0}', SNIPPET_KINDS.join(', ')) : l10n.t('snippet needs a kind first: {0}, not "{1}"', SNIPPET_KINDS.join(', '), kind));
    if (!snippetUrl || !snippetMethod) throw usage(l10n.t('snippet needs a kind, a URL and a method name'));
    return { ...request, command, snippetKind: kind, url: snippetUrl, method: snippetMethod, args: snippetArgs };
  }
  if (command !== 'list' && command !== 'call') throw usage(l10n.t('unknown command "{0}": use list, call, run, snippet, doctor or load', command));
  if (!url) throw usage(l10n.t('{0} needs a URL', command));
  if (command === 'list') {
    if (method !== undefined) throw usage(l10n.t('list takes only a URL, got extra "{0}"', method));
    return { ...request, command, url };
  }
  if (!method) throw usage(l10n.t('call needs a URL and a method name'));
  return { ...request, command, url, method, args };
}

/** "a, b and c" (or "a, b or c"), in the display language unless `english`. */
function listed(words: readonly string[], last: 'and' | 'or', english: boolean): string {
  if (words.length < 2) return words.join('');
  const tail = words[words.length - 1];
  if (english) return `${words.slice(0, -1).join(', ')} ${last} ${tail}`;
  const head = words.slice(0, -1).reduce((list, word) => l10n.t('{0}, {1}', list, word));
  return last === 'and' ? l10n.t('{0} and {1}', head, tail) : l10n.t('{0} or {1}', head, tail);
}

/**
 * The help, with {labels}, {choices}, {kinds}, {ids} and {idsOr} standing for the registry's protocols and the
 * snippet kinds (filled in here, not by l10n.t: the text is full of JSON braces its placeholders would trip on).
 */
const HELP_SOURCE = `rpc-explorer — list and call {labels} servers

Usage:
  rpc-explorer list <url> [--protocol {choices}] [--json] [--timeout <ms>] [--header 'K: V']...
  rpc-explorer call <url> <method> [ARG...] [--protocol ...] [--json] [--timeout <ms>] [--header 'K: V']...
  rpc-explorer snippet <{kinds}> <url> <method> [ARG...] [--protocol ...] [--header 'K: V']...
  rpc-explorer run <file.rpc>... [--env <name>] [--env-file <file>] [--var name=value]... [--filter <text>]
                   [--bail] [--json] [--junit <file>] [--timeout <ms>]

Commands:
  list    Discover the server's methods. Plain output: one method name per line.
          --json: {"protocol":"{ids}","methods":[{"name":...,"signatures":[[ret,arg,...],...] or null,"help":string or null}]}
  call    Call <method> with the ARGs and print the result as typed JSON.
          Each ARG is typed JSON; an ARG that is not valid JSON is sent as a string:
            rpc-explorer call http://127.0.0.1:8889 sayHi phyger      (same as '"phyger"')
  snippet Print the call as a curl command, a Python or Node.js (18+) script, or an rpc-explorer call line that
          sends the same request when run as copied (the exact body bytes). Credentials are never written out:
          basic auth, secret headers and --secret-arg-env become environment variables the snippet reads
          (RPC_USER, RPC_PASSWORD, RPC_HEADER_AUTHORIZATION..., RPC_SECRET_ARG), listed in its first lines.
          --protocol auto asks the server which protocol it speaks (side-effect-free probes) first.
  run     Run the calls of request files (.rpc) in order, one line each: "✓ Say hi  (3 ms)",
          "✗ Adds: expected 5, got 6", "! Bye: connection refused ...". A file is checked whole first: each
          problem is one line on stderr (file.rpc:12:5: unknown variable "bse") and a file with errors sends
          nothing. A file:
            @base = http://127.0.0.1:8889
            ### Say hi
            CALL {{base}} sayHi
            "phyger"
            EXPECT "Hi phyger!"
          --env <name>      variables of that environment of "rpcExplorer.environments" in the nearest
                            .vscode/settings.json above each file, or in --env-file <file>
          --var name=value  a variable that wins over the environment and the file (repeatable)
          --filter <text>   only the calls whose title or @name holds <text> (and the named calls they use)
          --bail            stop at the first call that is not ok
          --json            one JSON object per call: {"file","line","title","status","ms","result",...}
          --junit <file>    also write a JUnit XML report
          {{$env NAME}} reads an environment variable; so does {{$secret NAME}} (never printed).

Options:
  --protocol <p>   auto (default: probes {labels} discovery, then sends the call once),
                   {idsOr}
  --json           machine-readable output (a fault is printed as {"fault":{"code":...,"message":...}})
  --timeout <ms>   deadline for each request (default 30000)
  --header 'K: V'  extra HTTP request header, repeatable (sent on discovery too)
  --secret-arg-env <NAME>
                   send the value of environment variable NAME as every call's first argument (aria2's
                   "token:SECRET"); --secret-arg <value> gives it directly (visible to other users in ps)
  -h, --help       this text
  --               end of options (later words are ARGs even when they start with -)
  Basic auth: put it in the URL, http://user:password@host:port/
  A URL without a path whose root is not an RPC endpoint is tried at /RPC2, as Python's ServerProxy does.

Typed JSON (arguments and results):
  null, true/false, "text", [..], {..}  nil, boolean, string, array, struct
  42 / 9007199254740993                 int / i8: integers are sent exactly as typed (up to 64 bits)
  1.5, 1.0, 2e3  or  {"$double": 2}     double (a number with "." or an exponent)
  {"$datetime": "20261123T10:00:00"}    dateTime.iso8601 (hprose: ISO 8601)
  {"$base64": "aGk="}                   binary (base64 / hprose bytes)
  {"$i8": "1234567890123456789"}      integer beyond 2^53

Exit status:
  0  success
  1  the server answered with a fault / error object (stderr: "fault <code>: <message>")
  2  usage error, connection refused, timeout, HTTP error status, malformed or unsupported response,
     response over the 20 MB limit, or a server without introspection (list)
  run: 0 every call answered and every EXPECT held; 1 an EXPECT failed or a fault came unexpected;
       2 a file error, or a call that got no answer (connection, timeout, HTTP, protocol)
  Errors are one line on stderr.
`;

function filledHelp(template: string, english: boolean): string {
  const labels = PROTOCOL_REGISTRY.map((descriptor) => descriptor.label);
  const values: Record<string, string> = {
    labels: listed(labels, 'and', english),
    choices: PROTOCOL_CHOICES.join('|'),
    kinds: SNIPPET_KINDS.join('|'),
    ids: PROTOCOLS.join('|'),
    idsOr: listed(PROTOCOLS, 'or', english),
  };
  return template.replace(/\{(labels|choices|kinds|ids|idsOr)\}/g, (_, name: string) => values[name]);
}

/** The help of doctor and load, after the rest (its own text, so the main help's translation stays as it is). */
const SERVER_CHECKS_HELP = `
Checking a server:
  rpc-explorer doctor <url> [--protocol ...] [--json] [--junit <file>] [--timeout <ms>] [--header 'K: V']...
          Check the server against its protocol's rules, one line per rule: "✓ id", "✗ id: what is wrong (spec)",
          "! id: … (warning)", "- id: skipped, why". It calls only introspection methods, methods that cannot
          exist and deliberately invalid requests. --json: last line {"protocol","rules":[{"id","status","detail",
          "spec"}]}. Exit 0 no rule failed, 1 a rule failed, 2 the server cannot be reached or does not speak it.
  rpc-explorer load <url> <method> [ARG...] [--calls N | --duration S] [--concurrency C] [--rate R]
                    [--max-p99 MS] [--min-throughput N] [--protocol ...] [--json] [--timeout <ms>] [--header 'K: V']...
          Call <method> many times: C workers (default 1) one call after another, N calls (default 100) or S seconds;
          --rate R: R calls per second on a fixed schedule, latency measured from each call's scheduled time.
          Prints calls, faults, errors, throughput, latency min/p50/p90/p99/p99.9/max/mean and an HDR histogram;
          --json: last line {"calls","ok","faults","errors","seconds","throughput","latency_ms":{...}}.
          Exit 0 every call succeeded, 1 a fault or a missed threshold, 2 a transport error.
`;

/** The help in the CLI's display language. */
export function helpText(): string {
  return filledHelp(l10n.t(HELP_SOURCE), false) + l10n.t(SERVER_CHECKS_HELP);
}

/** The help in English, the language of the sources. */
export const HELP = filledHelp(HELP_SOURCE, true) + SERVER_CHECKS_HELP;
