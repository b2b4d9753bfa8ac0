/**
 * Python's scopes: a function's own, the enclosing functions', the module's; a class body is seen only from itself,
 * and a def's defaults, decorators and bases are evaluated in the enclosing scope.
 */
import type { SyntaxNode } from '@lezer/common';
import { ScopeTable, type Binding } from '../scopes';
import type { SourceFile } from '../syntax';
import { isInside } from '../syntax';
import { pythonParams } from './params';
import { assignments, importsOf, unpackedTargets, walkStatements } from './statements';

export type PythonBinding = Binding;

const SCOPES = new Set(['Script', 'FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);

export function pythonScopes(source: SourceFile): ScopeTable<PythonBinding> {
  return new ScopeTable<PythonBinding>(source, SCOPES, (scope, bind) => bindScope(source, scope, bind), sees);
}

function sees(scope: SyntaxNode, ref: SyntaxNode, innermost: boolean): boolean {
  if (scope.name === 'FunctionDefinition' || scope.name === 'ClassDefinition') {
    // A default value, decorator or base class is evaluated in the enclosing scope.
    const body = scope.getChild('Body');
    if (!body || !isInside(ref, body)) return false;
  }
  // A class body's names are not visible from the functions inside it.
  return scope.name !== 'ClassDefinition' || innermost;
}

function bindScope(source: SourceFile, scope: SyntaxNode, bind: (name: string, binding: PythonBinding) => void): void {
  if (scope.name === 'FunctionDefinition' || scope.name === 'LambdaExpression') {
    for (const param of pythonParams(source, scope.getChild('ParamList'))) bind(param.name, { kind: 'other', at: scope.from });
  }
  const root = scope.name === 'Script' ? scope : scope.name === 'LambdaExpression' ? null : scope.getChild('Body');
  walkStatements(root, (statement) => {
    switch (statement.name) {
      case 'FunctionDefinition':
      case 'ClassDefinition': {
        const kind = statement.name === 'FunctionDefinition' ? 'def' : 'class';
        bind(source.of(statement.getChild('VariableName')), { kind, node: statement, at: statement.from });
        break;
      }
      case 'AssignStatement':
        for (const [name, value] of assignments(source, statement)) bind(name, { kind: 'assign', value, at: statement.from });
        for (const name of unpackedTargets(source, statement)) bind(name, { kind: 'other', at: statement.from });
        break;
      case 'ImportStatement':
        for (const item of importsOf(source, statement)) bind(item.local, { kind: 'import', original: item.original, at: statement.from });
        break;
      case 'WithStatement':
      case 'ForStatement':
        for (const target of statement.getChildren('VariableName')) bind(source.of(target), { kind: 'other', at: statement.from });
        break;
    }
  });
}
