/**
 * Python server files, read from their @lezer/python syntax tree: which libraries the file uses, then what it
 * registers (./registrations) and where it listens (./address). Names resolve through Python's scopes (./scopes),
 * so a nested function or a method that shares a name with a module-level function is never taken for it.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { detectedOf, modelOf, singleProtocol, type DetectedFrameworks, type FoundFramework } from '../findings';
import type { ServerSourceModel } from '../model';
import { RegistrationLog } from '../registrations';
import { parseInSlices, SourceFile } from '../syntax';
import { PythonAddressReader } from './address';
import { PythonCallables } from './callables';
import { PythonRegistrations } from './registrations';
import { pythonScopes } from './scopes';
import { importsOf } from './statements';
import { calledName } from './syntax';
import { PythonValues } from './values';

const HPROSE_CALLS = new Set([
  'addFunction',
  'addAsyncFunction',
  'addFunctions',
  'addAsyncFunctions',
  'addMethod',
  'addMethods',
  'addInstanceMethods',
  'addClassMethods',
  'addStaticMethods',
  'add_function',
  'add_functions',
  'add_methods',
  'add_instance_methods',
  'add_class_methods',
  'add_static_methods',
]);

export async function scanPython(text: string, file: string): Promise<ServerSourceModel> {
  const source = new SourceFile(text, file);
  return new PythonReader(source, await parseInSlices(parser, text)).read();
}

class PythonReader {
  private readonly identifiers = new Set<string>();
  private readonly modules: string[] = [];
  private readonly calls: SyntaxNode[] = [];
  private readonly decorated: SyntaxNode[] = [];
  private readonly tuples: SyntaxNode[] = [];
  private readonly decoratorNames = new Set<string>();
  private readonly values: PythonValues;

  constructor(
    private readonly source: SourceFile,
    private readonly tree: Tree,
  ) {
    this.values = new PythonValues(source, pythonScopes(source));
  }

  read(): ServerSourceModel {
    this.collect();
    const detected = this.detect();
    const uses = { hprose: detected.frameworks.includes('hprose-python'), jsonrpc: detected.frameworks.includes('python-jsonrpc') };
    const log = new RegistrationLog(this.source);
    new PythonRegistrations(this.values, new PythonCallables(this.values), log, uses, this.tree.topNode).readAll(this.calls, this.decorated);
    return modelOf(this.source, this.tree, 'python', {
      detected,
      address: new PythonAddressReader(this.values).read(this.calls, this.tuples),
      log,
      names: uses.hprose ? 'case-insensitive-last' : 'exact',
    });
  }

  /** The names, modules, calls, decorated statements and tuples of the file, in one walk. */
  private collect(): void {
    this.tree.iterate({
      enter: (ref) => {
        switch (ref.name) {
          case 'VariableName':
          case 'PropertyName':
            this.identifiers.add(this.source.text.slice(ref.from, ref.to));
            break;
          case 'ImportStatement':
            for (const item of importsOf(this.source, ref.node)) this.modules.push(item.module);
            break;
          case 'CallExpression':
            this.calls.push(ref.node);
            break;
          case 'DecoratedStatement':
            this.decorated.push(ref.node);
            break;
          case 'Decorator': {
            const names = ref.node.getChildren('VariableName');
            if (names.length) this.decoratorNames.add(this.source.of(names[names.length - 1]));
            break;
          }
          case 'TupleExpression':
            this.tuples.push(ref.node);
            break;
        }
      },
    });
  }

  private detect(): DetectedFrameworks {
    const found: FoundFramework[] = [];
    const ids = this.identifiers;
    const imported = (module: string) => this.modules.some((m) => m === module || m.startsWith(module + '.'));
    if (ids.has('SimpleXMLRPCServer')) found.push({ name: 'SimpleXMLRPCServer', framework: 'xmlrpc.server', protocol: 'xmlrpc' });
    if (ids.has('DocXMLRPCServer')) found.push({ name: 'DocXMLRPCServer', framework: 'xmlrpc.server', protocol: 'xmlrpc' });
    if (imported('xmlrpc.server')) found.push({ name: 'xmlrpc.server', framework: 'xmlrpc.server', protocol: 'xmlrpc' });
    // The library alone is not enough: its client scripts import it too.
    const names = [...ids];
    if (
      (ids.has('hprose') || imported('hprose')) &&
      (names.some((id) => /^(?:Http|Tcp|Socket|WebSocket|Wsgi)?Server$|^HttpService$/.test(id)) ||
        this.calls.some((c) => HPROSE_CALLS.has(calledName(c, this.source))))
    ) {
      found.push({ name: 'hprose', framework: 'hprose-python', protocol: 'hprose' });
    }
    if (
      [...names, ...this.modules].some((n) => /jsonrpc/i.test(n)) &&
      (names.some((id) => /Server$|^serve|^dispatcher$|^add_method$|^run_simple$|^Flask$|^route$/.test(id)) || this.decoratorNames.has('method'))
    ) {
      found.push({ name: 'jsonrpc', framework: 'python-jsonrpc', protocol: 'jsonrpc' });
    }
    return detectedOf(found, singleProtocol(found));
  }
}
