/**
 * The HTML shell of every webview of the extension (RPC Result, the call form, Check Server, Load Test): one strict
 * CSP — nothing but the extension's own files, scripts by nonce only — the page's words as an attribute and its data
 * as JSON blocks.
 * The pages build their elements with textContent from that data: no server string is ever markup.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface WebviewPage {
  title: string;
  /** Paths inside the extension (`media/result.js`), loaded in order at the end of the body. */
  scripts: string[];
  /**
   * Script texts put in the <head> with the page's nonce, before the stylesheets: they run without waiting for a
   * fetch or for the stylesheets (the call form builds its fields while its stylesheet loads; the paint still waits).
   */
  headScripts?: string[];
  styles: string[];
  /** The page's words, in VS Code's display language: `data-labels` of `#app`. */
  labels: Record<string, string>;
  /**
   * Data blocks (`<script type="application/json" id="…">`, with the nonce): larger data than an attribute holds well
   * (no &quot; escaping, read with one JSON.parse of the element's text). Never run: data, not script.
   */
  json?: Record<string, unknown>;
  /** What `#app` shows before the page's script runs: trusted markup of ours only. */
  placeholderHtml?: string;
  /** Whether `#app` is a polite live region (a result page; not a form the user types in). Default: true. */
  live?: boolean;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/'))).toString();
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join('; ');
  const data = ` data-labels="${escapeHtml(JSON.stringify(page.labels))}"`;
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${(page.headScripts ?? []).map((text) => `<script nonce="${nonce}">${text.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n')}
${page.styles.map((style) => `<link rel="stylesheet" href="${escapeHtml(uri(style))}">`).join('\n')}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="app"${page.live === false ? '' : ' aria-live="polite"'}${data}>${page.placeholderHtml ?? ''}</main>
${Object.entries(page.json ?? {}).map(([id, value]) => `<script type="application/json" id="${escapeHtml(id)}" nonce="${nonce}">${jsonScriptText(value)}</script>`).join('\n')}
${page.scripts.map((script) => `<script nonce="${nonce}" src="${escapeHtml(uri(script))}"></script>`).join('\n')}
</body>
</html>`;
}

/** JSON as a script element's text: `<` as \u003c (still the same JSON), so no `</script>` or `<!--` can end it. */
function jsonScriptText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
