/**
 * The benchmark's call-form open (ui.form_open_ms, in callTiming.test.ts): the 50-parameter OpenRPC server, and a
 * control — a do-nothing page in the same panel and CSP shell as the form — with the marks of both along the open
 * path, so the figure splits into what VS Code's webview costs and what the form itself adds.
 */
import * as http from 'http';
import * as vscode from 'vscode';
import { webviewHtml } from '../../src/views/webviewHtml';

/** Epoch ms (sub-ms) of each step (STEPS). */
export type OpenMarks = Record<string, number>;

const STEPS = ['start', 'opened', 'created', 'htmlSet', 'navigation', 'script', 'rendered', 'received'];

/** Median ms between consecutive steps (`created→htmlSet`), over the samples that have both marks. */
export function phasesOf(samples: OpenMarks[]): Record<string, number | null> {
  const phases: Record<string, number | null> = {};
  const present = STEPS.filter((step) => samples.some((s) => s[step] !== undefined));
  for (let i = 1; i < present.length; i++) {
    const [from, to] = [present[i - 1], present[i]];
    const gaps = samples.filter((s) => s[from] !== undefined && s[to] !== undefined).map((s) => s[to] - s[from]).sort((a, b) => a - b);
    const m = gaps.length >> 1;
    phases[`${from}→${to}`] = gaps.length === 0 ? null : Number((gaps.length % 2 ? gaps[m] : (gaps[m - 1] + gaps[m]) / 2).toFixed(2));
  }
  return phases;
}

const CONTROL_VIEW_TYPE = 'rpcExplorer.benchFormControl';

/**
 * The control: a panel opened as CallForm opens its own (same options, icon, webviewHtml shell with its CSP and
 * nonce, a head script) whose page only posts its marks once parsed; timed from before the panel is created until
 * that message arrives. Every form and control tab is closed first, as before each form open.
 */
export async function formControlOpen(extensionUri: vscode.Uri): Promise<{ ms: number; marks: OpenMarks }> {
  await closeFormTabs();
  const t0 = performance.now();
  const marks: OpenMarks = { start: performance.timeOrigin + t0 };
  const panel = vscode.window.createWebviewPanel(
    CONTROL_VIEW_TYPE,
    'Call control',
    { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')], enableFindWidget: true },
  );
  marks.created = performance.timeOrigin + performance.now();
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'rpc-explorer.svg');
  const received = new Promise<OpenMarks>((resolve) => panel.webview.onDidReceiveMessage((message: { marks: OpenMarks }) => resolve(message.marks)));
  const script = `const scriptAt = performance.timeOrigin + performance.now();
const post = () => acquireVsCodeApi().postMessage({ type: 'ready', marks: { navigation: performance.timeOrigin, script: scriptAt, rendered: performance.timeOrigin + performance.now() } });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', post); else post();`;
  panel.webview.html = webviewHtml(panel.webview, extensionUri, { title: 'Call control', styles: [], scripts: [], headScripts: [script], labels: {}, live: false });
  marks.htmlSet = performance.timeOrigin + performance.now();
  Object.assign(marks, await received, { received: performance.timeOrigin + performance.now() });
  return { ms: performance.now() - t0, marks };
}

/** An OpenRPC document with one method of 50 parameters, every fifth a nested object (with an enum and an array). */
function wideOpenRpc(): unknown {
  const params = Array.from({ length: 50 }, (_, i) => ({
    name: `p${i}`,
    required: i % 2 === 0,
    schema:
      i % 5 === 0
        ? { $ref: '#/components/schemas/Item' }
        : i % 5 === 1
          ? { type: 'integer', minimum: 0, default: i }
          : i % 5 === 2
            ? { type: 'string', enum: ['a', 'b', 'c'] }
            : i % 5 === 3
              ? { type: 'boolean' }
              : { type: 'string', maxLength: 40 },
  }));
  return {
    openrpc: '1.2.6',
    info: { title: 'wide', version: '1' },
    methods: [{ name: 'wide', params, result: { name: 'r', schema: { type: 'string' } } }],
    components: {
      schemas: {
        Item: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, kind: { type: 'string', enum: ['x', 'y'] }, tags: { type: 'array', items: { type: 'string' } }, size: { type: 'number' } },
        },
      },
    },
  };
}

/** A JSON-RPC server in this process: rpc.discover answers wideOpenRpc(), any other method "ok". */
export function startOpenRpcServer(): Promise<{ url: string; close(): Promise<void> }> {
  const document = wideOpenRpc();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = JSON.parse(body) as { id: number; method: string };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: request.method === 'rpc.discover' ? document : 'ok' }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

/** Closes the call forms' tabs and the control's. */
export function closeFormTabs(): Thenable<boolean> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && (t.input.viewType.endsWith('rpcExplorer.callForm') || t.input.viewType.endsWith(CONTROL_VIEW_TYPE)));
  return vscode.window.tabGroups.close(tabs);
}
