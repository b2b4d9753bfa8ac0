/**
 * What a registered JavaScript function is: a declaration, an expression, an arrow, a method of an object literal or
 * of a class; its parameters, typed by TypeScript annotations or JSDoc `@param`.
 */
import type { SyntaxNode } from '@lezer/common';
import type { SourceParam } from '../model';
import { readParamList, sourceParam, type ParamParts } from '../params';
import type { FunctionFacts } from '../registrations';
import { childrenOf } from '../syntax';
import { parseJsDoc, type JsDoc } from './jsDoc';
import { calledName, FUNCTIONS } from './syntax';
import type { JavaScriptValues, ObjectProperty } from './values';

export interface Callable extends FunctionFacts {
  /** The name the function has in its source (`function f` → f; '' for an arrow or anonymous function). */
  ownName?: string;
  /** The function node, when it is in this file. */
  node?: SyntaxNode;
}

export class JavaScriptFunctions {
  constructor(private readonly values: JavaScriptValues) {}

  callable(node: SyntaxNode | undefined, depth = 0): Callable {
    if (!node || depth > 5) return {};
    if (FUNCTIONS.has(node.name)) return this.describeFunction(node);
    switch (node.name) {
      case 'ParenthesizedExpression':
        return this.callable(node.firstChild?.nextSibling ?? undefined, depth + 1);
      case 'VariableName': {
        const name = this.values.source.of(node);
        const binding = this.values.scopes.resolve(name, node);
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
        const key = this.values.source.of(property);
        const found = this.memberOf(node.firstChild ?? undefined, key);
        return found.node ? found : { ownName: key };
      }
      case 'NewExpression':
      case 'CallExpression':
        // new jayson.Method(fn[, options])
        if (calledName(node, this.values.source) === 'Method') return this.callable(this.values.args(node)[0], depth + 1);
        return {};
      default:
        return {};
    }
  }

  /** `obj.key` where obj is an object literal or an instance of a class of this file. */
  memberOf(owner: SyntaxNode | undefined, key: string): Callable {
    const literal = this.values.objectOf(owner);
    if (literal) {
      const property = this.values.propertiesOf(literal).find((p) => p.key === key);
      return property ? this.propertyCallable(property) : {};
    }
    const cls = this.values.classOf(owner);
    const method = cls?.getChild('ClassBody')?.getChildren('MethodDeclaration').find((m) => this.values.source.of(m.getChild('PropertyDefinition')) === key);
    return method ? this.describeFunction(method) : {};
  }

  propertyCallable(property: ObjectProperty): Callable {
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
    const ownName = fn.name === 'ArrowFunction' ? '' : ownNameNode ? (this.values.stringValue(ownNameNode) ?? this.values.source.of(ownNameNode)) : '';
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
    const returns = returnType ? this.values.source.of(returnType).replace(/^:\s*/, '').trim() : doc?.returns;
    const where = nameNode ?? ownNameNode ?? fn;
    return {
      ownName,
      node: fn,
      definition: { ...this.values.source.at(where.from), localName: ownName || (nameNode ? this.values.source.of(nameNode) : '') },
      params,
      ...(returns ? { returns } : {}),
      ...(doc?.description ? { doc: doc.description } : {}),
    };
  }

  private params(list: SyntaxNode | null): SourceParam[] {
    const source = this.values.source;
    return readParamList<ParamParts & { rest?: boolean; optional?: boolean }>(
      source,
      list,
      'Equals',
      (token, current) => {
        if (token.name === 'Spread') current.rest = true;
        else if (token.name === 'VariableDefinition' || token.name === 'ObjectPattern' || token.name === 'ArrayPattern') current.name = source.of(token).replace(/\s+/g, ' ');
        else if (token.name === 'Optional') current.optional = true;
        else if (token.name === 'TypeAnnotation') current.type = source.of(token).replace(/^:\s*/, '').trim();
      },
      (current) =>
        current.name === undefined
          ? undefined
          : sourceParam(current.name, current.rest ? 'var-positional' : 'positional', !current.rest && !current.optional && current.default === undefined, current),
    );
  }

  /** The parameters a destructuring pattern in parameter `index` names: `([a, b = 1])` positional, `({ a, b })` by name. */
  destructuredParams(fn: SyntaxNode, index: number): SourceParam[] | undefined {
    const patterns = childrenOf(fn.getChild('ParamList')).filter((c) => c.name === 'VariableDefinition' || c.name === 'ObjectPattern' || c.name === 'ArrayPattern');
    const pattern = patterns[index];
    if (pattern?.name === 'ArrayPattern') return this.params(pattern);
    if (pattern?.name !== 'ObjectPattern') return undefined;
    return pattern.getChildren('PatternProperty').map((property) => {
      const key = property.getChild('PropertyName') ?? property.getChild('VariableDefinition');
      const equals = property.getChild('Equals');
      const fallback = equals?.nextSibling ? this.values.source.of(equals.nextSibling).trim() : undefined;
      return sourceParam(this.values.source.of(key), 'keyword-only', fallback === undefined, { default: fallback });
    });
  }

  /** The `/** … *\/` comment right before a declaration (its export, variable declaration or object property). */
  private jsDoc(node: SyntaxNode): JsDoc | undefined {
    let owner = node;
    if (owner.parent && (owner.parent.name === 'ExportDeclaration' || owner.parent.name === 'VariableDeclaration')) owner = owner.parent;
    if (owner.name === 'VariableDeclaration' && owner.parent?.name === 'ExportDeclaration') owner = owner.parent;
    const comment = owner.prevSibling;
    if (comment?.name !== 'BlockComment') return undefined;
    const text = this.values.source.of(comment);
    return text.startsWith('/**') ? parseJsDoc(text) : undefined;
  }
}
