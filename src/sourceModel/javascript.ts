/**
 * JavaScript and TypeScript server files, read from their @lezer/javascript syntax tree: npm hprose 2.x
 * (addFunction(s), addMethod(s), addInstanceMethods, add), jayson (the method map of `jayson.server(…)` /
 * `new jayson.Server(…)`, `server.method(…)`), npm xmlrpc (`server.on('name', handler)`) and a bare
 * `http.createServer`. Parameters come from the definition, typed by TypeScript annotations or JSDoc `@param`.
 */
import { l10n } from './messages';
import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/javascript';
import type { Protocol } from '../core/types';
import type { ServerFramework, ServerSourceModel, SourceLanguage, SourceNote, SourceParam } from './model';
import {
  addBinding,
  bindingSeenAt,
  childrenOf,
  cleanDoc,
  eitherPort,
  isPort,
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

const tsParser = parser.configure({ dialect: 'ts' });

export async function scanJavaScript(text: string, file: string, language: 'javascript' | 'typescript'): Promise<ServerSourceModel> {
  const source = new SourceFile(text, file);
  return new JavaScriptReader(source, await parseInSlices(language === 'typescript' ? tsParser : parser, text), language).read();
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);
const SCOPES = new Set(['Script', ...FUNCTIONS]);
/** npm xmlrpc's server events: `server.on(name)` for anything else registers a method. */
const XMLRPC_EVENTS = new Set(['NotFound', 'error', 'listening', 'close', 'connection', 'request', 'clientError', 'upgrade']);
const HPROSE_CALL = /^add(?:Async)?(?:Function|Method|InstanceMethod)s?$/;

type Binding =
  | { kind: 'def'; node: SyntaxNode; at: number }
  | { kind: 'class'; node: SyntaxNode; at: number }
  | { kind: 'assign'; name: SyntaxNode; value: SyntaxNode; statement: SyntaxNode; at: number }
  | { kind: 'import'; original: string; at: number }
  | { kind: 'other'; at: number };

interface Callable extends FunctionFacts {
  /** The name the function has in its source (`function f` → f; '' for an arrow or anonymous function). */
  ownName?: string;
  /** The function node, when it is in this file. */
  node?: SyntaxNode;
}

interface ObjectProperty {
  key: string;
  keyNode: SyntaxNode;
  /** The value expression, or the property itself for a method (`add(args) {…}`). */
  value?: SyntaxNode;
  isMethod: boolean;
}

interface JsDoc {
  description?: string;
  params: Map<string, { type?: string; description?: string; optional: boolean }>;
  returns?: string;
}

class JavaScriptReader {
  private readonly identifiers = new Set<string>();
  private readonly modules: string[] = [];
  private readonly calls: SyntaxNode[] = [];
  private readonly strings: SyntaxNode[] = [];
  private readonly objects: SyntaxNode[] = [];
  private readonly registered: Registered[] = [];
  private readonly notes: SourceNote[] = [];
  private readonly scopeBindings = new Map<string, Map<string, Binding[]>>();

  constructor(
    private readonly source: SourceFile,
    private readonly tree: Tree,
    private readonly language: SourceLanguage,
  ) {}

  read(): ServerSourceModel {
    this.collect();
    const detected = this.detect();
    const has = (framework: ServerFramework) => detected.frameworks.includes(framework);
    for (const call of this.calls) {
      const name = calledName(call, this.source);
      if (has('hprose-node') && call.name === 'CallExpression') this.readHprose(call, name);
      if (has('jayson')) this.readJayson(call, name);
      if (has('xmlrpc-node') && name === 'on' && call.firstChild?.name === 'MemberExpression') this.readXmlrpcHandler(call);
    }
    return modelOf(this.source, this.tree, this.language, {
      detected,
      address: this.address(),
      registered: this.registered,
      names: has('hprose-node') ? 'case-insensitive-first' : 'exact',
      notes: this.notes,
    });
  }

  // ------------------------------------------------------------------------------------------ what the file uses

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
              const specifier = this.stringValue(this.args(ref.node)[0]);
              if (specifier) this.modules.push(specifier);
            }
            break;
          }
          case 'ImportDeclaration': {
            const specifier = this.stringValue(ref.node.getChild('String') ?? undefined);
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
    const found: { name: string; framework: ServerFramework; protocol?: Protocol }[] = [];
    // The library alone is not enough: its client scripts use it too.
    if (uses('hprose') && ([...ids].some((id) => /^(?:Http|Tcp|Socket|WebSocket)?(?:Server|Service)$/.test(id)) || [...callNames].some((n) => HPROSE_CALL.test(n)))) {
      found.push({ name: 'hprose', framework: 'hprose-node', protocol: 'hprose' });
    }
    if (uses('jayson') && (ids.has('server') || ids.has('Server'))) found.push({ name: 'jayson', framework: 'jayson', protocol: 'jsonrpc' });
    if (uses('xmlrpc') && (callNames.has('createServer') || callNames.has('createSecureServer'))) {
      found.push({ name: 'xmlrpc', framework: 'xmlrpc-node', protocol: 'xmlrpc' });
    }
    if (callNames.has('createServer')) found.push({ name: 'http.createServer', framework: 'node-http' });
    const protocols = new Set(found.map((f) => f.protocol).filter((p): p is Protocol => !!p));
    let protocol = protocols.size === 1 ? [...protocols][0] : undefined;
    // A bare http.createServer tells nothing of the protocol; the body it handles sometimes does.
    if (!protocol && found.length > 0 && found.every((f) => !f.protocol)) {
      const words = [...this.strings.map((s) => this.stringValue(s) ?? ''), ...ids];
      if (words.some((w) => w === '2.0' || /jsonrpc/i.test(w))) protocol = 'jsonrpc';
      else if (words.some((w) => /methodCall|methodResponse/.test(w))) protocol = 'xmlrpc';
    }
    return {
      frameworks: [...new Set(found.map((f) => f.framework))],
      markers: found.map((f) => f.name),
      ...(protocol ? { protocol } : {}),
    };
  }

  // ------------------------------------------------------------------------------------------ hprose

  private readHprose(call: SyntaxNode, method: string): void {
    if (call.firstChild?.name !== 'MemberExpression') return;
    const args = this.args(call);
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
        const methods = this.arrayItems(args[0]);
        if (!methods) return this.note(call, l10n.t('{0}: the methods are not an array written in this file', method));
        const aliases = this.isAbsent(args[2]) ? undefined : this.arrayItems(args[2]);
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
    if (!this.isAbsent(aliasNode) && aliasNode?.name !== 'ObjectExpression') {
      name = this.stringValue(aliasNode);
      if (name === undefined) return this.note(call, l10n.t('{0}: the alias {1} is not a string literal', registration, this.source.of(aliasNode)));
    }
    const fn = this.callable(fnNode);
    name ??= fn.ownName;
    if (!name) {
      const why = fn.ownName === '' ? l10n.t('an anonymous or arrow function needs an alias') : l10n.t('the registered name cannot be told without running the file');
      return this.note(call, `${registration}(${this.source.of(fnNode)}): ${why}`);
    }
    this.add(call, registration, name, fn);
  }

  private readFunctionList(call: SyntaxNode, registration: string, list: SyntaxNode | undefined, aliases: SyntaxNode | undefined): void {
    const functions = this.arrayItems(list);
    if (!functions) return this.note(call, l10n.t('{0}: the functions are not an array written in this file', registration));
    const names = this.isAbsent(aliases) || aliases?.name === 'ObjectExpression' ? undefined : this.arrayItems(aliases);
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
    const alias = this.isAbsent(aliasNode) || aliasNode?.name === 'ObjectExpression' ? undefined : this.stringValue(aliasNode);
    const methodName = this.stringValue(methodNode);
    if (methodName !== undefined) {
      this.add(call, registration, alias ?? methodName, this.memberOf(owner, methodName));
      return;
    }
    const fn = this.callable(methodNode);
    // hprose looks an anonymous function up among the object's properties.
    const name = alias ?? (fn.ownName || (methodNode.name === 'MemberExpression' ? this.source.of(methodNode.lastChild) : undefined));
    if (!name) return this.note(call, l10n.t('{0}({1}): the registered name cannot be told without running the file', registration, this.source.of(methodNode)));
    this.add(call, registration, name, fn);
  }

  /** addInstanceMethods(obj[, prefix]): the function-valued enumerable properties (an object literal's, not a class's). */
  private readInstanceMethods(call: SyntaxNode, registration: string, objectNode: SyntaxNode | undefined, prefixNode: SyntaxNode | undefined): void {
    const literal = this.objectOf(objectNode);
    if (!literal) {
      return this.note(call, l10n.t('{0}({1}): not an object literal of this file (class methods are not enumerable, so hprose adds none)', registration, this.source.of(objectNode)));
    }
    const prefix = this.isAbsent(prefixNode) || prefixNode?.name === 'ObjectExpression' ? undefined : this.stringValue(prefixNode);
    for (const property of this.propertiesOf(literal)) {
      const fn = this.propertyCallable(property);
      if (!fn.node && !property.isMethod) continue; // not a function (or not one this file defines)
      this.add(call, registration, prefix ? `${prefix}_${property.key}` : property.key, fn);
    }
  }

  /** `server` assigned `new hprose.HttpService()`, `hprose.Server.create(…)` and the like. */
  private isHproseServer(receiver: SyntaxNode | undefined): boolean {
    if (receiver?.name !== 'VariableName') return false;
    const binding = this.resolve(this.source.of(receiver), receiver);
    return binding?.kind === 'assign' && /(?:Server|Service)\b/.test(this.source.of(calleeOf(binding.value)));
  }

  /** hprose's overloaded add(...): the forms a file can be read for. */
  private readHproseAdd(call: SyntaxNode, args: SyntaxNode[]): void {
    const [first, second] = args;
    if (!first) return;
    if (first.name === 'ArrayExpression') {
      if (!second || second.name === 'ArrayExpression') return this.readFunctionList(call, 'add', first, second);
      for (const method of this.arrayItems(first) ?? []) this.registerMethod(method, 'add', method, second, undefined);
      return;
    }
    if (first.name === 'String') return this.registerFunction(call, 'add', first, second ?? first);
    const fn = this.callable(first);
    if (fn.node) return this.registerFunction(call, 'add', first, second);
    if (this.objectOf(first)) return this.readInstanceMethods(call, 'add', first, second);
    this.note(call, l10n.t('add({0}): what it adds cannot be told without running the file', this.source.of(first)));
  }

  // ------------------------------------------------------------------------------------------ jayson

  private readJayson(call: SyntaxNode, name: string): void {
    const callee = calleeOf(call);
    const args = this.args(call);
    const isConstructor =
      (name === 'server' || name === 'Server') &&
      (callee?.name === 'MemberExpression' || (call.name === 'NewExpression' && callee?.name === 'VariableName') || this.isJaysonImport(callee));
    if (isConstructor || (name === 'methods' && callee?.name === 'MemberExpression')) {
      const map = args[0];
      if (!map || this.isAbsent(map)) return;
      const literal = this.objectOf(map);
      if (!literal) return this.note(call, l10n.t('{0}({1}): the method map is not an object literal of this file', this.source.of(callee), this.source.of(map)));
      const registration = this.source.of(callee).replace(/\s+/g, '');
      for (const property of this.propertiesOf(literal)) this.registerJayson(property.keyNode, registration, property.key, this.propertyCallable(property), property.value);
      for (const spread of literal.getChildren('Property').filter((p) => p.firstChild?.name === 'Spread')) {
        this.note(spread, l10n.t('{0}: the methods it spreads in are not known', this.source.of(spread)));
      }
      return;
    }
    if (name === 'method' && callee?.name === 'MemberExpression' && args.length >= 2) {
      const methodName = this.stringValue(args[0]);
      if (methodName === undefined) return this.note(call, l10n.t('method({0}, …): the name is not a string literal', this.source.of(args[0])));
      this.registerJayson(call, 'method', methodName, this.callable(args[1]), args[1]);
    }
  }

  private isJaysonImport(callee: SyntaxNode | undefined): boolean {
    if (callee?.name !== 'VariableName') return false;
    const binding = this.resolve(this.source.of(callee), callee);
    return binding?.kind === 'import';
  }

  /** jayson calls a method as fn(args, callback): the client's parameters are what `args` destructures, if it does. */
  private registerJayson(at: SyntaxNode, registration: string, name: string, fn: Callable, value: SyntaxNode | undefined): void {
    if (/^rpc\./.test(name)) return this.note(at, l10n.t('{0}: jayson reserves "rpc." names and refuses it', name));
    if (value && /^(?:Number|String|TemplateString|ObjectExpression|ArrayExpression|Boolean|null|RegExp)$/.test(value.name)) {
      return this.note(at, l10n.t('{0}: not a function (jayson refuses it)', name));
    }
    const params = fn.node ? this.destructuredParams(fn.node, 0) : undefined;
    this.add(at, registration, name, { ...fn, params });
  }

  // ------------------------------------------------------------------------------------------ npm xmlrpc

  /** server.on('name', (err, params, callback) => …): the client's parameters are what `params` destructures. */
  private readXmlrpcHandler(call: SyntaxNode): void {
    const [event, handler] = this.args(call);
    const name = this.stringValue(event);
    if (name === undefined || XMLRPC_EVENTS.has(name)) return;
    const fn = this.callable(handler);
    this.add(call, 'on', name, { ...fn, params: fn.node ? this.destructuredParams(fn.node, 1) : undefined });
  }

  // ------------------------------------------------------------------------------------------ functions

  private add(at: SyntaxNode, registration: string, name: string, fn: Callable): void {
    this.registered.push(registrationOf(this.source, at, registration, name, fn));
  }

  private note(at: SyntaxNode, message: string): void {
    this.notes.push(this.source.noteAt(at, message));
  }

  private callable(node: SyntaxNode | undefined, depth = 0): Callable {
    if (!node || depth > 5) return {};
    if (FUNCTIONS.has(node.name)) return this.describeFunction(node);
    switch (node.name) {
      case 'ParenthesizedExpression':
        return this.callable(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'VariableName': {
        const name = this.source.of(node);
        const binding = this.resolve(name, node);
        if (!binding) return { ownName: name }; // a global
        switch (binding.kind) {
          case 'def':
            return this.describeFunction(binding.node);
          case 'assign':
            if (FUNCTIONS.has(binding.value.name)) return this.describeFunction(binding.value, binding.name, binding.statement);
            return this.callable(binding.value, depth + 1);
          case 'import':
            return { ownName: binding.original };
          default:
            return {};
        }
      }
      case 'MemberExpression': {
        const property = node.lastChild;
        if (property?.name !== 'PropertyName') return {};
        const key = this.source.of(property);
        const found = this.memberOf(node.firstChild ?? undefined, key);
        return found.node ? found : { ownName: key };
      }
      case 'NewExpression':
      case 'CallExpression':
        // new jayson.Method(fn[, options])
        if (calledName(node, this.source) === 'Method') return this.callable(this.args(node)[0], depth + 1);
        return {};
      default:
        return {};
    }
  }

  /** `obj.key` where obj is an object literal or an instance of a class of this file. */
  private memberOf(owner: SyntaxNode | undefined, key: string): Callable {
    const literal = this.objectOf(owner);
    if (literal) {
      const property = this.propertiesOf(literal).find((p) => p.key === key);
      return property ? this.propertyCallable(property) : {};
    }
    const cls = this.classOf(owner);
    const method = cls?.getChild('ClassBody')?.getChildren('MethodDeclaration').find((m) => this.source.of(m.getChild('PropertyDefinition')) === key);
    return method ? this.describeFunction(method) : {};
  }

  private propertyCallable(property: ObjectProperty): Callable {
    if (property.isMethod) return this.describeFunction(property.value!);
    if (!property.value) return {};
    // A function written as the value is named by its key; a shorthand `{ sum }` refers to a function written elsewhere.
    const written = property.value.from >= property.keyNode.from && property.value.to <= (property.keyNode.parent?.to ?? 0);
    if (FUNCTIONS.has(property.value.name) && written) return this.describeFunction(property.value, property.keyNode, property.keyNode.parent ?? undefined);
    if (FUNCTIONS.has(property.value.name)) return this.describeFunction(property.value);
    return this.callable(property.value);
  }

  /**
   * A function: `nameNode` is where it is named (the variable or key it is assigned to), `statement` what its doc
   * comment precedes.
   */
  private describeFunction(fn: SyntaxNode, nameNode?: SyntaxNode, statement?: SyntaxNode): Callable {
    const ownNameNode = fn.getChild('VariableDefinition') ?? fn.getChild('PropertyDefinition') ?? fn.getChild('String');
    const ownName = fn.name === 'ArrowFunction' ? '' : ownNameNode ? (this.stringValue(ownNameNode) ?? this.source.of(ownNameNode)) : '';
    const doc = this.jsDoc(statement ?? fn);
    const params = this.params(fn.getChild('ParamList')).map((param) => {
      const documented = doc?.params.get(param.name);
      if (!documented) return param;
      return {
        ...param,
        ...(param.type === undefined && documented.type ? { type: documented.type } : {}),
        ...(documented.description ? { description: documented.description } : {}),
        ...(documented.optional ? { required: false } : {}),
      };
    });
    const returnType = childrenOf(fn).find((c) => c.name === 'TypeAnnotation');
    const returns = returnType ? this.source.of(returnType).replace(/^:\s*/, '').trim() : doc?.returns;
    const where = nameNode ?? ownNameNode ?? fn;
    return {
      ownName,
      node: fn,
      definition: { ...this.source.at(where.from), localName: ownName || (nameNode ? this.source.of(nameNode) : '') },
      params,
      ...(returns ? { returns } : {}),
      ...(doc?.description ? { doc: doc.description } : {}),
    };
  }

  private params(list: SyntaxNode | null): SourceParam[] {
    const out: SourceParam[] = [];
    let current: { name?: string; rest?: boolean; optional?: boolean; type?: string; default?: string } = {};
    let expectDefault = false;
    const flush = () => {
      if (current.name !== undefined) {
        out.push({
          name: current.name,
          kind: current.rest ? 'var-positional' : 'positional',
          required: !current.rest && !current.optional && current.default === undefined,
          ...(current.default !== undefined ? { default: current.default } : {}),
          ...(current.type !== undefined ? { type: current.type } : {}),
        });
      }
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
        case 'Spread':
          current.rest = true;
          break;
        case 'VariableDefinition':
        case 'ObjectPattern':
        case 'ArrayPattern':
          current.name = this.source.of(child).replace(/\s+/g, ' ');
          break;
        case 'Optional':
          current.optional = true;
          break;
        case 'TypeAnnotation':
          current.type = this.source.of(child).replace(/^:\s*/, '').trim();
          break;
        case 'Equals':
          expectDefault = true;
          break;
      }
    }
    flush();
    return out;
  }

  /** The parameters a destructuring pattern in parameter `index` names: `([a, b = 1])` positional, `({ a, b })` by name. */
  private destructuredParams(fn: SyntaxNode, index: number): SourceParam[] | undefined {
    const patterns = childrenOf(fn.getChild('ParamList')).filter((c) => c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern');
    const pattern = patterns[index];
    if (pattern?.name === 'ArrayPattern') return this.params(pattern);
    if (pattern?.name !== 'ObjectPattern') return undefined;
    return pattern.getChildren('PatternProperty').map((property) => {
      const key = property.getChild('PropertyName') ?? property.getChild('VariableDefinition');
      const equals = property.getChild('Equals');
      const fallback = equals?.nextSibling ? this.source.of(equals.nextSibling).trim() : undefined;
      return {
        name: this.source.of(key),
        kind: 'keyword-only' as const,
        required: fallback === undefined,
        ...(fallback !== undefined ? { default: fallback } : {}),
      };
    });
  }

  /** The `/** … *\/` comment right before a declaration (its export, variable declaration or object property). */
  private jsDoc(node: SyntaxNode): JsDoc | undefined {
    let owner = node;
    if (owner.parent && (owner.parent.name === 'ExportDeclaration' || owner.parent.name === 'VariableDeclaration')) owner = owner.parent;
    if (owner.name === 'VariableDeclaration' && owner.parent?.name === 'ExportDeclaration') owner = owner.parent;
    const comment = owner.prevSibling;
    if (comment?.name !== 'BlockComment') return undefined;
    const text = this.source.of(comment);
    return text.startsWith('/**') ? parseJsDoc(text) : undefined;
  }

  // ------------------------------------------------------------------------------------------ objects and classes

  /** An object literal (or a variable assigned one): the ObjectExpression node. */
  private objectOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'ObjectExpression') return node;
    if (node.name === 'ParenthesizedExpression') return this.objectOf(node.firstChild?.nextSibling ?? undefined, depth + 1);
    if (node.name !== 'VariableName') return undefined;
    const binding = this.resolve(this.source.of(node), node);
    return binding?.kind === 'assign' ? this.objectOf(binding.value, depth + 1) : undefined;
  }

  private propertiesOf(literal: SyntaxNode): ObjectProperty[] {
    const out: ObjectProperty[] = [];
    for (const property of literal.getChildren('Property')) {
      const first = property.firstChild;
      if (!first || first.name === 'Spread' || first.name === '[' || first.name === 'get' || first.name === 'set') continue;
      const keyNode = property.getChild('PropertyDefinition') ?? property.getChild('String') ?? property.getChild('Number');
      if (!keyNode) continue;
      const key = keyNode.name === 'String' ? this.stringValue(keyNode) : this.source.of(keyNode);
      if (key === undefined) continue;
      if (property.getChild('ParamList')) {
        out.push({ key, keyNode, value: property, isMethod: true });
        continue;
      }
      const colon = property.getChild(':');
      // `{ echo }` is `{ echo: echo }`: the key node is also the reference.
      out.push({ key, keyNode, value: colon ? (colon.nextSibling ?? undefined) : this.shorthandReference(keyNode), isMethod: false });
    }
    return out;
  }

  /** The value of a shorthand property `{ echo }`: whatever `echo` is bound to where the object is written. */
  private shorthandReference(keyNode: SyntaxNode): SyntaxNode | undefined {
    const binding = this.resolve(this.source.of(keyNode), keyNode);
    if (binding?.kind === 'def') return binding.node;
    if (binding?.kind === 'assign') return binding.value;
    return undefined;
  }

  /** The class of `new K()`, or of a variable assigned one. */
  private classOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'NewExpression') {
      const callee = node.getChild('VariableName');
      const binding = callee ? this.resolve(this.source.of(callee), callee) : undefined;
      return binding?.kind === 'class' ? binding.node : undefined;
    }
    if (node.name !== 'VariableName') return undefined;
    const binding = this.resolve(this.source.of(node), node);
    return binding?.kind === 'assign' ? this.classOf(binding.value, depth + 1) : undefined;
  }

  // ------------------------------------------------------------------------------------------ scopes

  private resolve(name: string, ref: SyntaxNode): Binding | undefined {
    for (let scope = ref.parent; scope; scope = scope.parent) {
      if (!SCOPES.has(scope.name)) continue;
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
    if (scope.name !== 'Script') {
      for (const param of childrenOf(scope.getChild('ParamList'))) {
        if (param.name === 'VariableDefinition') bind(this.source.of(param), { kind: 'other', at: scope.from });
      }
    }
    const visit = (node: SyntaxNode, depth: number): void => {
      if (depth > 100) return;
      for (const child of childrenOf(node)) {
        switch (child.name) {
          case 'FunctionDeclaration': {
            const name = child.getChild('VariableDefinition');
            if (name) bind(this.source.of(name), { kind: 'def', node: child, at: child.from });
            continue;
          }
          case 'ClassDeclaration': {
            const name = child.getChild('VariableDefinition');
            if (name) bind(this.source.of(name), { kind: 'class', node: child, at: child.from });
            continue;
          }
          case 'VariableDeclaration':
            this.declarators(child, bind);
            continue;
          case 'ImportDeclaration':
            this.importBindings(child, bind);
            continue;
        }
        if (/Statement$|^Block$|^ExportDeclaration$|Clause$|^SwitchBody$|^ForSpec$|^ForOfSpec$|^ForInSpec$/.test(child.name)) visit(child, depth + 1);
      }
    };
    const body = scope.name === 'Script' ? scope : scope.getChild('Block');
    if (body) visit(body, 0);
    this.scopeBindings.set(key, bindings);
    return bindings;
  }

  /** `const a = 1, { b } = require('m')`: names with their values (a destructured require is an import). */
  private declarators(declaration: SyntaxNode, bind: (name: string, binding: Binding) => void): void {
    const parts: SyntaxNode[][] = [[]];
    for (const child of childrenOf(declaration)) {
      if (child.name === ',') parts.push([]);
      else if (child.name !== 'const' && child.name !== 'let' && child.name !== 'var' && child.name !== ';') parts[parts.length - 1].push(child);
    }
    for (const part of parts) {
      const target = part[0];
      const equals = part.findIndex((n) => n.name === 'Equals');
      const value = equals >= 0 ? part[equals + 1] : undefined;
      if (!target) continue;
      if (target.name === 'VariableDefinition') {
        const name = this.source.of(target);
        bind(name, value ? { kind: 'assign', name: target, value, statement: declaration, at: declaration.from } : { kind: 'other', at: declaration.from });
        continue;
      }
      const fromModule = value?.name === 'CallExpression' && this.source.of(value.firstChild) === 'require';
      for (const property of target.getChildren('PatternProperty')) {
        const local = property.getChild('VariableDefinition');
        const original = property.getChild('PropertyName') ?? local;
        if (local) bind(this.source.of(local), fromModule ? { kind: 'import', original: this.source.of(original), at: declaration.from } : { kind: 'other', at: declaration.from });
      }
      for (const element of target.getChildren('VariableDefinition')) bind(this.source.of(element), { kind: 'other', at: declaration.from });
    }
  }

  /** `import d, { a as b } from 'm'`, `import * as ns from 'm'`. */
  private importBindings(declaration: SyntaxNode, bind: (name: string, binding: Binding) => void): void {
    for (const local of declaration.getChildren('VariableDefinition')) bind(this.source.of(local), { kind: 'import', original: this.source.of(local), at: declaration.from });
    const group = declaration.getChild('ImportGroup');
    const tokens = childrenOf(group);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].name !== 'VariableDefinition') continue;
      const aliased = tokens[i - 1]?.name === 'as' ? tokens[i - 2] : undefined;
      bind(this.source.of(tokens[i]), { kind: 'import', original: this.source.of(aliased ?? tokens[i]), at: declaration.from });
    }
  }

  // ------------------------------------------------------------------------------------------ values

  private args(call: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (const child of childrenOf(call.getChild('ArgList'))) {
      if (child.name === '(' || child.name === ')' || child.name === ',' || child.type.isError || /Comment$/.test(child.name)) continue;
      if (child.name === 'Spread') break; // the positions after a spread are not known
      out.push(child);
    }
    return out;
  }

  private arrayItems(node: SyntaxNode | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'ArrayExpression') {
      const items = childrenOf(node).filter((c) => c.name !== '[' && c.name !== ']' && c.name !== ',' && !/Comment$/.test(c.name) && !c.type.isError);
      return items.some((i) => i.name === 'Spread') ? undefined : items;
    }
    if (node.name !== 'VariableName') return undefined;
    const binding = this.resolve(this.source.of(node), node);
    return binding?.kind === 'assign' ? this.arrayItems(binding.value, depth + 1) : undefined;
  }

  /** `undefined`, `null` or nothing: an optional argument left out. */
  private isAbsent(node: SyntaxNode | undefined): boolean {
    return !node || node.name === 'null' || this.source.of(node) === 'undefined';
  }

  /** A string literal's value (a template without substitutions included), or a constant's. */
  private stringValue(node: SyntaxNode | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'String') return jsString(this.source.of(node));
    if (node.name === 'TemplateString') return node.getChild('Interpolation') ? undefined : jsString(this.source.of(node));
    if (node.name === 'VariableName') {
      const binding = this.resolve(this.source.of(node), node);
      return binding?.kind === 'assign' ? this.stringValue(binding.value, depth + 1) : undefined;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------ address

  /** `listen(8880)`, `listen(PORT, '127.0.0.1')`, `listen({ port, host })`, `"http://0.0.0.0:8080"`, `port: 8880`. */
  private address(): { host?: string; port?: number; portEnv?: string } {
    for (const call of this.calls) {
      if (calledName(call, this.source) !== 'listen' || call.firstChild?.name !== 'MemberExpression') continue;
      const [first, second] = this.args(call);
      if (!first || FUNCTIONS.has(first.name)) continue;
      const found = first.name === 'ObjectExpression' ? this.addressOf(first) : { ...this.port(first), ...this.host(second) };
      if (found.port !== undefined || found.portEnv) return found;
    }
    for (const node of this.strings) {
      const url = /^(?:https?|tcp|ws):\/\/([^/:\s]+):(\d{1,5})(?:[/?#]|$)/.exec(this.stringValue(node) ?? '');
      if (url && isPort(Number(url[2]))) return { host: url[1], port: Number(url[2]) };
    }
    for (const literal of this.objects) {
      const found = this.addressOf(literal);
      if (found.port !== undefined || found.portEnv) return found;
    }
    return {};
  }

  /** `{ port: 4000, host: 'localhost' }`, `{ port }`. */
  private addressOf(literal: SyntaxNode): { host?: string; port?: number; portEnv?: string } {
    const properties = this.propertiesOf(literal);
    const port = properties.find((p) => p.key === 'port' && !p.isMethod);
    const host = properties.find((p) => p.key === 'host' && !p.isMethod);
    if (!port) return {};
    return { ...this.host(host?.value), ...this.port(port.value) };
  }

  private host(node: SyntaxNode | undefined): { host?: string } {
    const host = this.stringValue(node);
    return host !== undefined ? { host } : {};
  }

  /** A port expression: a literal, a constant, `process.env.PORT` with a fallback. */
  private port(node: SyntaxNode | undefined, depth = 0): PortValue {
    if (!node || depth > 6) return {};
    switch (node.name) {
      case 'Number':
        return portOfNumber(this.source.of(node));
      case 'String':
      case 'TemplateString':
        return portOfString(this.stringValue(node));
      case 'VariableName': {
        const binding = this.resolve(this.source.of(node), node);
        return binding?.kind === 'assign' ? this.port(binding.value, depth + 1) : {};
      }
      case 'ParenthesizedExpression':
        return this.port(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'UnaryExpression':
        return this.source.of(node.firstChild) === '+' ? this.port(node.lastChild ?? undefined, depth + 1) : {};
      case 'CallExpression': {
        const callee = this.source.of(node.firstChild).replace(/\s+/g, '');
        if (/^(?:Number|parseInt|parseFloat|String|Number\.parseInt)$/.test(callee)) return this.port(this.args(node)[0], depth + 1);
        return {};
      }
      case 'MemberExpression': {
        const object = this.source.of(node.firstChild).replace(/\s+/g, '');
        if (object !== 'process.env') return {};
        const key = node.lastChild?.name === 'PropertyName' ? this.source.of(node.lastChild) : this.stringValue(node.getChild('String') ?? undefined);
        return key ? { portEnv: key } : {};
      }
      case 'BinaryExpression': {
        const operator = this.source.of(node.getChild('LogicOp'));
        if (operator === '||' || operator === '??') return eitherPort(this.port(node.firstChild ?? undefined, depth + 1), this.port(node.lastChild ?? undefined, depth + 1));
        if (node.getChild('as')) return this.port(node.firstChild ?? undefined, depth + 1);
        return {};
      }
      case 'ConditionalExpression': {
        const [, consequent, alternate] = childrenOf(node).filter((c) => c.name !== 'LogicOp');
        return eitherPort(this.port(consequent, depth + 1), this.port(alternate, depth + 1));
      }
    }
    return {};
  }
}

// ------------------------------------------------------------------------------------------------- helpers

/** `server.addFunction(…)` → addFunction; `new jayson.Server(…)` → Server; `createServer(…)` → createServer. */
function calledName(call: SyntaxNode, source: SourceFile): string {
  const callee = calleeOf(call);
  if (callee?.name === 'MemberExpression') return callee.lastChild?.name === 'PropertyName' ? source.of(callee.lastChild) : '';
  return callee?.name === 'VariableName' ? source.of(callee) : '';
}

function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  return (call.name === 'NewExpression' ? childrenOf(call).find((c) => c.name !== 'new') : call.firstChild) ?? undefined;
}

const JS_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value of a JavaScript string literal (or a template literal without substitutions). */
export function jsString(raw: string): string | undefined {
  const m = /^(['"`])([\s\S]*)\1$/.exec(raw);
  if (!m) return undefined;
  return m[2].replace(/\\(\r?\n|x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|.)/g, (_all, escape: string) => {
    if (escape.startsWith('\n') || escape.startsWith('\r')) return '';
    if (/^x./.test(escape)) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (/^u\{/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (/^u./.test(escape)) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return JS_ESCAPES[escape] ?? escape;
  });
}

/** A JSDoc comment: its description, `@param {type} name text` (`[name]` optional) and `@returns {type}`. */
export function parseJsDoc(comment: string): JsDoc {
  const body = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\*(?!\/) ?/, ''))
    .join('\n');
  const sections = body.split(/(?:^|\s)(?=@[A-Za-z]+\b)/);
  const description = cleanDoc(sections[0]).trim();
  const doc: JsDoc = { params: new Map(), ...(description ? { description } : {}) };
  for (const section of sections.slice(1)) {
    const tag = /^@([A-Za-z]+)\s*/.exec(section)!;
    let rest = section.slice(tag[0].length);
    let type: string | undefined;
    if (rest.startsWith('{')) {
      const end = closingBrace(rest);
      if (end < 0) continue;
      type = rest.slice(1, end).trim();
      rest = rest.slice(end + 1).trimStart();
    }
    if (tag[1] === 'returns' || tag[1] === 'return') {
      if (type) doc.returns = type;
      continue;
    }
    if (tag[1] !== 'param' && tag[1] !== 'arg' && tag[1] !== 'argument') continue;
    const named = /^(\[([^\]=]+)(?:=[^\]]*)?\]|[\w$]+)\s*(?:-\s+)?([\s\S]*)$/.exec(rest);
    if (!named) continue;
    const name = (named[2] ?? named[1]).trim();
    const text = named[3].replace(/\s+/g, ' ').trim();
    doc.params.set(name, { ...(type ? { type } : {}), ...(text ? { description: text } : {}), optional: named[2] !== undefined });
  }
  return doc;
}

function closingBrace(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
