/** Python call syntax: the name a call calls, its arguments positional and by keyword. */
import type { SyntaxNode } from '@lezer/common';
import { childrenOf, type SourceFile } from '../syntax';

export interface Arg {
  kind: 'positional' | 'keyword' | 'star' | 'double-star';
  name?: string;
  value: SyntaxNode;
}

/** `server.register_function(…)` → register_function; `f(…)` → f. */
export function calledName(call: SyntaxNode, source: SourceFile): string {
  const callee = call.firstChild;
  if (callee?.name === 'MemberExpression') return callee.lastChild?.name === 'PropertyName' ? source.of(callee.lastChild) : '';
  return callee?.name === 'VariableName' ? source.of(callee) : '';
}

/** The arguments of a call, a decorator or a class's bases, as written. */
export function argsOf(source: SourceFile, call: SyntaxNode): Arg[] {
  const tokens = childrenOf(call.getChild('ArgList')).filter((n) => n.name !== '(' && n.name !== ')' && n.name !== 'Comment' && !n.type.isError);
  const out: Arg[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.name === ',') continue;
    if ((token.name === '*' || token.name === '**') && tokens[i + 1]) {
      out.push({ kind: token.name === '*' ? 'star' : 'double-star', value: tokens[++i] });
    } else if (token.name === 'VariableName' && tokens[i + 1]?.name === 'AssignOp' && tokens[i + 2]) {
      out.push({ kind: 'keyword', name: source.of(token), value: tokens[i + 2] });
      i += 2;
    } else out.push({ kind: 'positional', value: token });
  }
  return out;
}

/** Positional argument `index`, else keyword argument `name`; an explicit None counts as left out. */
export function argument(args: Arg[], index: number, name?: string): SyntaxNode | undefined {
  const positional = args.filter((a) => a.kind === 'positional');
  const value = positional[index]?.value ?? (name ? keyword(args, name) : undefined);
  return value?.name === 'None' ? undefined : value;
}

export function keyword(args: Arg[], name: string): SyntaxNode | undefined {
  const value = args.find((a) => a.kind === 'keyword' && a.name === name)?.value;
  return value?.name === 'None' ? undefined : value;
}

/** The positional arguments' values. */
export function positionalValues(args: Arg[]): SyntaxNode[] {
  return args.filter((a) => a.kind === 'positional').map((a) => a.value);
}
