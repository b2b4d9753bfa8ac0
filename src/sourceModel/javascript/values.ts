/**
 * JavaScript values written in the file: string literals, arrays, object literals and their properties, the class of
 * `new K()`, directly or through a constant assigned one.
 */
import type { SyntaxNode } from '@lezer/common';
import { jsString } from '../literals';
import type { ScopeTable } from '../scopes';
import { childrenOf, type SourceFile } from '../syntax';
import type { JavaScriptBinding } from './scopes';
import { argsOf } from './syntax';

export interface ObjectProperty {
  key: string;
  keyNode: SyntaxNode;
  /** The value expression, or the property itself for a method (`add(args) {…}`). */
  value?: SyntaxNode;
  isMethod: boolean;
}

export class JavaScriptValues {
  constructor(
    readonly source: SourceFile,
    readonly scopes: ScopeTable<JavaScriptBinding>,
  ) {}

  args(call: SyntaxNode): SyntaxNode[] {
    return argsOf(call);
  }

  arrayItems(node: SyntaxNode | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'ArrayExpression') {
      const items = childrenOf(node).filter((c) => c.name !== '[' && c.name !== ']' && c.name !== ',' && !/Comment$/.test(c.name) && !c.type.isError);
      return items.some((i) => i.name === 'Spread') ? undefined : items;
    }
    const value = this.scopes.assignedValue(node);
    return value ? this.arrayItems(value, depth + 1) : undefined;
  }

  /** `undefined`, `null` or nothing: an optional argument left out. */
  isAbsent(node: SyntaxNode | undefined): boolean {
    return !node || node.name === 'null' || this.source.of(node) === 'undefined';
  }

  /** A string literal's value (a template without substitutions included), or a constant's. */
  stringValue(node: SyntaxNode | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'String') return jsString(this.source.of(node));
    if (node.name === 'TemplateString') return node.getChild('Interpolation') ? undefined : jsString(this.source.of(node));
    const value = this.scopes.assignedValue(node);
    return value ? this.stringValue(value, depth + 1) : undefined;
  }

  /** An object literal (or a variable assigned one): the ObjectExpression node. */
  objectOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'ObjectExpression') return node;
    if (node.name === 'ParenthesizedExpression') return this.objectOf(node.firstChild?.nextSibling ?? undefined, depth + 1);
    const value = this.scopes.assignedValue(node);
    return value ? this.objectOf(value, depth + 1) : undefined;
  }

  propertiesOf(literal: SyntaxNode): ObjectProperty[] {
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
    const binding = this.scopes.bindingOf(keyNode);
    if (binding?.kind === 'def') return binding.node;
    if (binding?.kind === 'assign') return binding.value;
    return undefined;
  }

  /** The class of `new K()`, or of a variable assigned one. */
  classOf(node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    if (!node || depth > 5) return undefined;
    if (node.name === 'NewExpression') {
      const callee = node.getChild('VariableName');
      const binding = callee ? this.scopes.bindingOf(callee) : undefined;
      return binding?.kind === 'class' ? binding.node : undefined;
    }
    const value = this.scopes.assignedValue(node);
    return value ? this.classOf(value, depth + 1) : undefined;
  }
}
