/** Where a server listens, as its source says: ports from literals, constants and environment lookups with defaults. */
import type { SyntaxNode } from '@lezer/common';
import type { SourceFile } from './syntax';

/** A port read from source: the literal (or default) port, and the environment variable that overrides it. */
export interface PortValue {
  port?: number;
  portEnv?: string;
}

/** The address a reader found: each part absent when the source does not tell it. */
export interface ServerAddress extends PortValue {
  host?: string;
}

export function isPort(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n < 65536;
}

/** Whether an address tells a port (a literal one or an environment variable). */
export function hasPort(address: PortValue): boolean {
  return address.port !== undefined || !!address.portEnv;
}

/** A number literal's port (`8_080` included). */
export function portOfNumber(literal: string): PortValue {
  const n = Number(literal.replace(/_/g, ''));
  return isPort(n) ? { port: n } : {};
}

/** A string's port: its value is digits only. */
export function portOfString(value: string | undefined): PortValue {
  const digits = value?.trim();
  return digits && /^\d+$/.test(digits) && isPort(Number(digits)) ? { port: Number(digits) } : {};
}

/** `a or b`, `a || b`, `a ?? b`, `a if c else b`: the environment variable of either, the port of the fallback first. */
export function eitherPort(first: PortValue, second: PortValue): PortValue {
  const port = second.port ?? first.port;
  const portEnv = first.portEnv ?? second.portEnv;
  return { ...(port !== undefined ? { port } : {}), ...(portEnv ? { portEnv } : {}) };
}

/** The values of a file as a port reader follows them. */
export interface FileValues {
  readonly source: SourceFile;
  stringValue(node: SyntaxNode | undefined): string | undefined;
  readonly scopes: { assignedValue(node: SyntaxNode): SyntaxNode | undefined };
}

/** What a port reader needs of its language: the file's values, and the forms only that language has. */
export interface PortSyntax {
  readonly values: FileValues;
  /** The language's own forms (environment lookups, conversions, fallbacks); `follow` reads a part of them. */
  languagePort(node: SyntaxNode, follow: (part: SyntaxNode | undefined) => PortValue): PortValue;
}

/** A port expression: a literal, a variable (followed to its assignment), parentheses, else the language's own forms. */
export function portOf(syntax: PortSyntax, node: SyntaxNode | undefined, depth = 0): PortValue {
  if (!node || depth > 6) return {};
  const follow = (part: SyntaxNode | undefined) => portOf(syntax, part, depth + 1);
  switch (node.name) {
    case 'Number':
      return portOfNumber(syntax.values.source.of(node));
    case 'String':
    case 'TemplateString':
      return portOfString(syntax.values.stringValue(node));
    case 'VariableName': {
      const value = syntax.values.scopes.assignedValue(node);
      return value ? follow(value) : {};
    }
    case 'ParenthesizedExpression':
      return follow(node.firstChild?.nextSibling ?? undefined);
  }
  return syntax.languagePort(node, follow);
}

/** A host expression and a port expression, each read where it can be. */
export function hostAndPort(syntax: PortSyntax, hostNode: SyntaxNode | undefined, portNode: SyntaxNode | undefined): ServerAddress {
  const host = syntax.values.stringValue(hostNode);
  return { ...(host !== undefined ? { host } : {}), ...portOf(syntax, portNode) };
}
