/**
 * A call as a k6 load-test script (https://k6.io): every iteration POSTs the exact body the other snippets and the
 * CLI send, and checks the answer is not a fault, so a load test can move to k6's runners as is. Credentials are
 * read from `__ENV` (k6 run -e NAME=value, or the environment), never written in.
 */
import { jsString, isPlainText } from './literals';
import { ENV_PASSWORD, ENV_SECRET_ARG, ENV_USER, prepareCall, requireTextSecret, variablesComment, type PreparedCall, type SnippetCall } from './prepare';

const K6_SECRET = `__ENV.${ENV_SECRET_ARG}`;

/** The body as a JavaScript expression: a string literal, or bytes from base64 (k6's encoding module). */
function k6Body(prepared: PreparedCall): string {
  const literal = (bytes: Buffer) => (isPlainText(bytes) ? jsString(bytes.toString('utf8')) : `encoding.b64decode(${jsString(bytes.toString('base64'))})`);
  if (!prepared.cut) return literal(prepared.body);
  let secret: string;
  if (prepared.protocol === 'jsonrpc') secret = prepared.secretArg!.text ? `JSON.stringify(${K6_SECRET})` : K6_SECRET;
  else if (prepared.protocol === 'hprose') secret = `'s' + ${K6_SECRET}.length + '"' + ${K6_SECRET} + '"'`;
  else secret = `${K6_SECRET}.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')`;
  return `${jsString(prepared.cut.before.toString('utf8'))} + ${secret} + ${jsString(prepared.cut.after.toString('utf8'))}`;
}

/** The check that the answer is no fault, by protocol. */
function faultCheck(prepared: PreparedCall): string {
  switch (prepared.protocol) {
    case 'xmlrpc':
      return "(r) => typeof r.body === 'string' && r.body.includes('<methodResponse') && !/<fault[\\s>]/.test(r.body)";
    case 'jsonrpc':
      return '(r) => {\n      try {\n        const reply = JSON.parse(r.body);\n        return reply !== null && reply.error === undefined && \'result\' in reply;\n      } catch (e) {\n        return false;\n      }\n    }';
    case 'hprose':
      return "(r) => typeof r.body === 'string' && r.body.charAt(0) === 'R'";
  }
}

export function k6Snippet(call: SnippetCall): string {
  const prepared = prepareCall(call);
  requireTextSecret(prepared, 'k6');
  if (prepared.cut && (!isPlainText(prepared.cut.before) || !isPlainText(prepared.cut.after))) requireTextSecret({ ...prepared, secretArg: { text: false, value: null } }, 'k6');
  const headers = prepared.headerList.map((h) => `${jsString(h.name)}: ${h.env === undefined ? jsString(h.value) : `__ENV.${h.env}`}`);
  if (prepared.basicAuth) headers.push(`Authorization: 'Basic ' + encoding.b64encode(\`\${__ENV.${ENV_USER}}:\${__ENV.${ENV_PASSWORD}}\`)`);
  const lines = [
    '// k6 run script.js — the same request as rpc-explorer sends; each iteration checks the answer is no fault.',
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    "import encoding from 'k6/encoding';",
    '',
    '// 100 calls on 1 virtual user, as `rpc-explorer load` does by default; change to taste (vus, duration, …).',
    'export const options = { vus: 1, iterations: 100 };',
    '',
    `const url = ${jsString(prepared.url)};`,
    `const body = ${k6Body(prepared)};`,
    `const params = { headers: { ${headers.join(', ')} }, timeout: '30s' };`,
    '',
    'export default function () {',
    '  const response = http.post(url, body, params);',
    '  check(response, {',
    "    'HTTP 2xx': (r) => r.status >= 200 && r.status < 300,",
    `    'no fault': ${faultCheck(prepared)},`,
    '  });',
    '}',
  ];
  return `${variablesComment(prepared, '//')}${lines.join('\n')}\n`;
}
