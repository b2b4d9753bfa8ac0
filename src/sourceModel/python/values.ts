/** Python values written in the file: string literals and lists or tuples, directly or through a variable assigned one. */
import type { SyntaxNode } from '@lezer/common';
import { pythonString } from '../literals';
import type { ScopeTable } from '../scopes';
import { childrenOf, type SourceFile } from '../syntax';
import type { PythonBinding } from './scopes';
import { argsOf, type Arg } from './syntax';

export class PythonValues {
  constructor(
    readonly source: SourceFile,
    readonly scopes: ScopeTable<PythonBinding>,
  ) {}

  args(call: SyntaxNode): Arg[] {
    return argsOf(this.source, call);
  }

  /** A list or tuple written in the file (or a variable assigned one): its items. */
  listItems(node: SyntaxNode | undefined, depth = 0): SyntaxNode[] | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'ArrayExpression' || node.name === 'TupleExpression') {
      return childrenOf(node).filter((n) => !['[', ']', '(', ')', ',', 'Comment'].includes(n.name) && !n.type.isError);
    }
    const value = this.scopes.assignedValue(node);
    return value ? this.listItems(value, depth + 1) : undefined;
  }

  /** A string literal's value (or a variable's, assigned one); undefined for anything computed. */
  stringValue(node: SyntaxNode | undefined, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    if (node.name === 'String') return pythonString(this.source.of(node));
    if (node.name === 'ContinuedString') {
      const parts = node.getChildren('String').map((s) => pythonString(this.source.of(s)));
      return parts.some((p) => p === undefined) ? undefined : parts.join('');
    }
    const value = this.scopes.assignedValue(node);
    return value ? this.stringValue(value, depth + 1) : undefined;
  }
}
