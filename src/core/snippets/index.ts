/**
 * "Copy Call As…": a call as a curl command, a Python or Node.js script, or an `rpc-explorer call` line that sends
 * the same request when run as copied. Credentials (basic auth, secret headers, the secret first argument) are
 * environment-variable references, never values. Pure TypeScript: the extension and the CLI share it.
 */
import { taggedOf } from '../values';
import type { TypedValue } from '../types';
import { isPlainText, jsString, printfFormat, pythonBytes, pythonString, shellQuote, shellWord } from './literals';
import {
  ENV_PASSWORD,
  ENV_SECRET_ARG,
  ENV_USER,
  prepareCall,
  requireTextSecret,
  variablesComment,
  type PreparedCall,
  type SnippetCall,
  type SnippetKind,
} from './prepare';

import { k6Snippet } from './k6';

export { k6Snippet } from './k6';
export { SNIPPET_KINDS, SNIPPET_LABELS, headerVariable, type SnippetCall, type SnippetKind } from './prepare';

export function buildSnippet(kind: SnippetKind, call: SnippetCall): string {
  switch (kind) {
    case 'curl':
      return curlSnippet(call);
    case 'python':
      return pythonSnippet(call);
    case 'node':
      return nodeSnippet(call);
    case 'cli':
      return cliSnippet(call);
    case 'k6':
      return k6Snippet(call);
  }
}

export function isSnippetKind(value: unknown): value is SnippetKind {
  return value === 'curl' || value === 'python' || value === 'node' || value === 'cli' || value === 'k6';
}

// ---- curl ---------------------------------------------------------------------------------------------------------

/** A shell word for a header: the value quoted, or a reference to the variable holding it. */
function shellHeader(header: PreparedCall['headerList'][number]): string {
  return header.env === undefined ? shellQuote(`${header.name}: ${header.value}`) : `${shellQuote(`${header.name}: `)}"$${header.env}"`;
}

/**
 * curl with the exact body: a quoted word when the body is plain text, else (binary bytes, a secret argument to
 * splice in, a body curl would take for a file name) printf piped into `--data-binary @-`.
 */
export function curlSnippet(call: SnippetCall): string {
  const prepared = prepareCall(call);
  requireTextSecret(prepared, 'curl');
  const options = ['--silent --show-error --compressed'];
  for (const header of prepared.headerList) options.push(`-H ${shellHeader(header)}`);
  if (prepared.basicAuth) options.push(`-u "$${ENV_USER}:$${ENV_PASSWORD}"`);
  let pipe = '';
  if (prepared.cut) {
    const { before, after } = prepared.cut;
    const secret = prepared.secretArg!;
    let middle: string;
    let values: string;
    if (prepared.protocol === 'hprose') {
      middle = 's%d"%s"';
      values = `"\${#${ENV_SECRET_ARG}}" "$${ENV_SECRET_ARG}"`;
    } else {
      middle = prepared.protocol === 'jsonrpc' && secret.text ? '"%s"' : '%s';
      values = `"$${ENV_SECRET_ARG}"`;
    }
    pipe = `printf '${printfFormat(before)}${middle}${printfFormat(after)}' ${values} | `;
    options.push('--data-binary @-');
  } else if (isPlainText(prepared.body) && !prepared.body.toString('utf8').startsWith('@')) {
    options.push(`--data-binary ${shellQuote(prepared.body.toString('utf8'))}`);
  } else {
    pipe = `printf '${printfFormat(prepared.body)}' | `;
    options.push('--data-binary @-');
  }
  options.push(shellWord(prepared.url));
  return `${variablesComment(prepared, '#')}${pipe}curl ${options.join(' \\\n  ')}\n`;
}

// ---- rpc-explorer CLI ---------------------------------------------------------------------------------------------

export function cliSnippet(call: SnippetCall): string {
  const prepared = prepareCall(call);
  const words = ['rpc-explorer', 'call', shellWord(prepared.url), shellWord(prepared.method)];
  if (prepared.method.startsWith('-')) words.splice(2, 0, '--');
  for (const arg of prepared.args) words.push(shellQuote(JSON.stringify(arg)));
  const options = ['--protocol', prepared.protocol];
  for (const header of prepared.headerList) {
    if (header.name === 'Content-Type') continue; // the protocol's own
    options.push('--header', shellHeader(header));
  }
  if (prepared.basicAuth) {
    // The CLI takes basic auth from the URL, where the variables would need URL-encoding: the header needs none.
    options.push('--header', `"Authorization: Basic $(printf '%s:%s' "$${ENV_USER}" "$${ENV_PASSWORD}" | base64 | tr -d '\\n')"`);
  }
  if (prepared.secretArg) options.push('--secret-arg-env', ENV_SECRET_ARG);
  // Options first when the method needs `--` before it.
  const line = prepared.method.startsWith('-') ? ['rpc-explorer', 'call', ...options, ...words.slice(2)] : [...words, ...options];
  return `${variablesComment(prepared, '#')}${line.join(' ')}\n`;
}

// ---- Python -------------------------------------------------------------------------------------------------------

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** `proxy.system.listMethods` or, for a name Python cannot spell as attributes, `getattr(proxy, 'my-method')`. */
function pythonMethod(target: string, method: string): string {
  const parts = method.split('.');
  const plain = parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) && !PYTHON_KEYWORDS.has(part) && !part.startsWith('__'));
  return plain ? `${target}.${method}` : `getattr(${target}, ${pythonString(method)})`;
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (n === Infinity) return "float('inf')";
  if (n === -Infinity) return "float('-inf')";
  return String(n);
}

function pythonFloat(n: number): string {
  const text = pythonNumber(n);
  return Number.isInteger(n) && !/[e.]/.test(text) ? `${text}.0` : text;
}

/** datetime.datetime(...) for hprose: ISO 8601 / XML-RPC's compact form, with its zone when it has one. */
function pythonDatetime(text: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return `datetime.datetime.fromisoformat(${pythonString(text)})`;
  const parts = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map((p) => String(Number(p)));
  if (m[7]) parts.push(String(Number(m[7].slice(0, 6).padEnd(6, '0'))));
  let zone = '';
  if (m[8] === 'Z') zone = ', tzinfo=datetime.timezone.utc';
  else if (m[8]) {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    zone = `, tzinfo=datetime.timezone(datetime.timedelta(hours=${sign * Number(digits.slice(0, 2))}, minutes=${sign * Number(digits.slice(2) || '0')}))`;
  }
  return `datetime.datetime(${parts.join(', ')}${zone})`;
}

interface PythonUse {
  imports: Set<string>;
  nil: boolean;
  i8: boolean;
}

/** A Python expression for a typed value, as the protocol's Python client sends it. */
function pythonValue(value: TypedValue, protocol: 'xmlrpc' | 'hprose', use: PythonUse): string {
  if (value === null) {
    use.nil = true;
    return 'None';
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return pythonFloat(value);
    if (protocol === 'xmlrpc' && !(value >= -2147483648 && value <= 2147483647)) {
      use.i8 = true;
      return `I8(${value})`;
    }
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonValue(v, protocol, use)).join(', ')}]`;
  const tagged = taggedOf(value);
  if (tagged) {
    switch (tagged.tag) {
      case '$double':
        return pythonFloat(tagged.value);
      case '$i8':
        if (protocol === 'xmlrpc') {
          use.i8 = true;
          return `I8(${tagged.value})`;
        }
        return tagged.value;
      case '$base64':
        if (protocol === 'xmlrpc') {
          use.imports.add('base64');
          return `xmlrpc.client.Binary(base64.b64decode(${pythonString(tagged.value.replace(/\s+/g, ''))}))`;
        }
        return pythonBytes(Buffer.from(tagged.value, 'base64'));
      case '$datetime':
        if (protocol === 'xmlrpc') return `xmlrpc.client.DateTime(${pythonString(tagged.value)})`;
        use.imports.add('datetime');
        return pythonDatetime(tagged.value);
    }
  }
  const entries = Object.entries(value).map(([k, v]) => `${pythonString(k)}: ${pythonValue(v, protocol, use)}`);
  return `{${entries.join(', ')}}`;
}

/** Python's expression for a header value: the text, or the variable. */
function pythonHeaderValue(header: PreparedCall['headerList'][number]): string {
  return header.env === undefined ? pythonString(header.value) : `os.environ[${pythonString(header.env)}]`;
}

const PYTHON_BASIC_AUTH = `'Basic ' + base64.b64encode((os.environ['${ENV_USER}'] + ':' + os.environ['${ENV_PASSWORD}']).encode()).decode()`;

/** The secret argument as Python reads it from the environment. */
function pythonSecretArg(prepared: PreparedCall, use: PythonUse): string {
  if (prepared.secretArg!.text) return `os.environ['${ENV_SECRET_ARG}']`;
  use.imports.add('json');
  return `json.loads(os.environ['${ENV_SECRET_ARG}'])`;
}

export function pythonSnippet(call: SnippetCall): string {
  const prepared = prepareCall(call);
  const use: PythonUse = { imports: new Set(), nil: false, i8: false };
  const custom = prepared.headerList.filter((h) => h.name !== 'Content-Type');
  if (prepared.basicAuth) use.imports.add('base64');
  if (prepared.basicAuth || custom.some((h) => h.env !== undefined) || prepared.secretArg) use.imports.add('os');
  const lines: string[] = [];

  if (prepared.protocol === 'jsonrpc') {
    use.imports.add('json');
    use.imports.add('urllib.error');
    use.imports.add('urllib.request');
    if (prepared.cut) {
      const secret = prepared.secretArg!.text ? `json.dumps(os.environ['${ENV_SECRET_ARG}'])` : `os.environ['${ENV_SECRET_ARG}']`;
      lines.push(`body = ${pythonString(prepared.cut.before.toString('utf8'))} + ${secret} + ${pythonString(prepared.cut.after.toString('utf8'))}`);
    } else lines.push(`body = ${pythonString(prepared.body.toString('utf8'))}`);
    const headers = prepared.headerList.map((h) => `${pythonString(h.name)}: ${pythonHeaderValue(h)}`);
    if (prepared.basicAuth) headers.push(`'Authorization': ${PYTHON_BASIC_AUTH}`);
    lines.push(
      `request = urllib.request.Request(${pythonString(prepared.url)}, data=body.encode('utf-8'), method='POST', headers={${headers.join(', ')}})`,
      'try:',
      '    with urllib.request.urlopen(request, timeout=30) as response:',
      '        reply = json.loads(response.read())',
      'except urllib.error.HTTPError as error:',
      '    reply = json.loads(error.read())  # JSON-RPC servers may send an error object with an HTTP error status',
      "if 'error' in reply:",
      "    raise SystemExit('error %s: %s' % (reply['error'].get('code'), reply['error'].get('message')))",
      "print(json.dumps(reply['result'], ensure_ascii=False, indent=2))",
    );
  } else if (prepared.protocol === 'xmlrpc') {
    use.imports.add('xmlrpc.client');
    const args = prepared.args.map((a) => pythonValue(a, 'xmlrpc', use));
    if (prepared.secretArg) {
      pythonValue(prepared.secretArg.value, 'xmlrpc', use);
      args.unshift(pythonSecretArg(prepared, use));
    }
    const headers = custom.map((h) => `(${pythonString(h.name)}, ${pythonHeaderValue(h)})`);
    if (prepared.basicAuth) headers.push(`('Authorization', ${PYTHON_BASIC_AUTH})`);
    const options = [pythonString(prepared.url)];
    if (use.nil) options.push('allow_none=True');
    if (headers.length) options.push(`headers=[${headers.join(', ')}]`);
    if (use.i8) {
      lines.push(
        '',
        '',
        'class I8(int):',
        '    """An integer sent as <i8>: Python\'s marshaller refuses ints beyond 32 bits."""',
        '',
        '',
        "xmlrpc.client.Marshaller.dispatch[I8] = lambda marshaller, value, write: write('<value><i8>%d</i8></value>' % value)",
        '',
      );
    }
    lines.push(`proxy = xmlrpc.client.ServerProxy(${options.join(', ')})`, `print(${pythonMethod('proxy', prepared.method)}(${args.join(', ')}))`);
  } else {
    use.imports.add('hprose');
    const args = prepared.args.map((a) => pythonValue(a, 'hprose', use));
    if (prepared.secretArg) args.unshift(pythonSecretArg(prepared, use));
    lines.push(`client = hprose.HttpClient(${pythonString(prepared.url)})`);
    for (const header of custom) lines.push(`client.setHeader(${pythonString(header.name)}, ${pythonHeaderValue(header)})`);
    if (prepared.basicAuth) lines.push(`client.setHeader('Authorization', ${PYTHON_BASIC_AUTH})`);
    lines.push(`print(${pythonMethod('client', prepared.method)}(${args.join(', ')}))`);
  }
  const imports = [...use.imports].sort().map((module) => `import ${module}`);
  return `${variablesComment(prepared, '#')}${imports.join('\n')}\n\n${lines.join('\n')}\n`.replace(/\n\n\n\n+/g, '\n\n\n');
}

// ---- Node.js ------------------------------------------------------------------------------------------------------

/** A JavaScript expression for bytes: a string literal when they are text, else Buffer.from(base64). */
function jsBytes(bytes: Buffer): { text: boolean; code: string } {
  return isPlainText(bytes) ? { text: true, code: jsString(bytes.toString('utf8')) } : { text: false, code: `Buffer.from(${jsString(bytes.toString('base64'))}, 'base64')` };
}

const NODE_SECRET = `process.env.${ENV_SECRET_ARG}`;

function nodeBody(prepared: PreparedCall): { code: string; helpers: string[] } {
  if (!prepared.cut) return { code: jsBytes(prepared.body).code, helpers: [] };
  const helpers: string[] = [];
  let secret: string;
  if (prepared.protocol === 'jsonrpc') secret = prepared.secretArg!.text ? `JSON.stringify(${NODE_SECRET})` : NODE_SECRET;
  else if (prepared.protocol === 'hprose') secret = `'s' + ${NODE_SECRET}.length + '"' + ${NODE_SECRET} + '"'`;
  else {
    helpers.push("const xmlText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');");
    secret = `xmlText(${NODE_SECRET})`;
  }
  const before = jsBytes(prepared.cut.before);
  const after = jsBytes(prepared.cut.after);
  if (before.text && after.text) return { code: `${before.code} + ${secret} + ${after.code}`, helpers };
  const part = (p: { text: boolean; code: string }) => (p.text ? `Buffer.from(${p.code})` : p.code);
  return { code: `Buffer.concat([${part(before)}, Buffer.from(${secret}), ${part(after)}])`, helpers };
}

export function nodeSnippet(call: SnippetCall): string {
  const prepared = prepareCall(call);
  requireTextSecret(prepared, 'Node.js');
  const body = nodeBody(prepared);
  const headers = prepared.headerList.map((h) => `${jsString(h.name)}: ${h.env === undefined ? jsString(h.value) : `process.env.${h.env}`}`);
  if (prepared.basicAuth) headers.push(`Authorization: 'Basic ' + Buffer.from(\`\${process.env.${ENV_USER}}:\${process.env.${ENV_PASSWORD}}\`).toString('base64')`);
  const lines = [
    '// Node.js 18 or later (fetch).',
    ...body.helpers,
    `const body = ${body.code};`,
    '',
    '(async () => {',
    `  const response = await fetch(${jsString(prepared.url)}, {`,
    "    method: 'POST',",
    `    headers: { ${headers.join(', ')} },`,
    '    body,',
    '    signal: AbortSignal.timeout(30000),',
    '  });',
  ];
  if (prepared.protocol === 'jsonrpc') {
    lines.push(
      '  const text = await response.text();',
      '  let reply;',
      '  try {',
      '    reply = JSON.parse(text);',
      '  } catch {',
      '    throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);',
      '  }',
      '  if (reply.error) throw new Error(`error ${reply.error.code}: ${reply.error.message}`);',
      '  console.log(JSON.stringify(reply.result, null, 2));',
    );
  } else {
    lines.push(
      '  const bytes = Buffer.from(await response.arrayBuffer());',
      "  if (!response.ok) throw new Error(`HTTP ${response.status}: ${bytes.toString('utf8', 0, 200)}`);",
      '  // The raw body: text for XML-RPC, hprose\'s own serialization (bytes stay bytes).',
      "  process.stdout.write(Buffer.concat([bytes, Buffer.from('\\n')]));",
    );
  }
  lines.push('})().catch((error) => {', '  console.error(error.message);', '  process.exitCode = 1;', '});');
  return `${variablesComment(prepared, '//')}${lines.join('\n')}\n`;
}
