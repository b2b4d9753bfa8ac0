/**
 * Reads an RPC server's source file (Python, JavaScript, TypeScript) without running it: does it look like a
 * server, which protocol, which host/port, and which methods it registers. Used to offer server tasks, to know
 * which port to poll, and as the method list of servers without introspection (the origin document's server).
 * Heuristic by nature: regular expressions over comment-free text, never an evaluation.
 */
import type { MethodInfo, ParamInfo, Protocol } from './types';

export type ServerLanguage = 'python' | 'javascript' | 'typescript';

export interface ServerSourceScan {
  language: ServerLanguage;
  /** True when the file uses a server library (SimpleXMLRPCServer, hprose, jayson, http.createServer…). */
  isServer: boolean;
  /** The protocol the file's libraries speak, when exactly one does. */
  protocol?: Protocol;
  /** Libraries or calls that made it look like a server, for task details ("SimpleXMLRPCServer"). */
  markers: string[];
  host?: string;
  port?: number;
  /** The environment variable the port is read from (`os.environ.get('PORT', 8889)` → "PORT"). */
  portEnv?: string;
  /** Registered methods, in source order, origin 'source'. */
  methods: MethodInfo[];
}

export function serverLanguageOf(fileName: string): ServerLanguage | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'py' || ext === 'pyw') return 'python';
  if (ext === 'js' || ext === 'mjs' || ext === 'cjs') return 'javascript';
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return 'typescript';
  return undefined;
}

/** Scans one file; undefined when the file's language is not supported. */
export function scanServerSource(text: string, fileName: string): ServerSourceScan | undefined {
  const language = serverLanguageOf(fileName);
  if (!language) return undefined;
  const code = stripComments(text, language === 'python' ? 'python' : 'js');
  return language === 'python' ? scanPython(code, text) : scanJavaScript(code, language);
}

// ---------------------------------------------------------------------------------------------- detection

interface Marker {
  name: string;
  test: RegExp;
  protocol?: Protocol;
  /** Also required, so that client scripts of the same library are not offered as servers. */
  serverHint?: RegExp;
}

const PYTHON_MARKERS: Marker[] = [
  { name: 'SimpleXMLRPCServer', test: /\bSimpleXMLRPCServer\b/, protocol: 'xmlrpc' },
  { name: 'DocXMLRPCServer', test: /\bDocXMLRPCServer\b/, protocol: 'xmlrpc' },
  { name: 'xmlrpc.server', test: /\bxmlrpc\.server\b/, protocol: 'xmlrpc' },
  {
    name: 'hprose',
    test: /\bhprose\b/,
    protocol: 'hprose',
    serverHint: /\b(?:Http|Tcp|Socket|WebSocket|Wsgi)?Server\b|\bHttpService\b|\.add(?:Async)?(?:Function|Method)s?\s*\(/,
  },
  {
    name: 'jsonrpc',
    test: /jsonrpc/i,
    protocol: 'jsonrpc',
    serverHint: /Server\b|\bserve\w*\s*\(|\bdispatcher\b|@method\b|\badd_method\b|\brun_simple\b|\bFlask\b|\.route\s*\(/,
  },
];

const JS_MARKERS: Marker[] = [
  {
    name: 'hprose',
    test: /\bhprose\b/,
    protocol: 'hprose',
    serverHint: /\b(?:Http|Tcp|Socket|WebSocket)?(?:Server|Service)\b|\.add(?:Async)?(?:Function|Method)s?\s*\(/,
  },
  { name: 'jayson', test: /\bjayson\b/, protocol: 'jsonrpc', serverHint: /\b[sS]erver\b/ },
  { name: 'xmlrpc', test: /\bxmlrpc\b/, protocol: 'xmlrpc', serverHint: /\bcreate(?:Secure)?Server\s*\(/ },
  { name: 'http.createServer', test: /\bhttps?\s*\.\s*createServer\s*\(|\bcreateServer\s*\(/ },
];

function detect(code: string, markers: Marker[]): { markers: string[]; protocol?: Protocol } {
  const found = markers.filter((m) => m.test.test(code) && (!m.serverHint || m.serverHint.test(code)));
  const protocols = new Set(found.map((m) => m.protocol).filter((p): p is Protocol => !!p));
  let protocol = protocols.size === 1 ? [...protocols][0] : undefined;
  // A bare http.createServer tells nothing of the protocol; the body it parses sometimes does.
  if (!protocol && found.length > 0 && found.every((m) => !m.protocol)) {
    if (/['"]2\.0['"]|jsonrpc/i.test(code)) protocol = 'jsonrpc';
    else if (/methodCall|methodResponse/.test(code)) protocol = 'xmlrpc';
  }
  return { markers: found.map((m) => m.name), protocol };
}

// ---------------------------------------------------------------------------------------------- Python

function scanPython(code: string, original: string): ServerSourceScan {
  const { markers, protocol } = detect(code, PYTHON_MARKERS);
  const address = pythonAddress(code);
  const names: { name: string; at: number; fn?: string; self?: boolean }[] = [];

  // Calls: register_function(f), register_function(f, 'name'), register_function(f, name='x'),
  // hprose addFunction(f[, 'alias']), json-rpc dispatcher.add_method(f, name='x').
  for (const call of findCalls(code, /\.(register_function|addFunction|addAsyncFunction|add_method)\s*\(/g)) {
    if (isDecoratorCall(code, call.start)) continue;
    const [first, second] = call.args;
    const alias = stringLiteral(keywordArg(call.args, 'name') ?? (second && !second.includes('=') ? second : undefined));
    const fn = first && !first.includes('=') ? functionRef(first) : undefined;
    if (alias) names.push({ name: alias, at: call.start, fn });
    else if (fn && !/^lambda\b/.test(first.trim())) names.push({ name: fn, at: call.start, fn });
  }
  // hprose addFunctions([a, b]) / addFunctions([a, b], ['x', 'y']).
  for (const call of findCalls(code, /\.(addFunctions|addAsyncFunctions)\s*\(/g)) {
    const fns = listItems(call.args[0]).map(functionRef);
    const aliases = listItems(call.args[1]).map(stringLiteral);
    fns.forEach((fn, i) => {
      const name = aliases[i] ?? fn;
      if (name) names.push({ name, at: call.start + i / 1000, fn });
    });
  }
  // hprose addMethod('name', obj[, 'alias']).
  for (const call of findCalls(code, /\.(addMethod|addAsyncMethod)\s*\(/g)) {
    const name = stringLiteral(call.args[2]) ?? stringLiteral(call.args[0]);
    if (name) names.push({ name, at: call.start });
  }
  // Decorators: @server.register_function, @server.register_function(name='x'), @dispatcher.add_method,
  // jsonrpcserver's @method / @method(name="x"), flask-jsonrpc's @jsonrpc.method('App.index').
  const decorator =
    /^[ \t]*@\s*((?:[\w]+\s*\.\s*)*(register_function|add_method|method))\b[ \t]*(\(([^)]*)\))?[ \t]*\r?\n(?:[ \t]*@.*\r?\n)*[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)/gm;
  for (const m of code.matchAll(decorator)) {
    const args = m[4] === undefined ? [] : splitTopLevel(m[4]);
    const alias = stringLiteral(keywordArg(args, 'name') ?? (args[0] && !args[0].includes('=') ? args[0] : undefined));
    names.push({ name: alias ?? m[5], at: m.index, fn: m[5], self: false });
  }
  // register_instance(Calculator()) / register_instance(obj) with obj = Calculator(): the public methods.
  for (const call of findCalls(code, /\.(register_instance|addInstanceMethods)\s*\(/g)) {
    const className = instanceClass(code, call.args[0]);
    if (!className) continue;
    pythonClassMethods(code, className).forEach((method, i) => names.push({ name: method, at: call.start + i / 1000, fn: method, self: true }));
  }
  if (/\.register_introspection_functions\s*\(/.test(code)) {
    ['system.listMethods', 'system.methodHelp', 'system.methodSignature'].forEach((name, i) => names.push({ name, at: code.length + i }));
  }
  if (/\.register_multicall_functions\s*\(/.test(code)) names.push({ name: 'system.multicall', at: code.length + 3 });

  const methods = dedupe(names).map(({ name, fn, self }) => {
    const def = fn ? pythonDef(code, original, fn, self) : undefined;
    return sourceMethod(name, def?.params, def?.help);
  });
  return { language: 'python', isServer: markers.length > 0, protocol, markers, ...address, methods };
}

function isDecoratorCall(code: string, start: number): boolean {
  const lineStart = code.lastIndexOf('\n', start) + 1;
  return /^\s*@/.test(code.slice(lineStart, start));
}

/** `('127.0.0.1', 8889)` inside a Server(...) call first, then any address-like tuple, then `port=` keywords. */
function pythonAddress(code: string): Pick<ServerSourceScan, 'host' | 'port' | 'portEnv'> {
  const tuple = /\(\s*(['"])([^'"\n]*)\1\s*,\s*([^,()\n]+(?:\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\))?)\s*\)/g;
  let best: { host: string; portExpr: string; score: number } | undefined;
  for (const m of code.matchAll(tuple)) {
    const host = m[2];
    const before = code.slice(Math.max(0, m.index - 80), m.index);
    const inServerCall = /Server\s*\(\s*$/.test(before);
    const hostLike = /^(?:|localhost|\d{1,3}(?:\.\d{1,3}){3}|::1?|[\w-]+(?:\.[\w-]+)+)$/.test(host);
    const score = (inServerCall ? 2 : 0) + (hostLike ? 1 : 0);
    if (score > 0 && (!best || score > best.score)) best = { host, portExpr: m[3], score };
  }
  const result: Pick<ServerSourceScan, 'host' | 'port' | 'portEnv'> = {};
  let portExpr = best?.portExpr;
  if (best) result.host = best.host;
  if (!portExpr) {
    const kw = /\bport\s*=\s*/g.exec(code);
    if (kw) portExpr = readExpression(code, kw.index + kw[0].length);
    const host = /\bhost\s*=\s*(['"])([^'"\n]*)\1/.exec(code);
    if (host) result.host = host[2];
  }
  if (portExpr) Object.assign(result, evaluatePort(portExpr, code, 'python', 0));
  return result;
}

/** Parameters and docstring of `def name(...)`; `self`/`cls` dropped for methods. */
function pythonDef(
  code: string,
  original: string,
  name: string,
  isMethod?: boolean,
): { params: ParamInfo[]; help: string | null } | undefined {
  const re = new RegExp(`^[ \\t]*(?:async[ \\t]+)?def[ \\t]+${escapeRegExp(name)}[ \\t]*\\(`, 'gm');
  const m = re.exec(code);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const inner = readBalanced(code, open);
  if (inner === undefined) return undefined;
  let parts = splitTopLevel(inner)
    .map((p) => p.trim())
    .filter((p) => p && p !== '/' && p !== '*');
  if ((isMethod ?? /^[ \t]+/.test(m[0])) && parts.length > 0 && /^(self|cls)\b/.test(parts[0])) parts = parts.slice(1);
  const params = parts.map((p) => {
    const nameMatch = /^(\*{0,2})(\w+)/.exec(p);
    const star = nameMatch?.[1] ?? '';
    return { name: star + (nameMatch?.[2] ?? p), required: !star && !/=/.test(p) };
  });
  // The docstring: the first statement after the `:` that ends the signature, read from the original text.
  const afterSignature = original.indexOf(':', open + inner.length + 1);
  const doc = /^[^\n]*\n\s*(?:[rRuU]?)("""|''')([\s\S]*?)\1/.exec(original.slice(afterSignature + 1));
  const help = doc ? dedent(doc[2]).trim() || null : null;
  return { params, help };
}

function instanceClass(code: string, arg: string | undefined): string | undefined {
  if (!arg) return undefined;
  const direct = /^\s*([A-Za-z_][\w.]*)\s*\(/.exec(arg);
  if (direct) return direct[1].split('.').pop();
  const variable = /^\s*([A-Za-z_]\w*)\s*$/.exec(arg);
  if (!variable) return undefined;
  const assignment = new RegExp(`^[ \\t]*${escapeRegExp(variable[1])}[ \\t]*=[ \\t]*([A-Za-z_][\\w.]*)[ \\t]*\\(`, 'm').exec(code);
  return assignment?.[1].split('.').pop();
}

/** The public method names of `class Name` (no leading underscore), read by indentation. */
function pythonClassMethods(code: string, className: string): string[] {
  const header = new RegExp(`^([ \\t]*)class[ \\t]+${escapeRegExp(className)}\\b[^\\n]*:[ \\t]*\\r?\\n`, 'm').exec(code);
  if (!header) return [];
  const classIndent = header[1].length;
  const lines = code.slice(header.index + header[0].length).split('\n');
  const methods: string[] = [];
  let methodIndent: number | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indent <= classIndent) break;
    const def = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)/.exec(line);
    if (!def) continue;
    methodIndent ??= def[1].length;
    if (def[1].length === methodIndent && !def[2].startsWith('_')) methods.push(def[2]);
  }
  return methods;
}

// ---------------------------------------------------------------------------------------------- JavaScript / TypeScript

const XMLRPC_EVENTS = new Set(['NotFound', 'error', 'listening', 'close', 'connection', 'request', 'clientError', 'upgrade']);

function scanJavaScript(code: string, language: ServerLanguage): ServerSourceScan {
  const { markers, protocol } = detect(code, JS_MARKERS);
  const names: { name: string; at: number; fn?: string; params?: boolean }[] = [];
  const isHprose = markers.includes('hprose');

  if (isHprose) {
    for (const call of findCalls(code, /\.(addFunction|addAsyncFunction)\s*\(/g)) {
      const alias = stringLiteral(call.args[1]);
      const fn = jsFunctionRef(call.args[0]);
      const name = alias ?? fn;
      if (name) names.push({ name, at: call.start, fn, params: true });
    }
    for (const call of findCalls(code, /\.(addFunctions|addAsyncFunctions)\s*\(/g)) {
      const fns = listItems(call.args[0]).map(jsFunctionRef);
      const aliases = listItems(call.args[1]).map(stringLiteral);
      fns.forEach((fn, i) => {
        const name = aliases[i] ?? fn;
        if (name) names.push({ name, at: call.start + i / 1000, fn, params: true });
      });
    }
    for (const call of findCalls(code, /\.(addMethod|addAsyncMethod)\s*\(/g)) {
      const name = stringLiteral(call.args[2]) ?? stringLiteral(call.args[0]);
      if (name) names.push({ name, at: call.start });
    }
  }
  if (markers.includes('jayson')) {
    // jayson.server({ add(args, cb) {…} }), new jayson.Server(methods) with const methods = {…}, server.method('x', fn).
    for (const call of findCalls(code, /\bjayson\s*\.\s*[sS]erver\s*\(|\bnew\s+[sS]erver\s*\(/g)) {
      const arg = call.args[0]?.trim();
      if (!arg) continue;
      const literal = arg.startsWith('{') ? arg : objectAssignedTo(code, arg);
      objectKeys(literal).forEach((key, i) => names.push({ name: key, at: call.start + i / 1000 }));
    }
    for (const call of findCalls(code, /\.method\s*\(/g)) {
      const name = stringLiteral(call.args[0]);
      if (name) names.push({ name, at: call.start });
    }
  }
  if (markers.includes('xmlrpc')) {
    for (const call of findCalls(code, /\.on\s*\(/g)) {
      const name = stringLiteral(call.args[0]);
      if (name && !XMLRPC_EVENTS.has(name)) names.push({ name, at: call.start });
    }
  }
  const methods = dedupe(names).map(({ name, fn, params }) =>
    sourceMethod(name, params && fn ? jsFunctionParams(code, fn) : undefined, null),
  );
  return { language, isServer: markers.length > 0, protocol, markers, ...jsAddress(code), methods };
}

/** `listen(8880)`, `listen(PORT, '127.0.0.1')`, `listen({ port, host })`, `"http://0.0.0.0:8080"`, `port: 8880`. */
function jsAddress(code: string): Pick<ServerSourceScan, 'host' | 'port' | 'portEnv'> {
  const result: Pick<ServerSourceScan, 'host' | 'port' | 'portEnv'> = {};
  for (const call of findCalls(code, /\.listen\s*\(/g)) {
    const [first, second] = call.args;
    if (!first) continue;
    if (first.trim().startsWith('{')) {
      const port = /\bport\s*:\s*([^,}]+)/.exec(first);
      const host = /\bhost\s*:\s*(['"`])([^'"`]*)\1/.exec(first);
      if (host) result.host = host[2];
      if (port) Object.assign(result, evaluatePort(port[1], code, 'js', 0));
      else if (/\bport\b/.test(first)) Object.assign(result, evaluatePort('port', code, 'js', 0));
    } else {
      Object.assign(result, evaluatePort(first, code, 'js', 0));
      const host = stringLiteral(second);
      if (host !== undefined) result.host = host;
    }
    if (result.port !== undefined || result.portEnv) return result;
  }
  const url = /(['"`])(?:https?|tcp|ws):\/\/([^'"`/:\s]+):(\d{1,5})[^'"`]*\1/.exec(code);
  if (url) return { host: url[2], port: Number(url[3]) };
  const portProperty = /\bport\s*:\s*([^,}\n]+)/.exec(code);
  if (portProperty) Object.assign(result, evaluatePort(portProperty[1], code, 'js', 0));
  return result;
}

function jsFunctionRef(arg: string | undefined): string | undefined {
  if (!arg) return undefined;
  const named = /^\s*(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(arg);
  if (named) return named[1];
  const ref = /^\s*([A-Za-z_$][\w$.]*)\s*$/.exec(arg);
  return ref ? ref[1].split('.').pop() : undefined;
}

function jsFunctionParams(code: string, name: string): ParamInfo[] | undefined {
  const n = escapeRegExp(name);
  const patterns = [
    new RegExp(`\\bfunction\\s*\\*?\\s*${n}\\s*\\(`),
    new RegExp(`\\b${n}\\s*=\\s*(?:async\\s+)?function\\s*\\*?\\s*[\\w$]*\\s*\\(`),
    new RegExp(`\\b${n}\\s*=\\s*(?:async\\s+)?\\(`),
  ];
  for (const re of patterns) {
    const m = re.exec(code);
    if (!m) continue;
    const inner = readBalanced(code, m.index + m[0].length - 1);
    if (inner === undefined) continue;
    return splitTopLevel(inner)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => {
        const id = /^(\.\.\.)?([A-Za-z_$][\w$]*)(\??)/.exec(p);
        return { name: (id?.[1] ?? '') + (id?.[2] ?? p), required: !id?.[1] && !id?.[3] && !/=/.test(p) };
      });
  }
  return undefined;
}

function objectAssignedTo(code: string, name: string): string | undefined {
  const m = new RegExp(`\\b${escapeRegExp(name)}\\s*(?::[^=]+)?=\\s*\\{`).exec(code);
  if (!m) return undefined;
  const inner = readBalanced(code, m.index + m[0].length - 1);
  return inner === undefined ? undefined : `{${inner}}`;
}

/** Top-level keys of an object literal: `a: …`, `'a.b': …`, `a(…) {…}`, `async a(…)`, shorthand `a,`. */
function objectKeys(literal: string | undefined): string[] {
  if (!literal) return [];
  const body = literal.trim().replace(/^\{/, '').replace(/\}$/, '');
  const keys: string[] = [];
  for (const entry of splitTopLevel(body)) {
    const m = /^\s*(?:async\s+)?(?:(['"`])(.*?)\1|([A-Za-z_$][\w$]*))\s*(?=[:(,]|$)/.exec(entry);
    if (!m) continue;
    const key = m[2] ?? m[3];
    if (key && !/^\.\.\./.test(entry.trim())) keys.push(key);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------- shared helpers

function sourceMethod(name: string, params: ParamInfo[] | undefined, help: string | null | undefined): MethodInfo {
  const info: MethodInfo = { name, signatures: null, help: help ?? null, origin: 'source' };
  if (params) info.params = params;
  return info;
}

/** Source order (registrations are collected per kind), first registration of a name wins. */
function dedupe<T extends { name: string; at: number }>(items: T[]): T[] {
  const seen = new Set<string>();
  return [...items].sort((a, b) => a.at - b.at).filter((item) => (seen.has(item.name) ? false : (seen.add(item.name), true)));
}

/**
 * A port expression: a literal, a variable (followed to its assignment), or an environment lookup with a
 * default (`int(os.environ.get('PORT', 8889))`, `process.env.PORT || 8889`).
 */
function evaluatePort(
  expression: string,
  code: string,
  language: 'python' | 'js',
  depth: number,
): Pick<ServerSourceScan, 'port' | 'portEnv'> {
  const expr = expression.trim();
  const result: Pick<ServerSourceScan, 'port' | 'portEnv'> = {};
  const env =
    /\b(?:environ\s*(?:\.\s*get\s*\(|\[)|getenv\s*\()\s*(['"])(\w+)\1/.exec(expr) ??
    /\bprocess\s*\.\s*env\s*(?:\.\s*(\w+)|\[\s*(['"])(\w+)\2\s*\])/.exec(expr);
  if (env) result.portEnv = env.length === 3 ? env[2] : (env[1] ?? env[3]);
  const numbers = [...expr.matchAll(/(?<![\w.[])(\d{2,5})(?![\w.])/g)].map((m) => Number(m[1])).filter(isPort);
  if (numbers.length > 0) {
    result.port = numbers[numbers.length - 1];
    return result;
  }
  const identifier = /^(?:int\s*\(|Number\s*\(|parseInt\s*\(|\+)?\s*([A-Za-z_$][\w$]*)\s*\)?$/.exec(expr);
  if (identifier && depth < 4 && !/^\d/.test(identifier[1])) {
    const name = escapeRegExp(identifier[1]);
    const assignment =
      language === 'python'
        ? new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]+)?=(?!=)[ \\t]*(.+)$`, 'm')
        : new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*(?::[^=\\n]+)?=(?!=)\\s*([^;\\n]+)`);
    const m = assignment.exec(code);
    if (m) return { ...evaluatePort(m[1], code, language, depth + 1), ...(result.portEnv ? { portEnv: result.portEnv } : {}) };
  }
  return result;
}

function isPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

interface Call {
  start: number;
  args: string[];
}

/** Every match of `pattern` (which must end at an opening parenthesis) with its top-level arguments. */
function findCalls(code: string, pattern: RegExp): Call[] {
  const calls: Call[] = [];
  for (const m of code.matchAll(pattern)) {
    const open = m.index + m[0].length - 1;
    const inner = readBalanced(code, open);
    if (inner === undefined) continue;
    calls.push({ start: m.index, args: splitTopLevel(inner).map((a) => a.trim()) });
  }
  return calls;
}

function keywordArg(args: string[], name: string): string | undefined {
  for (const arg of args) {
    const m = new RegExp(`^\\s*${name}\\s*=(?!=)\\s*([\\s\\S]*)$`).exec(arg);
    if (m) return m[1];
  }
  return undefined;
}

/** The value of a plain string literal ('x', "x", `x` without interpolation), else undefined. */
function stringLiteral(expr: string | undefined): string | undefined {
  const m = expr === undefined ? null : /^\s*[uUrR]?(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*$/.exec(expr);
  if (!m || (m[1] === '`' && m[2].includes('${'))) return undefined;
  return m[2].replace(/\\(.)/g, '$1');
}

/** `f` → f, `module.f` → f, `obj.method` → method. */
function functionRef(expr: string | undefined): string | undefined {
  const m = expr === undefined ? null : /^\s*([A-Za-z_][\w.]*)\s*$/.exec(expr);
  return m ? m[1].split('.').pop() : undefined;
}

function listItems(expr: string | undefined): string[] {
  const m = expr === undefined ? null : /^\s*[[(]([\s\S]*)[\])]\s*$/.exec(expr);
  return m ? splitTopLevel(m[1]).map((s) => s.trim()).filter(Boolean) : [];
}

/** Reads one expression starting at `index`, up to a top-level comma, closing bracket or line end. */
function readExpression(code: string, index: number): string {
  let depth = 0;
  let i = index;
  for (; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(code, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if ((c === ',' || c === '\n' || c === ';') && depth === 0) break;
  }
  return code.slice(index, i);
}

/** The text between the bracket at `open` and its partner, or undefined when unbalanced. */
function readBalanced(code: string, open: number): string | undefined {
  const closeFor: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(code, i);
      continue;
    }
    if (closeFor[c]) stack.push(closeFor[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return code.slice(open + 1, i);
    }
  }
  return undefined;
}

/** Splits on commas outside brackets and strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  const last = text.slice(start);
  if (last.trim() || parts.length > 0) parts.push(last);
  return parts.filter((p, i) => p.trim() || i < parts.length - 1);
}

/** Index of the last character of the string literal starting at `i` (triple quotes included). */
function skipString(text: string, i: number): number {
  const quote = text[i];
  const triple = quote !== '`' && text.startsWith(quote.repeat(3), i);
  const end = triple ? quote.repeat(3) : quote;
  for (let j = i + end.length; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (!triple && quote !== '`' && text[j] === '\n') return j - 1; // unterminated: stop at the line end
    if (text.startsWith(end, j)) return j + end.length - 1;
  }
  return text.length - 1;
}

/** Blanks comments (keeping offsets and line breaks) so commented-out registrations are not read. */
export function stripComments(text: string, syntax: 'python' | 'js'): string {
  const out = text.split('');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || (c === '`' && syntax === 'js')) {
      i = skipString(text, i);
      continue;
    }
    const lineComment = syntax === 'python' ? c === '#' : c === '/' && text[i + 1] === '/';
    if (lineComment) {
      for (; i < text.length && text[i] !== '\n'; i++) out[i] = ' ';
      continue;
    }
    if (syntax === 'js' && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
      i--;
    }
  }
  return out.join('');
}

function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0].trim(), ...lines.slice(1).map((l) => l.slice(cut))].join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
