import * as vscode from 'vscode';

const SCHEME = 'rpc-result';
/** Results kept for their JSON documents (an older one reopens empty: the panel and the history have it). */
const KEEP = 20;

/**
 * "Open as JSON": a result as a read-only JSON document (a virtual document: nothing to save, nothing asks to be
 * saved when closed).
 */
export class ResultJsonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async open(name: string, callId: number, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name.replace(/[\\/]/g, '_')} (${callId}).json` });
    this.texts.set(uri.toString(), text);
    for (const old of [...this.texts.keys()].slice(0, Math.max(0, this.texts.size - KEEP))) this.texts.delete(old);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
    return vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
