/** JavaScript call syntax: the name a call or `new` calls, its arguments. */
import type { SyntaxNode } from '@lezer/common';
import { childrenOf, type SourceFile } from '../syntax';

/** The node types that are a function. */
export const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration']);

/** `server.addFunction(…)` → addFunction; `new jayson.Server(…)` → Server; `createServer(…)` → createServer. */
export function calledName(call: SyntaxNode, source: SourceFile): string {
  const callee = calleeOf(call);
  if (callee?.name === 'MemberExpression') return callee.lastChild?.name === 'PropertyName' ? source.of(callee.lastChild) : '';
  return callee?.name === 'VariableName' ? source.of(callee) : '';
}

export function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  return (call.name === 'NewExpression' ? childrenOf(call).find((c) => c.name !== 'new') : call.firstChild) ?? undefined;
}

/** The arguments of a call, up to a spread (the positions after it are not known). */
export function argsOf(call: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const child of childrenOf(call.getChild('ArgList'))) {
    if (child.name === '(' || child.name === ')' || child.name === ',' || child.type.isError || /Comment$/.test(child.name)) continue;
    if (child.name === 'Spread') break;
    out.push(child);
  }
  return out;
}
