/**
 * Python registrations: xmlrpc.server (register_function, its decorator form, register_instance, introspection and
 * multicall), hprose 2.x (addFunction(s), addMethod(s), add*Methods, add) and JSON-RPC libraries (jsonrpcserver's
 * @method, json-rpc's dispatcher.add_method, flask-jsonrpc).
 */
import type { SyntaxNode } from '@lezer/common';
import { l10n } from '../messages';
import type { RegistrationLog } from '../registrations';
import type { PythonCallables } from './callables';
import type { PythonClasses } from './classes';
import { argument, calledName, positionalValues, type Arg } from './syntax';
import type { PythonValues } from './values';

/** The libraries whose registrations are read beyond xmlrpc.server's. */
export interface PythonLibraries {
  hprose: boolean;
  jsonrpc: boolean;
}

export class PythonRegistrations {
  private readonly classes: PythonClasses;

  constructor(
    private readonly values: PythonValues,
    private readonly callables: PythonCallables,
    private readonly log: RegistrationLog,
    private readonly uses: PythonLibraries,
    /** The module: where hprose's addFunction('name') looks the name up. */
    private readonly script: SyntaxNode,
  ) {
    this.classes = callables.classes;
  }

  /** Every registration of the file: calls, decorators, the served instance, then the library's own functions. */
  readAll(calls: SyntaxNode[], decorated: SyntaxNode[]): void {
    const source = this.values.source;
    const instances = new Map<string, SyntaxNode>();
    const system: { call: SyntaxNode; names: [string, string[]][] }[] = [];
    for (const call of calls) {
      const method = calledName(call, source);
      if (method === 'register_instance') instances.set(source.of(call.firstChild?.firstChild), call); // the last one is the one served
      else if (method === 'register_introspection_functions') {
        system.push({ call, names: [['system.listMethods', []], ['system.methodHelp', ['method_name']], ['system.methodSignature', ['method_name']]] });
      } else if (method === 'register_multicall_functions') system.push({ call, names: [['system.multicall', ['calls']]] });
      else this.readCall(call, method);
    }
    for (const statement of decorated) this.readDecorated(statement);
    for (const call of instances.values()) this.readInstance(call);
    // The library's own functions come after the file's, where a task's detail line does not hide the file's names.
    let order = source.text.length;
    for (const { call, names } of system) {
      for (const [name, params] of names) {
        this.log.registered.push({
          name,
          registration: calledName(call, source),
          registeredAt: source.at(call.from),
          params: params.map((p) => ({ name: p, kind: 'positional', required: true })),
          at: ++order,
        });
      }
    }
  }

  private readCall(call: SyntaxNode, method: string): void {
    if (call.firstChild?.name !== 'MemberExpression') return;
    const args = this.values.args(call);
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
    if (!this.uses.hprose) return;
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
      const parts = decorator.getChildren('VariableName').map((n) => this.values.source.of(n));
      const last = parts[parts.length - 1];
      const registers = last === 'register_function' || (this.uses.jsonrpc && (last === 'method' || last === 'add_method'));
      if (!registers) continue;
      const args = this.values.args(decorator);
      const nameNode = argument(args, 0, 'name');
      let name: string | undefined;
      if (nameNode) {
        name = this.values.stringValue(nameNode);
        if (name === undefined) {
          this.log.note(decorator, l10n.t('@{0}: the name {1} is not a string literal', parts.join('.'), this.values.source.of(nameNode)));
          continue;
        }
      }
      // The decorated function is registered as it is: a def in a class body is a plain function here, self included.
      const fn = target.name === 'FunctionDefinition' ? this.callables.describeDef(target, false) : this.callables.describeClass(target);
      this.log.add(decorator, `@${last}`, name ?? fn.remoteName!, fn);
    }
  }

  /** register_function(f[, name]), addFunction(f[, alias]), add_method(f[, name]). */
  private registerCallable(call: SyntaxNode, registration: string, fnNode: SyntaxNode | undefined, nameNode: SyntaxNode | undefined): void {
    let name: string | undefined;
    if (nameNode) {
      name = this.values.stringValue(nameNode);
      if (name === undefined) {
        this.log.note(call, l10n.t('{0}: the name {1} is not a string literal', registration, this.values.source.of(nameNode)));
        return;
      }
    }
    // hprose's addFunction('f') looks f up in __main__.
    const fn = fnNode?.name === 'String' && registration !== 'register_function' ? this.callables.moduleFunction(fnNode, this.script) : this.callables.callable(fnNode);
    name ??= fn.remoteName;
    if (name === undefined) {
      this.log.note(call, l10n.t('{0}({1}): the registered name cannot be told without running the file', registration, this.values.source.of(fnNode)));
      return;
    }
    this.log.add(call, registration, name, fn);
  }

  private readFunctionList(call: SyntaxNode, registration: string, list: SyntaxNode | undefined, aliases: SyntaxNode | undefined): void {
    const functions = this.values.listItems(list);
    if (!functions) {
      if (list) this.log.note(call, l10n.t('{0}({1}): not a list written in this file', registration, this.values.source.of(list)));
      return;
    }
    const names = aliases ? this.values.listItems(aliases) : undefined;
    if (aliases && !names) {
      this.log.note(call, l10n.t('{0}: the aliases {1} are not a list written in this file', registration, this.values.source.of(aliases)));
      return;
    }
    functions.forEach((fn, i) => this.registerCallable(fn, registration, fn, names?.[i]));
  }

  /** hprose addMethod('name', obj[, alias]). */
  private readHproseMethod(call: SyntaxNode, registration: string, args: Arg[]): void {
    const methodName = this.values.stringValue(argument(args, 0, 'methodname'));
    if (methodName === undefined) return;
    const aliasNode = argument(args, 2, 'alias');
    const alias = aliasNode ? this.values.stringValue(aliasNode) : methodName;
    if (alias === undefined) return this.log.note(call, l10n.t('{0}: the alias {1} is not a string literal', registration, this.values.source.of(aliasNode)));
    this.log.add(call, registration, alias, this.callables.memberOf(argument(args, 1, 'belongto'), methodName));
  }

  /** hprose addMethods(['a', 'b'], obj[, aliases | 'prefix']). */
  private readHproseMethods(
    call: SyntaxNode,
    registration: string,
    list: SyntaxNode | undefined,
    owner: SyntaxNode | undefined,
    aliases: SyntaxNode | undefined,
  ): void {
    const methods = this.values.listItems(list)?.map((item) => this.values.stringValue(item));
    if (!methods || methods.some((m) => m === undefined)) return this.log.note(call, l10n.t('{0}: the method names are not a list of strings written in this file', registration));
    const prefix = aliases?.name === 'String' ? this.values.stringValue(aliases) : undefined;
    const names = prefix !== undefined ? methods.map((m) => `${prefix}_${m}`) : aliases ? this.values.listItems(aliases)?.map((a) => this.values.stringValue(a)) : methods;
    if (!names || names.some((n) => n === undefined)) return this.log.note(call, l10n.t('{0}: the aliases are not a list of strings written in this file', registration));
    methods.forEach((method, i) => this.log.add(list ? this.values.listItems(list)![i] : call, registration, names[i]!, this.callables.memberOf(owner, method!)));
  }

  /** hprose addInstanceMethods / addClassMethods / addStaticMethods: the functions the class itself defines. */
  private readHproseClassFunctions(
    call: SyntaxNode,
    registration: string,
    classOrInstance: SyntaxNode | undefined,
    prefixNode: SyntaxNode | undefined,
    kind: 'instance' | 'classmethod' | 'staticmethod',
  ): void {
    const cls = this.classes.classOf(classOrInstance);
    if (!cls) return this.log.note(call, l10n.t('{0}({1}): its class is not defined in this file', registration, this.values.source.of(classOrInstance)));
    const prefix = prefixNode ? this.values.stringValue(prefixNode) : undefined;
    for (const member of this.classes.members(cls).methods) {
      const isClassMethod = member.decorators.includes('classmethod');
      const isStatic = member.decorators.includes('staticmethod');
      const wanted = kind === 'instance' ? !isClassMethod && !isStatic && !member.decorators.includes('property') : kind === 'classmethod' ? isClassMethod : isStatic;
      if (!wanted) continue;
      this.log.add(call, registration, prefix ? `${prefix}_${member.name}` : member.name, this.callables.describeDef(member.def, !isStatic));
    }
  }

  /** `server` assigned `hprose.HttpServer(…)` (any `…Server(…)` / `…Service(…)`). */
  private isHproseServer(receiver: SyntaxNode | undefined): boolean {
    if (receiver?.name !== 'VariableName') return false;
    const binding = this.values.scopes.resolve(this.values.source.of(receiver), receiver);
    return binding?.kind === 'assign' && binding.value.name === 'CallExpression' && /(?:Server|Service)$/.test(calledName(binding.value, this.values.source));
  }

  /** hprose's overloaded add(...): the forms a file can be read for. */
  private readHproseAdd(call: SyntaxNode, args: Arg[]): void {
    const [first, second] = positionalValues(args);
    if (!first) return;
    const isList = (n: SyntaxNode | undefined) => n?.name === 'ArrayExpression' || n?.name === 'TupleExpression';
    if (isList(first)) {
      if (!second || isList(second)) return this.readFunctionList(call, 'add', first, second);
      return this.readHproseMethods(call, 'add', first, second, undefined);
    }
    if (second?.name === 'String') return this.registerCallable(call, 'add', first, second);
    const binding = first.name === 'VariableName' ? this.values.scopes.resolve(this.values.source.of(first), first) : undefined;
    if (binding?.kind === 'class') {
      this.readHproseClassFunctions(call, 'add', first, undefined, 'classmethod');
      return this.readHproseClassFunctions(call, 'add', first, undefined, 'staticmethod');
    }
    if (first.name === 'LambdaExpression' || binding?.kind === 'def') return this.registerCallable(call, 'add', first, undefined);
    if (this.classes.classOf(first)) return this.readHproseClassFunctions(call, 'add', first, undefined, 'instance');
    this.log.note(call, l10n.t('add({0}): what it adds cannot be told without running the file', this.values.source.of(first)));
  }

  /**
   * register_instance(obj[, allow_dotted_names]): what `system.listMethods` lists (the public methods, or the
   * instance's own `_listMethods()`), and with allow_dotted_names the methods of its attributes, reachable dotted.
   */
  private readInstance(call: SyntaxNode): void {
    const args = this.values.args(call);
    const instance = argument(args, 0, 'instance');
    const cls = this.classes.classOf(instance);
    if (!cls) return this.log.note(call, l10n.t('register_instance({0}): its class is not defined in this file, so its methods are not known', this.values.source.of(instance)));
    const { methods, unknownBases } = this.classes.allMethods(cls);
    for (const base of unknownBases) this.log.note(call, l10n.t('register_instance: methods {0} inherits from {1} are not known', this.values.source.of(cls.getChild('VariableName')), base));
    const listMethods = methods.get('_listMethods');
    const dispatch = methods.get('_dispatch');
    if (listMethods) {
      const names = this.classes.returnedStrings(listMethods.def);
      if (!names) return this.log.note(call, l10n.t('register_instance: the names _listMethods() returns are not a literal list'));
      for (const name of names) {
        const member = dispatch ? undefined : methods.get(name);
        this.log.add(call, 'register_instance', name, member ? this.callables.describeMember(member) : {});
      }
      return;
    }
    if (dispatch) return this.log.note(call, l10n.t('register_instance: the instance answers every name through _dispatch(), so its methods are not known'));
    for (const member of methods.values()) {
      if (member.name.startsWith('_') || member.decorators.includes('property')) continue;
      this.log.add(call, 'register_instance', member.name, this.callables.describeMember(member));
    }
    const dotted = argument(args, 1, 'allow_dotted_names');
    if (dotted && this.values.source.of(dotted) === 'True') this.addDotted(call, cls, '', new Set([cls.from]));
  }

  private addDotted(call: SyntaxNode, cls: SyntaxNode, prefix: string, seen: Set<number>): void {
    if (seen.size > 4) return;
    for (const [attribute, value] of this.classes.instanceAttributes(cls)) {
      if (attribute.startsWith('_')) continue;
      const attributeClass = this.classes.classOf(value);
      if (!attributeClass || seen.has(attributeClass.from)) continue;
      const { methods } = this.classes.allMethods(attributeClass);
      for (const member of methods.values()) {
        if (member.name.startsWith('_') || member.decorators.includes('property')) continue;
        this.log.add(call, 'register_instance', `${prefix}${attribute}.${member.name}`, this.callables.describeMember(member), true);
      }
      this.addDotted(call, attributeClass, `${prefix}${attribute}.`, new Set([...seen, attributeClass.from]));
    }
  }
}
