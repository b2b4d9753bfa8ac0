/** The HTML shell of the Check Server and Load Test panels: resultPanel.ts's strict CSP, scripts by nonce only. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The panels' local resources: media/ (their scripts and styles) and dist/webview/ (uPlot, bundled at build). */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: { title: string; scripts: string[]; styles: string[]; labels: Record<string, string> }): string {
  const nonce = randomBytes(16).toString('base64');
  const uri = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/'))).toString();
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${page.styles.map((style) => `<link rel="stylesheet" href="${escapeHtml(uri(style))}">`).join('\n')}
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="app" aria-live="polite" data-labels="${escapeHtml(JSON.stringify(page.labels))}"></main>
${page.scripts.map((script) => `<script nonce="${nonce}" src="${escapeHtml(uri(script))}"></script>`).join('\n')}
</body>
</html>`;
}
