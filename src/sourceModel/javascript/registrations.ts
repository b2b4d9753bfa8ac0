/**
 * JavaScript registrations: npm hprose 2.x (addFunction(s), addMethod(s), addInstanceMethods, add), jayson (the
 * method map of `jayson.server(…)` / `new jayson.Server(…)`, `server.method(…)`) and npm xmlrpc
 * (`server.on('name', handler)`).
 */
import type { SyntaxNode } from '@lezer/common';
import { l10n } from '../messages';
import type { ServerFramework } from '../model';
import type { RegistrationLog } from '../registrations';
import type { Callable, JavaScriptFunctions } from './functions';
import { calledName, calleeOf } from './syntax';
import type { JavaScriptValues } from './values';

/** npm xmlrpc's server events: `server.on(name)` for anything else registers a method. */
const XMLRPC_EVENTS = new Set(['NotFound', 'error', 'listening', 'close', 'connection', 'request', 'clientError', 'upgrade']);

export class JavaScriptRegistrations {
  constructor(
    private readonly values: JavaScriptValues,
    private readonly functions: JavaScriptFunctions,
    private readonly log: RegistrationLog,
  ) {}

  /** What each call registers, read for the libraries the file uses. */
  readAll(calls: SyntaxNode[], frameworks: ServerFramework[]): void {
    const has = (framework: ServerFramework) => frameworks.includes(framework);
    for (const call of calls) {
      const name = calledName(call, this.values.source);
      if (has('hprose-node') && call.name === 'CallExpression') this.readHprose(call, name);
      if (has('jayson')) this.readJayson(call, name);
      if (has('xmlrpc-node') && name === 'on' && call.firstChild?.name === 'MemberExpression') this.readXmlrpcHandler(call);
    }
  }

  private readHprose(call: SyntaxNode, method: string): void {
    if (call.firstChild?.name !== 'MemberExpression') return;
    const args = this.values.args(call);
    switch (method) {
      case 'addFunction':
      case 'addAsyncFunction':
        return this.registerFunction(call, method, args[0], args[1]);
      case 'addFunctions':
      case 'addAsyncFunctions':
        return this.readFunctionList(call, method, args[0], args[1]);
      case 'addMethod':
      case 'addAsyncMethod':
        return this.registerMethod(call, method, args[0], args[1], args[2]);
      case 'addMethods':
      case 'addAsyncMethods': {
        const methods = this.values.arrayItems(args[0]);
        if (!methods) return this.log.note(call, l10n.t('{0}: the methods are not an array written in this file', method));
        const aliases = this.values.isAbsent(args[2]) ? undefined : this.values.arrayItems(args[2]);
        methods.forEach((m, i) => this.registerMethod(m, method, m, args[1], aliases?.[i]));
        return;
      }
      case 'addInstanceMethods':
      case 'addAsyncInstanceMethods':
        return this.readInstanceMethods(call, method, args[0], args[1]);
      case 'add':
        // `add` is every Set's method too: only a receiver made by an hprose server constructor counts.
        if (this.isHproseServer(call.firstChild.firstChild ?? undefined)) this.readHproseAdd(call, args);
        return;
    }
  }

  /** addFunction(f[, alias]): without an alias, hprose names it by the function's own source name. */
  private registerFunction(call: SyntaxNode, registration: string, fnNode: SyntaxNode | undefined, aliasNode: SyntaxNode | undefined): void {
    if (!fnNode) return;
    let name: string | undefined;
    if (!this.values.isAbsent(aliasNode) && aliasNode?.name !== 'ObjectExpression') {
      name = this.values.stringValue(aliasNode);
      if (name === undefined) return this.log.note(call, l10n.t('{0}: the alias {1} is not a string literal', registration, this.values.source.of(aliasNode)));
    }
    const fn = this.functions.callable(fnNode);
    name ??= fn.ownName;
    if (!name) {
      const why = fn.ownName === '' ? l10n.t('an anonymous or arrow function needs an alias') : l10n.t('the registered name cannot be told without running the file');
      return this.log.note(call, `${registration}(${this.values.source.of(fnNode)}): ${why}`);
    }
    this.log.add(call, registration, name, fn);
  }

  private readFunctionList(call: SyntaxNode, registration: string, list: SyntaxNode | undefined, aliases: SyntaxNode | undefined): void {
    const functions = this.values.arrayItems(list);
    if (!functions) return this.log.note(call, l10n.t('{0}: the functions are not an array written in this file', registration));
    const names = this.values.isAbsent(aliases) || aliases?.name === 'ObjectExpression' ? undefined : this.values.arrayItems(aliases);
    functions.forEach((fn, i) => this.registerFunction(fn, registration, fn, names?.[i]));
  }

  /** addMethod('name' | fn, obj[, alias]). */
  private registerMethod(
    call: SyntaxNode,
    registration: string,
    methodNode: SyntaxNode | undefined,
    owner: SyntaxNode | undefined,
    aliasNode: SyntaxNode | undefined,
  ): void {
    if (!methodNode) return;
    const alias = this.values.isAbsent(aliasNode) || aliasNode?.name === 'ObjectExpression' ? undefined : this.values.stringValue(aliasNode);
    const methodName = this.values.stringValue(methodNode);
    if (methodName !== undefined) {
      this.log.add(call, registration, alias ?? methodName, this.functions.memberOf(owner, methodName));
      return;
    }
    const fn = this.functions.callable(methodNode);
    // hprose looks an anonymous function up among the object's properties.
    const name = alias ?? (fn.ownName || (methodNode.name === 'MemberExpression' ? this.values.source.of(methodNode.lastChild) : undefined));
    if (!name) return this.log.note(call, l10n.t('{0}({1}): the registered name cannot be told without running the file', registration, this.values.source.of(methodNode)));
    this.log.add(call, registration, name, fn);
  }

  /** addInstanceMethods(obj[, prefix]): the function-valued enumerable properties (an object literal's, not a class's). */
  private readInstanceMethods(call: SyntaxNode, registration: string, objectNode: SyntaxNode | undefined, prefixNode: SyntaxNode | undefined): void {
    const literal = this.values.objectOf(objectNode);
    if (!literal) {
      return this.log.note(call, l10n.t('{0}({1}): not an object literal of this file (class methods are not enumerable, so hprose adds none)', registration, this.values.source.of(objectNode)));
    }
    const prefix = this.values.isAbsent(prefixNode) || prefixNode?.name === 'ObjectExpression' ? undefined : this.values.stringValue(prefixNode);
    for (const property of this.values.propertiesOf(literal)) {
      const fn = this.functions.propertyCallable(property);
      if (!fn.node && !property.isMethod) continue; // not a function (or not one this file defines)
      this.log.add(call, registration, prefix ? `${prefix}_${property.key}` : property.key, fn);
    }
  }

  /** `server` assigned `new hprose.HttpService()`, `hprose.Server.create(…)` and the like. */
  private isHproseServer(receiver: SyntaxNode | undefined): boolean {
    if (receiver?.name !== 'VariableName') return false;
    const binding = this.values.scopes.resolve(this.values.source.of(receiver), receiver);
    return binding?.kind === 'assign' && /(?:Server|Service)\b/.test(this.values.source.of(calleeOf(binding.value)));
  }

  /** hprose's overloaded add(...): the forms a file can be read for. */
  private readHproseAdd(call: SyntaxNode, args: SyntaxNode[]): void {
    const [first, second] = args;
    if (!first) return;
    if (first.name === 'ArrayExpression') {
      if (!second || second.name === 'ArrayExpression') return this.readFunctionList(call, 'add', first, second);
      for (const method of this.values.arrayItems(first) ?? []) this.registerMethod(method, 'add', method, second, undefined);
      return;
    }
    if (first.name === 'String') return this.registerFunction(call, 'add', first, second ?? first);
    const fn = this.functions.callable(first);
    if (fn.node) return this.registerFunction(call, 'add', first, second);
    if (this.values.objectOf(first)) return this.readInstanceMethods(call, 'add', first, second);
    this.log.note(call, l10n.t('add({0}): what it adds cannot be told without running the file', this.values.source.of(first)));
  }

  private readJayson(call: SyntaxNode, name: string): void {
    const callee = calleeOf(call);
    const args = this.values.args(call);
    const isConstructor =
      (name === 'server' || name === 'Server') &&
      (callee?.name === 'MemberExpression' || (call.name === 'NewExpression' && callee?.name === 'VariableName') || this.isJaysonImport(callee));
    if (isConstructor || (name === 'methods' && callee?.name === 'MemberExpression')) {
      const map = args[0];
      if (!map || this.values.isAbsent(map)) return;
      const literal = this.values.objectOf(map);
      if (!literal) return this.log.note(call, l10n.t('{0}({1}): the method map is not an object literal of this file', this.values.source.of(callee), this.values.source.of(map)));
      const registration = this.values.source.of(callee).replace(/\s+/g, '');
      for (const property of this.values.propertiesOf(literal)) this.registerJayson(property.keyNode, registration, property.key, this.functions.propertyCallable(property), property.value);
      for (const spread of literal.getChildren('Property').filter((p) => p.firstChild?.name === 'Spread')) {
        this.log.note(spread, l10n.t('{0}: the methods it spreads in are not known', this.values.source.of(spread)));
      }
      return;
    }
    if (name === 'method' && callee?.name === 'MemberExpression' && args.length >= 2) {
      const methodName = this.values.stringValue(args[0]);
      if (methodName === undefined) return this.log.note(call, l10n.t('method({0}, …): the name is not a string literal', this.values.source.of(args[0])));
      this.registerJayson(call, 'method', methodName, this.functions.callable(args[1]), args[1]);
    }
  }

  private isJaysonImport(callee: SyntaxNode | undefined): boolean {
    if (callee?.name !== 'VariableName') return false;
    const binding = this.values.scopes.resolve(this.values.source.of(callee), callee);
    return binding?.kind === 'import';
  }

  /** jayson calls a method as fn(args, callback): the client's parameters are what `args` destructures, if it does. */
  private registerJayson(at: SyntaxNode, registration: string, name: string, fn: Callable, value: SyntaxNode | undefined): void {
    if (/^rpc\./.test(name)) return this.log.note(at, l10n.t('{0}: jayson reserves "rpc." names and refuses it', name));
    if (value && /^(?:Number|String|TemplateString|ObjectExpression|ArrayExpression|Boolean|null|RegExp)$/.test(value.name)) {
      return this.log.note(at, l10n.t('{0}: not a function (jayson refuses it)', name));
    }
    const params = fn.node ? this.functions.destructuredParams(fn.node, 0) : undefined;
    this.log.add(at, registration, name, { ...fn, params });
  }

  /** server.on('name', (err, params, callback) => …): the client's parameters are what `params` destructures. */
  private readXmlrpcHandler(call: SyntaxNode): void {
    const [event, handler] = this.values.args(call);
    const name = this.values.stringValue(event);
    if (name === undefined || XMLRPC_EVENTS.has(name)) return;
    const fn = this.functions.callable(handler);
    this.log.add(call, 'on', name, { ...fn, params: fn.node ? this.functions.destructuredParams(fn.node, 1) : undefined });
  }
}
