/**
 * Python server files, read from their @lezer/python syntax tree: xmlrpc.server (register_function, its decorator
 * form, register_instance, introspection and multicall), hprose 2.x (addFunction(s), addMethod(s), add*Methods)
 * and JSON-RPC libraries (jsonrpcserver's @method, json-rpc's dispatcher.add_method, flask-jsonrpc).
 * Names resolve through Python's scopes (a function's own, the enclosing functions', the module's), so a nested
 * function or a method that shares a name with a module-level function is never taken for it.
 */
import { l10n } from './messages';
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Protocol } from '../core/types';
import type { ServerFramework, ServerSourceModel, SourceNote, SourceParam } from './model';
import {
  addBinding,
  bindingSeenAt,
  childrenOf,
  cleanDoc,
  eitherPort,
  isInside,
  modelOf,
  registrationOf,
  parseInSlices,
  portOfNumber,
  portOfString,
  SourceFile,
  type DetectedFrameworks,
  type FunctionFacts,
  type PortValue,
  type Registered,
} from './syntax';

export async function scanPython(text: string, file: string): Promise<ServerSourceModel> {
  const source = new SourceFile(text, file);
  return new PythonReader(source, await parseInSlices(parser, text)).read();
}

const SCOPES = new Set(['Script', 'FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);
const HOST_LIKE = /^(?:|localhost|\d{1,3}(?:\.\d{1,3}){3}|::1?|[\w-]+(?:\.[\w-]+)+)$/;
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

interface Arg {
  kind: 'positional' | 'keyword' | 'star' | 'double-star';
  name?: string;
  value: SyntaxNode;
}

type Binding =
  | { kind: 'def'; node: SyntaxNode; at: number }
  | { kind: 'class'; node: SyntaxNode; at: number }
  | { kind: 'assign'; value: SyntaxNode; at: number }
  | { kind: 'import'; original: string; at: number }
  | { kind: 'other'; at: number };

/** What a registered callable turned out to be; every field absent when it cannot be told. */
interface Callable extends FunctionFacts {
  /** Its `__name__`: the name it is registered under when no name is given. */
  remoteName?: string;
}

interface ClassMember {
  name: string;
  def: SyntaxNode;
  decorators: string[];
}

class PythonReader {
  private readonly identifiers = new Set<string>();
  private readonly modules: string[] = [];
  private readonly calls: SyntaxNode[] = [];
  private readonly decorated: SyntaxNode[] = [];
  private readonly tuples: SyntaxNode[] = [];
  private readonly decoratorNames = new Set<string>();
  private readonly registered: Registered[] = [];
  private readonly notes: SourceNote[] = [];
  private readonly scopeBindings = new Map<string, Map<string, Binding[]>>();
  private hprose = false;
  private jsonrpc = false;

  constructor(
    private readonly source: SourceFile,
    private readonly tree: Tree,
  ) {}

  read(): ServerSourceModel {
    this.collect();
    const detected = this.detect();
    const instances = new Map<string, SyntaxNode>();
    const system: { call: SyntaxNode; names: [string, string[]][] }[] = [];
    for (const call of this.calls) {
      const method = calledName(call, this.source);
      if (method === 'register_instance') instances.set(this.source.of(call.firstChild?.firstChild), call); // the last one is the one served
      else if (method === 'register_introspection_functions') {
        system.push({ call, names: [['system.listMethods', []], ['system.methodHelp', ['method_name']], ['system.methodSignature', ['method_name']]] });
      } else if (method === 'register_multicall_functions') system.push({ call, names: [['system.multicall', ['calls']]] });
      else this.readCall(call, method);
    }
    for (const statement of this.decorated) this.readDecorated(statement);
    for (const call of instances.values()) this.readInstance(call);
    // The library's own functions come after the file's, where a task's detail line does not hide the file's names.
    let order = this.source.text.length;
    for (const { call, names } of system) {
      for (const [name, params] of names) {
        this.registered.push({
          name,
          registration: calledName(call, this.source),
          registeredAt: this.source.at(call.from),
          params: params.map((p) => ({ name: p, kind: 'positional', required: true })),
          at: ++order,
        });
      }
    }
    return modelOf(this.source, this.tree, 'python', {
      detected,
      address: this.address(),
      registered: this.registered,
      names: detected.frameworks.includes('hprose-python') ? 'case-insensitive-last' : 'exact',
      notes: this.notes,
    });
  }

  // ------------------------------------------------------------------------------------------ what the file uses

  private collect(): void {
    this.tree.iterate({
      enter: (ref) => {
        switch (ref.name) {
          case 'VariableName':
          case 'PropertyName':
            this.identifiers.add(this.source.text.slice(ref.from, ref.to));
            break;
          case 'ImportStatement':
            for (const item of this.importsOf(ref.node)) this.modules.push(item.module);
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
    const found: { name: string; framework: ServerFramework; protocol: Protocol }[] = [];
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
      this.hprose = true;
      found.push({ name: 'hprose', framework: 'hprose-python', protocol: 'hprose' });
    }
    if (
      [...names, ...this.modules].some((n) => /jsonrpc/i.test(n)) &&
      (names.some((id) => /Server$|^serve|^dispatcher$|^add_method$|^run_simple$|^Flask$|^route$/.test(id)) || this.decoratorNames.has('method'))
    ) {
      this.jsonrpc = true;
      found.push({ name: 'jsonrpc', framework: 'python-jsonrpc', protocol: 'jsonrpc' });
    }
    const protocols = new Set(found.map((f) => f.protocol));
    return {
      frameworks: [...new Set(found.map((f) => f.framework))],
      markers: found.map((f) => f.name),
      ...(protocols.size === 1 ? { protocol: [...protocols][0] } : {}),
    };
  }

  // ------------------------------------------------------------------------------------------ registrations

  private readCall(call: SyntaxNode, method: string): void {
    if (call.firstChild?.name !== 'MemberExpression') return;
    const args = this.args(call);
    switch (method) {
      case 'register_function':
        // register_function(name='x') alone is the decorator factory; its decorator form is read with the def.
        if (argument(args, 0, 'function')) this.registerCallable(call, method, argument(args, 0, 'function'), argument(args, 1, 'name'));
        return;
      case 'add_method':
        // json-rpc's dispatcher.add_method(f, name='x'); hprose's (snake-case) add_method('name', obj) takes a string.
        if (argument(args, 0)?.name === 'String') this.readHproseMethod(call, method, args);
        else if (argument(args, 0, 'f')) this.registerCallable(call, method, argument(args, 0, 'f'), argument(args, 1, 'name'));
        return;
    }
    if (!this.hprose) return;
    switch (method) {
      case 'addFunction':
      case 'addAsyncFunction':
      case 'add_function':
        this.registerCallable(call, method, argument(args, 0, 'function'), argument(args, 1, 'alias'));
        return;
      case 'addFunctions':
      case 'addAsyncFunctions':
      case 'add_functions':
        this.readFunctionList(call, method, argument(args, 0, 'functions'), argument(args, 1, 'aliases'));
        return;
      case 'addMethod':
        this.readHproseMethod(call, method, args);
        return;
      case 'addMethods':
      case 'add_methods':
        this.readHproseMethods(call, method, argument(args, 0, 'methods'), argument(args, 1, 'belongto'), argument(args, 2, 'aliases'));
        return;
      case 'addInstanceMethods':
      case 'add_instance_methods':
        this.readHproseClassFunctions(call, method, argument(args, 1, 'cls') ?? argument(args, 0, 'obj'), argument(args, 2, 'aliasPrefix'), 'instance');
        return;
      case 'addClassMethods':
      case 'add_class_methods':
        this.readHproseClassFunctions(call, method, argument(args, 0, 'cls'), argument(args, 2, 'aliasPrefix'), 'classmethod');
        return;
      case 'addStaticMethods':
      case 'add_static_methods':
        this.readHproseClassFunctions(call, method, argument(args, 0, 'cls'), argument(args, 1, 'aliasPrefix'), 'staticmethod');
        return;
      case 'add':
        // `add` is every set's method too: only a receiver made by an hprose server constructor counts.
        if (this.isHproseServer(call.firstChild.firstChild ?? undefined)) this.readHproseAdd(call, args);
        return;
    }
  }

  /** `@server.register_function`, `@server.register_function(name='x')`, `@method`, `@dispatcher.add_method`. */
  private readDecorated(statement: SyntaxNode): void {
    const target = statement.lastChild;
    if (target?.name !== 'FunctionDefinition' && target?.name !== 'ClassDefinition') return;
    for (const decorator of statement.getChildren('Decorator')) {
      const parts = decorator.getChildren('VariableName').map((n) => this.source.of(n));
      const last = parts[parts.length - 1];
      const registers = last === 'register_function' || (this.jsonrpc && (last === 'method' || last === 'add_method'));
      if (!registers) continue;
      const args = this.args(decorator);
      const nameNode = argument(args, 0, 'name');
      let name: string | undefined;
      if (nameNode) {
        name = this.stringValue(nameNode);
        if (name === undefined) {
          this.note(decorator, l10n.t('@{0}: the name {1} is not a string literal', parts.join('.'), this.source.of(nameNode)));
          continue;
        }
      }
      // The decorated function is registered as it is: a def in a class body is a plain function here, self included.
      const fn = target.name === 'FunctionDefinition' ? this.describeDef(target, false) : this.describeClass(target);
      this.add(decorator, `@${last}`, name ?? fn.remoteName!, fn);
    }
  }

  /** register_function(f[, name]), addFunction(f[, alias]), add_method(f[, name]). */
  private registerCallable(call: SyntaxNode, registration: string, fnNode: SyntaxNode | undefined, nameNode: SyntaxNode | undefined): void {
    let name: string | undefined;
    if (nameNode) {
      name = this.stringValue(nameNode);
      if (name === undefined) {
        this.note(call, l10n.t('{0}: the name {1} is not a string literal', registration, this.source.of(nameNode)));
        return;
      }
    }
    // hprose's addFunction('f') looks f up in __main__.
    const fn = fnNode?.name === 'String' && registration !== 'register_function' ? this.moduleFunction(fnNode) : this.callable(fnNode);
    name ??= fn.remoteName;
    if (name === undefined) {
      this.note(call, l10n.t('{0}({1}): the registered name cannot be told without running the file', registration, this.source.of(fnNode)));
      return;
    }
    this.add(call, registration, name, fn);
  }

  private readFunctionList(call: SyntaxNode, registration: string, list: SyntaxNode | undefined, aliases: SyntaxNode | undefined): void {
    const functions = this.listItems(list);
    if (!functions) {
      if (list) this.note(call, l10n.t('{0}({1}): not a list written in this file', registration, this.source.of(list)));
      return;
    }
    const names = aliases ? this.listItems(aliases) : undefined;
    if (aliases && !names) {
      this.note(call, l10n.t('{0}: the aliases {1} are not a list written in this file', registration, this.source.of(aliases)));
      return;
    }
    functions.forEach((fn, i) => this.registerCallable(fn, registration, fn, names?.[i]));
  }

  /** hprose addMethod('name', obj[, alias]). */
  private readHproseMethod(call: SyntaxNode, registration: string, args: Arg[]): void {
    const methodName = this.stringValue(argument(args, 0, 'methodname'));
    if (methodName === undefined) return;
    const aliasNode = argument(args, 2, 'alias');
    const alias = aliasNode ? this.stringValue(aliasNode) : methodName;
    if (alias === undefined) return this.note(call, l10n.t('{0}: the alias {1} is not a string literal', registration, this.source.of(aliasNode)));
    this.add(call, registration, alias, this.memberOf(argument(args, 1, 'belongto'), methodName));
  }

  /** hprose addMethods(['a', 'b'], obj[, aliases | 'prefix']). */
  private readHproseMethods(
    call: SyntaxNode,
    registration: string,
    list: SyntaxNode | undefined,
    owner: SyntaxNode | undefined,
    aliases: SyntaxNode | undefined,
  ): void {
    const methods = this.listItems(list)?.map((item) => this.stringValue(item));
    if (!methods || methods.some((m) => m === undefined)) return this.note(call, l10n.t('{0}: the method names are not a list of strings written in this file', registration));
    const prefix = aliases?.name === 'String' ? this.stringValue(aliases) : undefined;
    const names = prefix !== undefined ? methods.map((m) => `${prefix}_${m}`) : aliases ? this.listItems(aliases)?.map((a) => this.stringValue(a)) : methods;
    if (!names || names.some((n) => n === undefined)) return this.note(call, l10n.t('{0}: the aliases are not a list of strings written in this file', registration));
    methods.forEach((method, i) => this.add(list ? this.listItems(list)![i] : call, registration, names[i]!, this.memberOf(owner, method!)));
  }

  /** hprose addInstanceMethods / addClassMethods / addStaticMethods: the functions the class itself defines. */
  private readHproseClassFunctions(
    call: SyntaxNode,
    registration: string,
    classOrInstance: SyntaxNode | undefined,
    prefixNode: SyntaxNode | undefined,
    kind: 'instance' | 'classmethod' | 'staticmethod',
  ): void {
    const cls = this.classOf(classOrInstance);
    if (!cls) return this.note(call, l10n.t('{0}({1}): its class is not defined in this file', registration, this.source.of(classOrInstance)));
    const prefix = prefixNode ? this.stringValue(prefixNode) : undefined;
    for (const member of this.classMembers(cls).methods) {
      const isClassMethod = member.decorators.includes('classmethod');
      const isStatic = member.decorators.includes('staticmethod');
      const wanted = kind === 'instance' ? !isClassMethod && !isStatic && !member.decorators.includes('property') : kind === 'classmethod' ? isClassMethod : isStatic;
      if (!wanted) continue;
      this.add(call, registration, prefix ? `${prefix}_${member.name}` : member.name, this.describeDef(member.def, !isStatic));
    }
  }

  /** `server` assigned `hprose.HttpServer(…)` (any `…Server(…)` / `…Service(…)`). */
  private isHproseServer(receiver: SyntaxNode | undefined): boolean {
    if (receiver?.name !== 'VariableName') return false;
    const binding = this.resolve(this.source.of(receiver), receiver);
    return binding?.kind === 'assign' && binding.value.name === 'CallExpression' && /(?:Server|Service)$/.test(calledName(binding.value, this.source));
  }

  /** hprose's overloaded add(...): the forms a file can be read for. */
  private readHproseAdd(call: SyntaxNode, args: Arg[]): void {
    const [first, second] = args.filter((a) => a.kind === 'positional').map((a) => a.value);
    if (!first) return;
    const isList = (n: SyntaxNode | undefined) => n?.name === 'ArrayExpression' || n?.name === 'TupleExpression';
    if (isList(first)) {
      if (!second || isList(second)) return this.readFunctionList(call, 'add', first, second);
      return this.readHproseMethods(call, 'add', first, second, undefined);
    }
    if (second?.name === 'String') return this.registerCallable(call, 'add', first, second);
    const binding = first.name === 'VariableName' ? this.resolve(this.source.of(first), first) : undefined;
    if (binding?.kind === 'class') {
      this.readHproseClassFunctions(call, 'add', first, undefined, 'classmethod');
      return this.readHproseClassFunctions(call, 'add', first, undefined, 'staticmethod');
    }
    if (first.name === 'LambdaExpression' || binding?.kind === 'def') return this.registerCallable(call, 'add', first, undefined);
    if (this.classOf(first)) return this.readHproseClassFunctions(call, 'add', first, undefined, 'instance');
    this.note(call, l10n.t('add({0}): what it adds cannot be told without running the file', this.source.of(first)));
  }

  /**
   * register_instance(obj[, allow_dotted_names]): what `system.listMethods` lists (the public methods, or the
   * instance's own `_listMethods()`), and with allow_dotted_names the methods of its attributes, reachable dotted.
   */
  private readInstance(call: SyntaxNode): void {
    const args = this.args(call);
    const instance = argument(args, 0, 'instance');
    const cls = this.classOf(instance);
    if (!cls) return this.note(call, l10n.t('register_instance({0}): its class is not defined in this file, so its methods are not known', this.source.of(instance)));
    const { methods, unknownBases } = this.allMethods(cls);
    for (const base of unknownBases) this.note(call, l10n.t('register_instance: methods {0} inherits from {1} are not known', this.source.of(cls.getChild('VariableName')), base));
    const listMethods = methods.get('_listMethods');
    const dispatch = methods.get('_dispatch');
    if (listMethods) {
      const names = this.returnedStrings(listMethods.def);
      if (!names) return this.note(call, l10n.t('register_instance: the names _listMethods() returns are not a literal list'));
      for (const name of names) {
        const member = dispatch ? undefined : methods.get(name);
        this.add(call, 'register_instance', name, member ? this.describeMember(member) : {});
      }
      return;
    }
    if (dispatch) return this.note(call, l10n.t('register_instance: the instance answers every name through _dispatch(), so its methods are not known'));
    for (const member of methods.values()) {
      if (member.name.startsWith('_') || member.decorators.includes('property')) continue;
      this.add(call, 'register_instance', member.name, this.describeMember(member));
    }
    const dotted = argument(args, 1, 'allow_dotted_names');
    if (dotted && this.source.of(dotted) === 'True') this.addDotted(call, cls, '', new Set([cls.from]));
  }

  private addDotted(call: SyntaxNode, cls: SyntaxNode, prefix: string, seen: Set<number>): void {
    if (seen.size > 4) return;
    for (const [attribute, value] of this.instanceAttributes(cls)) {
      if (attribute.startsWith('_')) continue;
      const attributeClass = this.classOf(value);
      if (!attributeClass || seen.has(attributeClass.from)) continue;
      const { methods } = this.allMethods(attributeClass);
      for (const member of methods.values()) {
        if (member.name.startsWith('_') || member.decorators.includes('property')) continue;
        this.add(call, 'register_instance', `${prefix}${attribute}.${member.name}`, this.describeMember(member), true);
      }
      this.addDotted(call, attributeClass, `${prefix}${attribute}.`, new Set([...seen, attributeClass.from]));
    }
  }

  private add(at: SyntaxNode, registration: string, name: string, fn: Callable, unlisted = false): void {
    this.registered.push(registrationOf(this.source, at, registration, name, fn, unlisted));
  }

  private note(at: SyntaxNode, message: string): void {
    this.notes.push(this.source.noteAt(at, message));
  }

  // ------------------------------------------------------------------------------------------ callables and classes

  private callable(node: SyntaxNode | undefined, depth = 0): Callable {
    if (!node || depth > 5) return {};
    switch (node.name) {
      case 'LambdaExpression':
        return this.describeLambda(node);
      case 'ParenthesizedExpression':
        return this.callable(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'VariableName': {
        const name = this.source.of(node);
        const binding = this.resolve(name, node);
        if (!binding) return { remoteName: name }; // a builtin, or a star import
        switch (binding.kind) {
          case 'def':
            return this.describeDef(binding.node, false);
          case 'class':
            return this.describeClass(binding.node);
          case 'assign': {
            const value = binding.value;
            if (value.name === 'LambdaExpression' || value.name === 'VariableName' || value.name === 'MemberExpression') return this.callable(value, depth + 1);
            return {}; // the result of a call (a partial, a wrapper): its name is not in the source
          }
          case 'import':
            return { remoteName: binding.original.split('.').pop()! };
          default:
            return {}; // a parameter or a loop variable: any function
        }
      }
      case 'MemberExpression': {
        const property = node.lastChild;
        if (property?.name !== 'PropertyName') return {};
        const name = this.source.of(property);
        const cls = this.classOf(node.firstChild ?? undefined);
        const member = cls ? this.allMethods(cls).methods.get(name) : undefined;
        return member ? this.describeMember(member) : { remoteName: name };
      }
      default:
        return {};
    }
  }

  /** hprose's addFunction('name'): the module-level function of that name. */
  private moduleFunction(nameNode: SyntaxNode): Callable {
    const name = this.stringValue(nameNode);
    if (name === undefined) return {};
    const binding = this.bindingsOf(this.tree.topNode).get(name)?.at(-1);
    return binding?.kind === 'def' ? this.describeDef(binding.node, false) : { remoteName: name };
  }

  /** `obj.method` for hprose's addMethod('method', obj). */
  private memberOf(owner: SyntaxNode | undefined, name: string): Callable {
    const cls = this.classOf(owner);
    const member = cls ? this.allMethods(cls).methods.get(name) : undefined;
    return member ? this.describeMember(member) : {};
  }

  private describeMember(member: ClassMember): Callable {
    return this.describeDef(member.def, !member.decorators.includes('staticmethod'));
  }

  /** A def: `bound` drops the first parameter (self, cls) that the instance or class fills in. */
  private describeDef(def: SyntaxNode, bound: boolean): Callable {
    const nameNode = def.getChild('VariableName');
    const localName = this.source.of(nameNode);
    let params = this.params(def.getChild('ParamList'));
    if (bound && params[0]?.kind === 'positional') params = params.slice(1);
    const returns = def.getChild('TypeDef');
    const doc = this.docstring(def.getChild('Body'));
    return {
      remoteName: localName,
      definition: { ...this.source.at((nameNode ?? def).from), localName },
      params,
      ...(returns ? { returns: this.source.of(returns).replace(/^->\s*/, '').trim() } : {}),
      ...(doc !== undefined ? { doc } : {}),
    };
  }

  private describeLambda(lambda: SyntaxNode): Callable {
    return {
      remoteName: '<lambda>',
      definition: { ...this.source.at(lambda.from), localName: '<lambda>' },
      params: this.params(lambda.getChild('ParamList')),
    };
  }

  /** A class registered as a function: called, it runs __init__. */
  private describeClass(cls: SyntaxNode): Callable {
    const nameNode = cls.getChild('VariableName');
    const localName = this.source.of(nameNode);
    const init = this.allMethods(cls).methods.get('__init__');
    const doc = this.docstring(cls.getChild('Body'));
    return {
      remoteName: localName,
      definition: { ...this.source.at((nameNode ?? cls).from), localName },
      ...(init ? { params: this.describeDef(init.def, true).params } : {}),
      ...(doc !== undefined ? { doc } : {}),
    };
  }

  private params(list: SyntaxNode | null): SourceParam[] {
    const out: SourceParam[] = [];
    let keywordOnly = false;
    let current: { name?: string; star?: string; type?: string; default?: string } = {};
    let expectDefault = false;
    const flush = () => {
      if (current.name !== undefined) {
        const kind: SourceParam['kind'] =
          current.star === '*' ? 'var-positional' : current.star === '**' ? 'var-keyword' : keywordOnly ? 'keyword-only' : 'positional';
        out.push({
          name: current.name,
          kind,
          required: (kind === 'positional' || kind === 'keyword-only') && current.default === undefined,
          ...(current.default !== undefined ? { default: current.default } : {}),
          ...(current.type !== undefined ? { type: current.type } : {}),
        });
      }
      if (current.star === '*') keywordOnly = true; // after *args or a bare *, the rest are keyword-only
      current = {};
      expectDefault = false;
    };
    for (const child of childrenOf(list)) {
      if (expectDefault) {
        current.default = this.source.of(child).trim();
        expectDefault = false;
        continue;
      }
      switch (child.name) {
        case ',':
          flush();
          break;
        case '*':
        case '**':
          current.star = child.name;
          break;
        case 'VariableName':
          current.name = this.source.of(child);
          break;
        case 'TypeDef':
          current.type = this.source.of(child).replace(/^:\s*/, '').trim();
          break;
        case 'AssignOp':
          expectDefault = true;
          break;
      }
    }
    flush();
    return out;
  }

  /** The first statement of a body when it is a string: the docstring, cleaned like `inspect.cleandoc`. */
  private docstring(body: SyntaxNode | null): string | undefined {
    const first = childrenOf(body).find((c) => c.name !== ':' && c.name !== 'Comment');
    if (first?.name !== 'ExpressionStatement') return undefined;
    const only = first.firstChild;
    if (!only || only.nextSibling || (only.name !== 'String' && only.name !== 'ContinuedString')) return undefined;
    const value = this.stringValue(only);
    return value === undefined ? undefined : cleanDoc(value);
  }

  /** The class an expression is an instance of (`Calc()`, a variable assigned `Calc()`, `self`), or the class itself. */
  private classOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'CallExpression') return this.classOf(node.firstChild ?? undefined, depth + 1);
    if (node.name !== 'VariableName') return undefined;
    const name = this.source.of(node);
    const binding = this.resolve(name, node);
    if (binding?.kind === 'class') return binding.node;
    if (binding?.kind === 'assign') return this.classOf(binding.value, depth + 1);
    if (binding?.kind === 'other') return this.selfClass(node, name);
    return undefined;
  }

  /** `self` (the first parameter of a method) → the class of that method. */
  private selfClass(node: SyntaxNode, name: string): SyntaxNode | undefined {
    for (let up = node.parent; up; up = up.parent) {
      if (up.name !== 'FunctionDefinition') continue;
      const first = this.params(up.getChild('ParamList'))[0];
      const cls = enclosingClass(up);
      return first?.name === name && cls ? cls : undefined;
    }
    return undefined;
  }

  private classMembers(cls: SyntaxNode): { methods: ClassMember[]; attributes: Map<string, SyntaxNode>; bases: SyntaxNode[] } {
    const methods: ClassMember[] = [];
    const attributes = new Map<string, SyntaxNode>();
    for (const statement of childrenOf(cls.getChild('Body'))) {
      if (statement.name === 'FunctionDefinition') {
        methods.push({ name: this.source.of(statement.getChild('VariableName')), def: statement, decorators: [] });
      } else if (statement.name === 'DecoratedStatement' && statement.lastChild?.name === 'FunctionDefinition') {
        const def = statement.lastChild;
        const decorators = statement.getChildren('Decorator').map((d) => this.source.of(d).replace(/^@\s*/, '').replace(/\(.*$/s, '').trim());
        methods.push({ name: this.source.of(def.getChild('VariableName')), def, decorators });
      } else if (statement.name === 'AssignStatement') {
        for (const [name, value] of this.assignments(statement)) attributes.set(name, value);
      }
    }
    const bases = this.args(cls)
      .filter((a) => a.kind === 'positional')
      .map((a) => a.value);
    return { methods, attributes, bases };
  }

  /** The methods an instance has, its own first, then its bases' (those defined in this file). */
  private allMethods(cls: SyntaxNode, seen = new Set<number>()): { methods: Map<string, ClassMember>; unknownBases: string[] } {
    const methods = new Map<string, ClassMember>();
    const unknownBases: string[] = [];
    if (seen.has(cls.from) || seen.size > 20) return { methods, unknownBases };
    seen.add(cls.from);
    const members = this.classMembers(cls);
    for (const member of members.methods) methods.set(member.name, member); // a later def of the same name replaces
    for (const base of members.bases) {
      const name = this.source.of(base);
      if (name === 'object') continue;
      const baseClass = base.name === 'VariableName' ? this.resolve(name, base) : undefined;
      if (baseClass?.kind !== 'class') {
        unknownBases.push(name);
        continue;
      }
      const inherited = this.allMethods(baseClass.node, seen);
      unknownBases.push(...inherited.unknownBases);
      for (const [key, member] of inherited.methods) if (!methods.has(key)) methods.set(key, member);
    }
    return { methods, unknownBases };
  }

  /** Attributes of instances: class-level assignments and `self.x = …` in __init__. */
  private instanceAttributes(cls: SyntaxNode): Map<string, SyntaxNode> {
    const { methods, attributes } = this.classMembers(cls);
    const found = new Map(attributes);
    const init = methods.find((m) => m.name === '__init__');
    const self = init ? this.params(init.def.getChild('ParamList'))[0]?.name : undefined;
    if (!init || !self) return found;
    this.walkStatements(init.def.getChild('Body'), (statement) => {
      if (statement.name !== 'AssignStatement') return;
      const target = statement.firstChild;
      const value = statement.lastChild;
      if (target?.name !== 'MemberExpression' || !value || value === target) return;
      if (this.source.of(target.firstChild) !== self || target.lastChild?.name !== 'PropertyName') return;
      found.set(this.source.of(target.lastChild), value);
    });
    return found;
  }

  /** `return ['a', 'b']` in a method: the names, when that is all it returns. */
  private returnedStrings(def: SyntaxNode): string[] | undefined {
    let names: string[] | undefined;
    let other = false;
    this.walkStatements(def.getChild('Body'), (statement) => {
      if (statement.name !== 'ReturnStatement') return;
      const value = statement.lastChild;
      const items = value && value.name !== 'return' ? this.listItems(value) : undefined;
      const strings = items?.map((i) => this.stringValue(i));
      if (!strings || strings.some((s) => s === undefined)) other = true;
      else names = strings as string[];
    });
    return other ? undefined : names;
  }

  // ------------------------------------------------------------------------------------------ scopes

  private resolve(name: string, ref: SyntaxNode): Binding | undefined {
    let innermost = true;
    for (let scope = ref.parent; scope; scope = scope.parent) {
      if (!SCOPES.has(scope.name)) continue;
      if (scope.name === 'FunctionDefinition' || scope.name === 'ClassDefinition') {
        // A default value, decorator or base class is evaluated in the enclosing scope.
        const body = scope.getChild('Body');
        if (!body || !isInside(ref, body)) continue;
      }
      // A class body's names are not visible from the functions inside it.
      if (scope.name === 'ClassDefinition' && !innermost) continue;
      innermost = false;
      const seen = bindingSeenAt(this.bindingsOf(scope).get(name), ref.from);
      if (seen) return seen;
    }
    return undefined;
  }

  private bindingsOf(scope: SyntaxNode): Map<string, Binding[]> {
    const key = `${scope.name}@${scope.from}`;
    const cached = this.scopeBindings.get(key);
    if (cached) return cached;
    const bindings = new Map<string, Binding[]>();
    const bind = (name: string, binding: Binding) => addBinding(bindings, name, binding);
    if (scope.name === 'FunctionDefinition' || scope.name === 'LambdaExpression') {
      for (const param of this.params(scope.getChild('ParamList'))) bind(param.name, { kind: 'other', at: scope.from });
    }
    const root = scope.name === 'Script' ? scope : scope.name === 'LambdaExpression' ? null : scope.getChild('Body');
    this.walkStatements(root, (statement) => {
      switch (statement.name) {
        case 'FunctionDefinition':
        case 'ClassDefinition': {
          const kind = statement.name === 'FunctionDefinition' ? 'def' : 'class';
          bind(this.source.of(statement.getChild('VariableName')), { kind, node: statement, at: statement.from });
          break;
        }
        case 'AssignStatement':
          for (const [name, value] of this.assignments(statement)) bind(name, { kind: 'assign', value, at: statement.from });
          for (const name of this.unpackedTargets(statement)) bind(name, { kind: 'other', at: statement.from });
          break;
        case 'ImportStatement':
          for (const item of this.importsOf(statement)) bind(item.local, { kind: 'import', original: item.original, at: statement.from });
          break;
        case 'WithStatement':
        case 'ForStatement':
          for (const target of statement.getChildren('VariableName')) bind(this.source.of(target), { kind: 'other', at: statement.from });
          break;
      }
    });
    this.scopeBindings.set(key, bindings);
    return bindings;
  }

  /**
   * Calls `visit` for each statement of a block and of the blocks nested in it (if, for, with, try, match), not
   * for those inside functions and classes, which are visited themselves but not entered (they are scopes of their own).
   */
  private walkStatements(block: SyntaxNode | null, visit: (statement: SyntaxNode) => void, depth = 0): void {
    if (!block || depth > 100) return;
    for (const child of childrenOf(block)) {
      const statement = child.name === 'DecoratedStatement' ? child.lastChild : child;
      if (!statement) continue;
      visit(statement);
      if (statement.name !== 'FunctionDefinition' && statement.name !== 'ClassDefinition' && /Statement$/.test(statement.name)) {
        this.walkNested(statement, visit, depth + 1);
      }
    }
  }

  private walkNested(node: SyntaxNode, visit: (statement: SyntaxNode) => void, depth: number): void {
    for (const child of childrenOf(node)) {
      if (child.name === 'Body') this.walkStatements(child, visit, depth);
      else if (/Clause$|^MatchBody$/.test(child.name)) this.walkNested(child, visit, depth);
    }
  }

  /** `a = b = value` → a, b with value (annotations `a: int = value` included); unpacking targets are not. */
  private assignments(statement: SyntaxNode): [string, SyntaxNode][] {
    const parts = splitOn(childrenOf(statement), 'AssignOp');
    if (parts.length < 2) return [];
    const value = parts[parts.length - 1][0];
    if (!value) return [];
    const out: [string, SyntaxNode][] = [];
    for (const target of parts.slice(0, -1)) {
      const named = target.filter((n) => n.name !== 'TypeDef');
      if (named.length === 1 && named[0].name === 'VariableName') out.push([this.source.of(named[0]), value]);
    }
    return out;
  }

  /** `host, port = …`: names bound to parts of a value. */
  private unpackedTargets(statement: SyntaxNode): string[] {
    const parts = splitOn(childrenOf(statement), 'AssignOp');
    const names: string[] = [];
    for (const target of parts.slice(0, -1)) {
      const named = target.filter((n) => n.name !== 'TypeDef');
      if (named.length === 1 && named[0].name === 'VariableName') continue;
      for (const node of named) {
        if (node.name === 'VariableName') names.push(this.source.of(node));
        else for (const inner of node.getChildren('VariableName')) names.push(this.source.of(inner));
      }
    }
    return names;
  }

  /** `import a.b as c`, `from m import x as y`: the local name, the name it has in its module, the module. */
  private importsOf(statement: SyntaxNode): { local: string; original: string; module: string }[] {
    const tokens = childrenOf(statement).filter((n) => n.name !== '(' && n.name !== ')' && n.name !== 'Comment');
    const out: { local: string; original: string; module: string }[] = [];
    const dotted = (from: number): { text: string; next: number } => {
      let text = '';
      let i = from;
      for (; i < tokens.length && (tokens[i].name === 'VariableName' || tokens[i].name === '.'); i++) text += this.source.of(tokens[i]);
      return { text, next: i };
    };
    if (tokens[0]?.name === 'from') {
      const module = dotted(1);
      let i = module.next + 1; // after `import`
      while (i < tokens.length) {
        if (tokens[i].name !== 'VariableName') {
          i++;
          continue;
        }
        const original = this.source.of(tokens[i]);
        const aliased = tokens[i + 1]?.name === 'as' && tokens[i + 2]?.name === 'VariableName';
        const local = aliased ? this.source.of(tokens[i + 2]) : original;
        out.push({ local, original, module: module.text });
        i += aliased ? 3 : 1;
      }
      return out;
    }
    let i = 1;
    while (i < tokens.length) {
      const name = dotted(i);
      if (!name.text) {
        i = name.next + 1;
        continue;
      }
      i = name.next;
      const aliased = tokens[i]?.name === 'as' && tokens[i + 1]?.name === 'VariableName';
      out.push({ local: aliased ? this.source.of(tokens[i + 1]) : name.text.split('.')[0], original: name.text, module: name.text });
      i += aliased ? 2 : 0;
      i++; // the comma
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ values

  private args(call: SyntaxNode): Arg[] {
    const tokens = childrenOf(call.getChild('ArgList')).filter((n) => n.name !== '(' && n.name !== ')' && n.name !== 'Comment' && !n.type.isError);
    const out: Arg[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.name === ',') continue;
      if ((token.name === '*' || token.name === '**') && tokens[i + 1]) {
        out.push({ kind: token.name === '*' ? 'star' : 'double-star', value: tokens[++i] });
      } else if (token.name === 'VariableName' && tokens[i + 1]?.name === 'AssignOp' && tokens[i + 2]) {
        out.push({ kind: 'keyword', name: this.source.of(token), value: tokens[i + 2] });
        i += 2;
      } else out.push({ kind: 'positional', value: token });
    }
    return out;
  }

  /** A list or tuple written in the file (or a variable assigned one): its items. */
  private listItems(node: SyntaxNode | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'ArrayExpression' || node.name === 'TupleExpression') {
      return childrenOf(node).filter((n) => !['[', ']', '(', ')', ',', 'Comment'].includes(n.name) && !n.type.isError);
    }
    if (node.name === 'VariableName') {
      const binding = this.resolve(this.source.of(node), node);
      return binding?.kind === 'assign' ? this.listItems(binding.value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** A string literal's value (or a variable's, assigned one); undefined for anything computed. */
  private stringValue(node: SyntaxNode | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'String') return pythonString(this.source.of(node));
    if (node.name === 'ContinuedString') {
      const parts = node.getChildren('String').map((s) => pythonString(this.source.of(s)));
      return parts.some((p) => p === undefined) ? undefined : parts.join('');
    }
    if (node.name === 'VariableName') {
      const binding = this.resolve(this.source.of(node), node);
      return binding?.kind === 'assign' ? this.stringValue(binding.value, depth + 1) : undefined;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------ address

  /** `SimpleXMLRPCServer(('127.0.0.1', 8889))`, `HttpServer(host=…, port=…)`, else an address tuple, else `port=`. */
  private address(): { host?: string; port?: number; portEnv?: string } {
    for (const call of this.calls) {
      const name = calledName(call, this.source);
      if (!/Server$/.test(name)) continue;
      const args = this.args(call);
      const tuple = this.listItems(argument(args, 0, 'addr'));
      if (tuple && tuple.length >= 2) return this.hostAndPort(tuple[0], tuple[1]);
      const port = keyword(args, 'port');
      if (port) return this.hostAndPort(keyword(args, 'host'), port);
    }
    for (const tuple of this.tuples) {
      const items = this.listItems(tuple)!;
      if (items.length !== 2 || items[0].name !== 'String') continue;
      const host = this.stringValue(items[0]);
      if (host === undefined || !HOST_LIKE.test(host)) continue;
      const found = this.hostAndPort(items[0], items[1]);
      if (found.port !== undefined || found.portEnv) return found;
    }
    for (const call of this.calls) {
      const args = this.args(call);
      const port = keyword(args, 'port');
      if (port) return this.hostAndPort(keyword(args, 'host'), port);
      if (calledName(call, this.source) === 'run_simple') return this.hostAndPort(argument(args, 0, 'hostname'), argument(args, 1, 'port'));
    }
    return {};
  }

  private hostAndPort(hostNode: SyntaxNode | undefined, portNode: SyntaxNode | undefined): { host?: string; port?: number; portEnv?: string } {
    const host = this.stringValue(hostNode);
    return { ...(host !== undefined ? { host } : {}), ...this.port(portNode) };
  }

  /** A port expression: a literal, a variable (followed to its assignment), an environment lookup with a default. */
  private port(node: SyntaxNode | undefined, depth = 0): PortValue {
    if (!node || depth > 6) return {};
    switch (node.name) {
      case 'Number':
        return portOfNumber(this.source.of(node));
      case 'String':
        return portOfString(this.stringValue(node));
      case 'VariableName': {
        const binding = this.resolve(this.source.of(node), node);
        return binding?.kind === 'assign' ? this.port(binding.value, depth + 1) : {};
      }
      case 'ParenthesizedExpression':
        return this.port(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'CallExpression': {
        const callee = this.source.of(node.firstChild).replace(/\s+/g, '');
        const args = this.args(node);
        if (/(?:^|\.)environ\.get$|(?:^|\.)getenv$/.test(callee)) {
          const portEnv = this.stringValue(argument(args, 0, 'key'));
          const fallback = this.port(argument(args, 1, 'default'), depth + 1);
          return { ...(fallback.port !== undefined ? { port: fallback.port } : {}), ...(portEnv ? { portEnv } : {}) };
        }
        if (callee === 'int' || callee === 'str' || callee === 'float') return this.port(argument(args, 0), depth + 1);
        return {};
      }
      case 'MemberExpression': {
        // os.environ['PORT']
        const subscript = node.getChild('String');
        if (subscript && /(?:^|\.)environ$/.test(this.source.of(node.firstChild).replace(/\s+/g, ''))) {
          const portEnv = this.stringValue(subscript);
          return portEnv ? { portEnv } : {};
        }
        return {};
      }
      case 'BinaryExpression':
        if (!node.getChild('or')) return {};
        return eitherPort(this.port(node.firstChild ?? undefined, depth + 1), this.port(node.lastChild ?? undefined, depth + 1));
      case 'ConditionalExpression':
        return eitherPort(this.port(node.firstChild ?? undefined, depth + 1), this.port(node.lastChild ?? undefined, depth + 1));
    }
    return {};
  }
}

// ------------------------------------------------------------------------------------------------- helpers

/** `server.register_function(…)` → register_function; `f(…)` → f. */
function calledName(call: SyntaxNode, source: SourceFile): string {
  const callee = call.firstChild;
  if (callee?.name === 'MemberExpression') return callee.lastChild?.name === 'PropertyName' ? source.of(callee.lastChild) : '';
  return callee?.name === 'VariableName' ? source.of(callee) : '';
}

/** Positional argument `index`, else keyword argument `name`; an explicit None counts as left out. */
function argument(args: Arg[], index: number, name?: string): SyntaxNode | undefined {
  const positional = args.filter((a) => a.kind === 'positional');
  const value = positional[index]?.value ?? (name ? keyword(args, name) : undefined);
  return value?.name === 'None' ? undefined : value;
}

function keyword(args: Arg[], name: string): SyntaxNode | undefined {
  const value = args.find((a) => a.kind === 'keyword' && a.name === name)?.value;
  return value?.name === 'None' ? undefined : value;
}

function enclosingClass(def: SyntaxNode): SyntaxNode | undefined {
  let up = def.parent;
  if (up?.name === 'DecoratedStatement') up = up.parent;
  return up?.name === 'Body' && up.parent?.name === 'ClassDefinition' ? up.parent : undefined;
}

function splitOn(nodes: SyntaxNode[], separator: string): SyntaxNode[][] {
  const parts: SyntaxNode[][] = [[]];
  for (const node of nodes) {
    if (node.name === separator) parts.push([]);
    else parts[parts.length - 1].push(node);
  }
  return parts;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** The value of a Python string literal (prefixes r, u, b; not f-strings); undefined when it is not one. */
export function pythonString(raw: string): string | undefined {
  const m = /^([rRuUbB]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m || (m[2].length === 1 && m[3].includes('\n'))) return undefined;
  if (/r/i.test(m[1])) return m[3];
  return m[3].replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (all, escape: string) => {
    if (escape.startsWith('\n') || escape.startsWith('\r')) return '';
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
    return SIMPLE_ESCAPES[escape] ?? all;
  });
}
