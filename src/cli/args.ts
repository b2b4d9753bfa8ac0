/** The command line of `rpc-explorer`, parsed into one request; anything wrong is RpcError('usage'). */
import { RpcError } from '../core/errors';
import type { ProtocolChoice } from '../core/types';

export interface CliRequest {
  command: 'list' | 'call' | 'help' | 'version';
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
}

const PROTOCOL_CHOICES: readonly ProtocolChoice[] = ['auto', 'xmlrpc', 'jsonrpc', 'hprose'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function usage(message: string): RpcError {
  return new RpcError('usage', `${message} (see rpc-explorer --help)`);
}

export function parseCommandLine(argv: readonly string[]): CliRequest {
  const request: CliRequest = { command: 'help', url: '', method: '', args: [], protocol: 'auto', json: false, headers: {} };
  const positional: string[] = [];
  let optionsDone = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsDone || !arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positional.push(arg); // negative numbers are arguments, not options
      continue;
    }
    if (arg === '--') {
      optionsDone = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw usage(`${name} needs a value`);
      return argv[++i];
    };
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
        const protocol = value() as ProtocolChoice;
        if (!PROTOCOL_CHOICES.includes(protocol)) throw usage(`--protocol must be one of ${PROTOCOL_CHOICES.join(', ')}, not "${protocol}"`);
        request.protocol = protocol;
        break;
      }
      case '--timeout': {
        const text = value();
        const ms = Number(text);
        if (!/^\d+$/.test(text) || ms <= 0) throw usage(`--timeout needs a positive number of milliseconds, not "${text}"`);
        request.timeoutMs = ms;
        break;
      }
      case '--header': {
        const text = value();
        const colon = text.indexOf(':');
        const headerName = colon > 0 ? text.slice(0, colon).trim() : '';
        if (!HEADER_NAME.test(headerName)) throw usage(`--header needs 'Name: value', not "${text}"`);
        request.headers[headerName] = text.slice(colon + 1).trim();
        break;
      }
      case '--secret-arg':
        request.secretArg = { text: value() };
        break;
      case '--secret-arg-env': {
        const variable = value();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw usage(`--secret-arg-env needs an environment variable name, not "${variable}"`);
        request.secretArg = { env: variable };
        break;
      }
      default:
        throw usage(`unknown option ${name}`);
    }
  }

  if (positional.length === 0) throw usage('missing command: list or call');
  const [command, url, method, ...args] = positional;
  if (command === 'help') return { ...request, command: 'help' };
  if (command !== 'list' && command !== 'call') throw usage(`unknown command "${command}": use list or call`);
  if (!url) throw usage(`${command} needs a URL`);
  if (command === 'list') {
    if (method !== undefined) throw usage(`list takes only a URL, got extra "${method}"`);
    return { ...request, command, url };
  }
  if (!method) throw usage('call needs a URL and a method name');
  return { ...request, command, url, method, args };
}

export const HELP = `rpc-explorer — list and call XML-RPC, JSON-RPC 2.0 and hprose 2.x servers

Usage:
  rpc-explorer list <url> [--protocol auto|xmlrpc|jsonrpc|hprose] [--json] [--timeout <ms>] [--header 'K: V']...
  rpc-explorer call <url> <method> [ARG...] [--protocol ...] [--json] [--timeout <ms>] [--header 'K: V']...

Commands:
  list    Discover the server's methods. Plain output: one method name per line.
          --json: {"protocol":"xmlrpc|jsonrpc|hprose","methods":[{"name":...,"signatures":[[ret,arg,...],...] or null,"help":string or null}]}
  call    Call <method> with the ARGs and print the result as typed JSON.
          Each ARG is typed JSON; an ARG that is not valid JSON is sent as a string:
            rpc-explorer call http://127.0.0.1:8889 sayHi phyger      (same as '"phyger"')

Options:
  --protocol <p>   auto (default: probes hprose, XML-RPC and JSON-RPC discovery, then sends the call once),
                   xmlrpc, jsonrpc or hprose
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
  Errors are one line on stderr.
`;
