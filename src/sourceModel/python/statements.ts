/** Python statements: walking a block, and the names that assignments and imports bind. */
import type { SyntaxNode } from '@lezer/common';
import { childrenOf, type SourceFile } from '../syntax';

/** One name an import statement binds. */
export interface ImportedName {
  /** The name it has here. */
  local: string;
  /** The name it has in its module. */
  original: string;
  module: string;
}

/**
 * Calls `visit` for each statement of a block and of the blocks nested in it (if, for, with, try, match), not
 * for those inside functions and classes, which are visited themselves but not entered (they are scopes of their own).
 */
export function walkStatements(block: SyntaxNode | null, visit: (statement: SyntaxNode) => void, depth = 0): void {
  if (!block || depth > 100) return;
  for (const child of childrenOf(block)) {
    const statement = child.name === 'DecoratedStatement' ? child.lastChild : child;
    if (!statement) continue;
    visit(statement);
    if (statement.name !== 'FunctionDefinition' && statement.name !== 'ClassDefinition' && /Statement$/.test(statement.name)) {
      walkNested(statement, visit, depth + 1);
    }
  }
}

function walkNested(node: SyntaxNode, visit: (statement: SyntaxNode) => void, depth: number): void {
  for (const child of childrenOf(node)) {
    if (child.name === 'Body') walkStatements(child, visit, depth);
    else if (/Clause$|^MatchBody$/.test(child.name)) walkNested(child, visit, depth);
  }
}

/** `a = b = value` → a, b with value (annotations `a: int = value` included); unpacking targets are not. */
export function assignments(source: SourceFile, statement: SyntaxNode): [string, SyntaxNode][] {
  const parts = splitOn(childrenOf(statement), 'AssignOp');
  if (parts.length < 2) return [];
  const value = parts[parts.length - 1][0];
  if (!value) return [];
  const out: [string, SyntaxNode][] = [];
  for (const target of parts.slice(0, -1)) {
    const named = target.filter((n) => n.name !== 'TypeDef');
    if (named.length === 1 && named[0].name === 'VariableName') out.push([source.of(named[0]), value]);
  }
  return out;
}

/** `host, port = …`: names bound to parts of a value. */
export function unpackedTargets(source: SourceFile, statement: SyntaxNode): string[] {
  const parts = splitOn(childrenOf(statement), 'AssignOp');
  const names: string[] = [];
  for (const target of parts.slice(0, -1)) {
    const named = target.filter((n) => n.name !== 'TypeDef');
    if (named.length === 1 && named[0].name === 'VariableName') continue;
    for (const node of named) {
      if (node.name === 'VariableName') names.push(source.of(node));
      else for (const inner of node.getChildren('VariableName')) names.push(source.of(inner));
    }
  }
  return names;
}

/** `import a.b as c`, `from m import x as y`: the local name, the name it has in its module, the module. */
export function importsOf(source: SourceFile, statement: SyntaxNode): ImportedName[] {
  const tokens = childrenOf(statement).filter((n) => n.name !== '(' && n.name !== ')' && n.name !== 'Comment');
  const out: ImportedName[] = [];
  const dotted = (from: number): { text: string; next: number } => {
    let text = '';
    let i = from;
    for (; i < tokens.length && (tokens[i].name === 'VariableName' || tokens[i].name === '.'); i++) text += source.of(tokens[i]);
    return { text, next: i };
  };
  if (tokens[0]?.name === 'from') {
    const module = dotted(1);
    let i = module.next + 1; // after `import`
    while (i < tokens.length) {
      if (tokens[i].name !== 'VariableName') {
        i++;
        continue;
      }
      const original = source.of(tokens[i]);
      const aliased = tokens[i + 1]?.name === 'as' && tokens[i + 2]?.name === 'VariableName';
      const local = aliased ? source.of(tokens[i + 2]) : original;
      out.push({ local, original, module: module.text });
      i += aliased ? 3 : 1;
    }
    return out;
  }
  let i = 1;
  while (i < tokens.length) {
    const name = dotted(i);
    if (!name.text) {
      i = name.next + 1;
      continue;
    }
    i = name.next;
    const aliased = tokens[i]?.name === 'as' && tokens[i + 1]?.name === 'VariableName';
    out.push({ local: aliased ? source.of(tokens[i + 1]) : name.text.split('.')[0], original: name.text, module: name.text });
    i += aliased ? 2 : 0;
    i++; // the comma
  }
  return out;
}

/** The class a def is a method of, if it is one. */
export function enclosingClass(def: SyntaxNode): SyntaxNode | undefined {
  let up = def.parent;
  if (up?.name === 'DecoratedStatement') up = up.parent;
  return up?.name === 'Body' && up.parent?.name === 'ClassDefinition' ? up.parent : undefined;
}

function splitOn(nodes: SyntaxNode[], separator: string): SyntaxNode[][] {
  const parts: SyntaxNode[][] = [[]];
  for (const node of nodes) {
    if (node.name === separator) parts.push([]);
    else parts[parts.length - 1].push(node);
  }
  return parts;
}
