/**
 * JavaScript and TypeScript server files, read from their @lezer/javascript syntax tree: which libraries the file
 * uses (npm hprose 2.x, jayson, npm xmlrpc, a bare `http.createServer`), then what it registers (./registrations)
 * and where it listens (./address). Parameters come from the definition (./functions).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/javascript';
import { detectedOf, modelOf, singleProtocol, type DetectedFrameworks, type FoundFramework } from '../findings';
import type { ServerSourceModel, SourceLanguage } from '../model';
import { RegistrationLog } from '../registrations';
import { parseInSlices, SourceFile } from '../syntax';
import { JavaScriptAddressReader } from './address';
import { JavaScriptFunctions } from './functions';
import { JavaScriptRegistrations } from './registrations';
import { javascriptScopes } from './scopes';
import { argsOf, calledName } from './syntax';
import { JavaScriptValues } from './values';

const tsParser = parser.configure({ dialect: 'ts' });
const HPROSE_CALL = /^add(?:Async)?(?:Function|Method|InstanceMethod)s?$/;

export async function scanJavaScript(text: string, file: string, language: 'javascript' | 'typescript'): Promise<ServerSourceModel> {
  const source = new SourceFile(text, file);
  return new JavaScriptReader(source, await parseInSlices(language === 'typescript' ? tsParser : parser, text), language).read();
}

class JavaScriptReader {
  private readonly identifiers = new Set<string>();
  private readonly modules: string[] = [];
  private readonly calls: SyntaxNode[] = [];
  private readonly strings: SyntaxNode[] = [];
  private readonly objects: SyntaxNode[] = [];
  private readonly values: JavaScriptValues;

  constructor(
    private readonly source: SourceFile,
    private readonly tree: Tree,
    private readonly language: SourceLanguage,
  ) {
    this.values = new JavaScriptValues(source, javascriptScopes(source));
  }

  read(): ServerSourceModel {
    this.collect();
    const detected = this.detect();
    const log = new RegistrationLog(this.source);
    new JavaScriptRegistrations(this.values, new JavaScriptFunctions(this.values), log).readAll(this.calls, detected.frameworks);
    return modelOf(this.source, this.tree, this.language, {
      detected,
      address: new JavaScriptAddressReader(this.values).read(this.calls, this.strings, this.objects),
      log,
      names: detected.frameworks.includes('hprose-node') ? 'case-insensitive-first' : 'exact',
    });
  }

  /** The names, modules, calls, strings and object literals of the file, in one walk. */
  private collect(): void {
    this.tree.iterate({
      enter: (ref) => {
        switch (ref.name) {
          case 'VariableName':
          case 'VariableDefinition':
          case 'PropertyName':
          case 'PropertyDefinition':
            this.identifiers.add(this.source.text.slice(ref.from, ref.to));
            break;
          case 'CallExpression':
          case 'NewExpression': {
            this.calls.push(ref.node);
            const callee = ref.node.firstChild;
            if (ref.name === 'CallExpression' && (this.source.of(callee) === 'require' || callee?.name === 'import')) {
              const specifier = this.values.stringValue(argsOf(ref.node)[0]);
              if (specifier) this.modules.push(specifier);
            }
            break;
          }
          case 'ImportDeclaration': {
            const specifier = this.values.stringValue(ref.node.getChild('String') ?? undefined);
            if (specifier) this.modules.push(specifier);
            break;
          }
          case 'String':
          case 'TemplateString':
            this.strings.push(ref.node);
            break;
          case 'ObjectExpression':
            this.objects.push(ref.node);
            break;
        }
      },
    });
  }

  private detect(): DetectedFrameworks {
    const ids = this.identifiers;
    const uses = (library: string) => ids.has(library) || this.modules.some((m) => m === library || m.startsWith(library + '/'));
    const callNames = new Set(this.calls.map((c) => calledName(c, this.source)));
    const found: FoundFramework[] = [];
    // The library alone is not enough: its client scripts use it too.
    if (uses('hprose') && ([...ids].some((id) => /^(?:Http|Tcp|Socket|WebSocket)?(?:Server|Service)$/.test(id)) || [...callNames].some((n) => HPROSE_CALL.test(n)))) {
      found.push({ name: 'hprose', framework: 'hprose-node', protocol: 'hprose' });
    }
    if (uses('jayson') && (ids.has('server') || ids.has('Server'))) found.push({ name: 'jayson', framework: 'jayson', protocol: 'jsonrpc' });
    if (uses('xmlrpc') && (callNames.has('createServer') || callNames.has('createSecureServer'))) {
      found.push({ name: 'xmlrpc', framework: 'xmlrpc-node', protocol: 'xmlrpc' });
    }
    if (callNames.has('createServer')) found.push({ name: 'http.createServer', framework: 'node-http' });
    let protocol = singleProtocol(found);
    // A bare http.createServer tells nothing of the protocol; the body it handles sometimes does.
    if (!protocol && found.length > 0 && found.every((f) => !f.protocol)) {
      const words = [...this.strings.map((s) => this.values.stringValue(s) ?? ''), ...ids];
      if (words.some((w) => w === '2.0' || /jsonrpc/i.test(w))) protocol = 'jsonrpc';
      else if (words.some((w) => /methodCall|methodResponse/.test(w))) protocol = 'xmlrpc';
    }
    return detectedOf(found, protocol);
  }
}
