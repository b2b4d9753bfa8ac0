/**
 * What an RPC server's source file says about the server, read from its syntax tree without running it: the
 * framework it serves with, the address it binds and the functions it registers, each with the definition that
 * serves it. Plain data, no `vscode` import: the extension and the CLI share it.
 */
import type { Protocol } from '../core/types';

export type SourceLanguage = 'python' | 'javascript' | 'typescript';

/**
 * The server libraries recognised:
 * - `xmlrpc.server`: Python's SimpleXMLRPCServer / DocXMLRPCServer / CGIXMLRPCRequestHandler (XML-RPC)
 * - `hprose-python`: hprose 2.x for Python (`hprose.HttpServer`)
 * - `python-jsonrpc`: jsonrpcserver, json-rpc's dispatcher, flask-jsonrpc (JSON-RPC)
 * - `hprose-node`: npm `hprose` 2.x
 * - `jayson`: npm `jayson` (JSON-RPC)
 * - `xmlrpc-node`: npm `xmlrpc`
 * - `node-http`: a bare `http.createServer`, protocol guessed from the body it handles
 */
export type ServerFramework = 'xmlrpc.server' | 'hprose-python' | 'python-jsonrpc' | 'hprose-node' | 'jayson' | 'xmlrpc-node' | 'node-http';

/** A place in the scanned file. Line and column are 1-based, the column counted in UTF-16 code units. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface SourceParam {
  /** As written, without `*`, `**` or `...`; a destructuring pattern is its source text (`{ a, b }`). */
  name: string;
  kind: 'positional' | 'keyword-only' | 'var-positional' | 'var-keyword';
  /** False when it has a default, is optional (`b?`, JSDoc `[b]`) or collects the rest. */
  required: boolean;
  /** The default value's source text. */
  default?: string;
  /** The annotation's source text (Python type hint, TypeScript type) or the JSDoc `@param {type}`. */
  type?: string;
  /** The JSDoc `@param` text. */
  description?: string;
}

/** The function that serves a remote name, when it is defined in the scanned file. */
export interface SourceDefinition extends SourceLocation {
  /** Its own name in the source: `<lambda>` for a Python lambda, '' for an anonymous JavaScript function. */
  localName: string;
}

export interface SourceFunction {
  /** The name clients call. */
  name: string;
  /** What registered it: `register_function`, `@register_function`, `register_instance`, `addFunctions`, `jayson.server`… */
  registration: string;
  /** Where it is registered (the call, the decorator, the method map's key). */
  registeredAt: SourceLocation;
  /** Absent when the function is imported, built in, or not a plain function of this file. */
  definition?: SourceDefinition;
  /** The parameters a client passes, in order; absent when they cannot be read (no definition, dynamic dispatch). */
  params?: SourceParam[];
  /** The return annotation (Python `-> str`, TypeScript) or the JSDoc `@returns {type}`. */
  returns?: string;
  /** The docstring (cleaned like `inspect.cleandoc`) or the JSDoc description. */
  doc?: string;
  /**
   * Callable but absent from `system.listMethods`: the dotted names `register_instance(obj, allow_dotted_names=True)`
   * makes reachable (`obj_attribute.method`).
   */
  unlisted?: true;
}

/** Something the scan read but could not turn into functions (a computed name, an instance of an imported class…). */
export interface SourceNote {
  line: number;
  column: number;
  message: string;
}

export interface ServerSourceModel {
  file: string;
  language: SourceLanguage;
  /** True when the file uses a server library (SimpleXMLRPCServer, hprose, jayson, http.createServer…). */
  isServer: boolean;
  frameworks: ServerFramework[];
  /** The protocol the file's libraries speak, when exactly one does. */
  protocol?: Protocol;
  /** The names that made it look like a server, for task details ("SimpleXMLRPCServer"). */
  markers: string[];
  host?: string;
  port?: number;
  /** The environment variable the port is read from (`os.environ.get('PORT', 8889)` → "PORT"). */
  portEnv?: string;
  /** The registered functions, in registration order, one per remote name (a later registration replaces an earlier one). */
  functions: SourceFunction[];
  notes: SourceNote[];
  /** How many places the parser had to skip or invent text to recover from syntax errors (0: the file parsed cleanly). */
  syntaxErrors: number;
}

export function sourceLanguageOf(fileName: string): SourceLanguage | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'py' || ext === 'pyw') return 'python';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return 'javascript';
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return 'typescript';
  return undefined;
}

/**
 * The words without which the scanners recognise no server in a file (python/reader.ts and javascript/reader.ts `detect()`): one
 * regular expression over the text, so a file that serves no RPC costs no parser load and no parse.
 * Python: SimpleXMLRPCServer, DocXMLRPCServer, xmlrpc.server, hprose, a jsonrpc library. JavaScript and
 * TypeScript: hprose, jayson, npm xmlrpc, and a bare http.createServer (whose body may speak JSON-RPC or XML-RPC).
 */
const SERVER_WORDS: Record<SourceLanguage, RegExp> = {
  python: /xmlrpc|hprose|jsonrpc/i,
  javascript: /hprose|jayson|xmlrpc|createServer/i,
  typescript: /hprose|jayson|xmlrpc|createServer/i,
};

/** False when the source cannot be a server the scanners recognise (see SERVER_WORDS); true means "scan it". */
export function mayServeRpc(text: string, language: SourceLanguage): boolean {
  return SERVER_WORDS[language].test(text);
}
