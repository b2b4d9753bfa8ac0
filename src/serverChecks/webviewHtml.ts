/** Where the Check Server and Load Test panels load from (their HTML shell is the shared one, views/webviewHtml.ts). */
import * as vscode from 'vscode';

export { webviewHtml } from '../views/webviewHtml';

/** The panels' local resources: media/ (their scripts and styles) and dist/webview/ (uPlot, bundled at build). */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}
