/** JavaScript's scopes: the module's and each function's; declarations, imports and `require`s bind names. */
import type { SyntaxNode } from '@lezer/common';
import { ScopeTable, type Binding } from '../scopes';
import { childrenOf, type SourceFile } from '../syntax';
import { FUNCTIONS } from './syntax';

/** An assignment also keeps the name it assigns and its statement (where a doc comment for it stands). */
export type JavaScriptBinding = Binding<{ name: SyntaxNode; statement: SyntaxNode }>;

type Bind = (name: string, binding: JavaScriptBinding) => void;

const SCOPES = new Set(['Script', ...FUNCTIONS]);

export function javascriptScopes(source: SourceFile): ScopeTable<JavaScriptBinding> {
  return new ScopeTable<JavaScriptBinding>(source, SCOPES, (scope, bind) => bindScope(source, scope, bind));
}

function bindScope(source: SourceFile, scope: SyntaxNode, bind: Bind): void {
  if (scope.name !== 'Script') {
    for (const param of childrenOf(scope.getChild('ParamList'))) {
      if (param.name === 'VariableDefinition') bind(source.of(param), { kind: 'other', at: scope.from });
    }
  }
  const visit = (node: SyntaxNode, depth: number): void => {
    if (depth > 100) return;
    for (const child of childrenOf(node)) {
      switch (child.name) {
        case 'FunctionDeclaration': {
          const name = child.getChild('VariableDefinition');
          if (name) bind(source.of(name), { kind: 'def', node: child, at: child.from });
          continue;
        }
        case 'ClassDeclaration': {
          const name = child.getChild('VariableDefinition');
          if (name) bind(source.of(name), { kind: 'class', node: child, at: child.from });
          continue;
        }
        case 'VariableDeclaration':
          declarators(source, child, bind);
          continue;
        case 'ImportDeclaration':
          importBindings(source, child, bind);
          continue;
      }
      if (/Statement$|^Block$|^ExportDeclaration$|Clause$|^SwitchBody$|^ForSpec$|^ForOfSpec$|^ForInSpec$/.test(child.name)) visit(child, depth + 1);
    }
  };
  const body = scope.name === 'Script' ? scope : scope.getChild('Block');
  if (body) visit(body, 0);
}

/** `const a = 1, { b } = require('m')`: names with their values (a destructured require is an import). */
function declarators(source: SourceFile, declaration: SyntaxNode, bind: Bind): void {
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
      const name = source.of(target);
      bind(name, value ? { kind: 'assign', name: target, value, statement: declaration, at: declaration.from } : { kind: 'other', at: declaration.from });
      continue;
    }
    const fromModule = value?.name === 'CallExpression' && source.of(value.firstChild) === 'require';
    for (const property of target.getChildren('PatternProperty')) {
      const local = property.getChild('VariableDefinition');
      const original = property.getChild('PropertyName') ?? local;
      if (local) bind(source.of(local), fromModule ? { kind: 'import', original: source.of(original), at: declaration.from } : { kind: 'other', at: declaration.from });
    }
    for (const element of target.getChildren('VariableDefinition')) bind(source.of(element), { kind: 'other', at: declaration.from });
  }
}

/** `import d, { a as b } from 'm'`, `import * as ns from 'm'`. */
function importBindings(source: SourceFile, declaration: SyntaxNode, bind: Bind): void {
  for (const local of declaration.getChildren('VariableDefinition')) bind(source.of(local), { kind: 'import', original: source.of(local), at: declaration.from });
  const group = declaration.getChild('ImportGroup');
  const tokens = childrenOf(group);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].name !== 'VariableDefinition') continue;
    const aliased = tokens[i - 1]?.name === 'as' ? tokens[i - 2] : undefined;
    bind(source.of(tokens[i]), { kind: 'import', original: source.of(aliased ?? tokens[i]), at: declaration.from });
  }
}
