/**
 * Where a JavaScript server listens: `listen(8880)`, `listen(PORT, '127.0.0.1')`, `listen({ port, host })`, else a
 * URL string `"http://0.0.0.0:8080"`, else an object `{ port: 8880 }`; ports through `process.env.PORT || 8080`.
 */
import type { SyntaxNode } from '@lezer/common';
import { eitherPort, hasPort, hostAndPort, isPort, portOf, type PortSyntax, type PortValue, type ServerAddress } from '../address';
import { childrenOf, type SourceFile } from '../syntax';
import { calledName, FUNCTIONS } from './syntax';
import type { JavaScriptValues } from './values';

export class JavaScriptAddressReader implements PortSyntax {
  private readonly source: SourceFile;

  constructor(readonly values: JavaScriptValues) {
    this.source = values.source;
  }

  read(calls: SyntaxNode[], strings: SyntaxNode[], objects: SyntaxNode[]): ServerAddress {
    for (const call of calls) {
      if (calledName(call, this.source) !== 'listen' || call.firstChild?.name !== 'MemberExpression') continue;
      const [first, second] = this.values.args(call);
      if (!first || FUNCTIONS.has(first.name)) continue;
      const found = first.name === 'ObjectExpression' ? this.addressOf(first) : { ...portOf(this, first), ...this.host(second) };
      if (hasPort(found)) return found;
    }
    for (const node of strings) {
      const url = /^(?:https?|tcp|ws):\/\/([^/:\s]+):(\d{1,5})(?:[/?#]|$)/.exec(this.values.stringValue(node) ?? '');
      if (url && isPort(Number(url[2]))) return { host: url[1], port: Number(url[2]) };
    }
    for (const literal of objects) {
      const found = this.addressOf(literal);
      if (hasPort(found)) return found;
    }
    return {};
  }

  /** `{ port: 4000, host: 'localhost' }`, `{ port }`. */
  private addressOf(literal: SyntaxNode): ServerAddress {
    const properties = this.values.propertiesOf(literal);
    const port = properties.find((p) => p.key === 'port' && !p.isMethod);
    const host = properties.find((p) => p.key === 'host' && !p.isMethod);
    if (!port) return {};
    return hostAndPort(this, host?.value, port.value);
  }

  private host(node: SyntaxNode | undefined): { host?: string } {
    const host = this.values.stringValue(node);
    return host !== undefined ? { host } : {};
  }

  languagePort(node: SyntaxNode, follow: (part: SyntaxNode | undefined) => PortValue): PortValue {
    switch (node.name) {
      case 'UnaryExpression':
        return this.source.of(node.firstChild) === '+' ? follow(node.lastChild ?? undefined) : {};
      case 'CallExpression': {
        const callee = this.source.of(node.firstChild).replace(/\s+/g, '');
        if (/^(?:Number|parseInt|parseFloat|String|Number\.parseInt)$/.test(callee)) return follow(this.values.args(node)[0]);
        return {};
      }
      case 'MemberExpression': {
        const object = this.source.of(node.firstChild).replace(/\s+/g, '');
        if (object !== 'process.env') return {};
        const key = node.lastChild?.name === 'PropertyName' ? this.source.of(node.lastChild) : this.values.stringValue(node.getChild('String') ?? undefined);
        return key ? { portEnv: key } : {};
      }
      case 'BinaryExpression': {
        const operator = this.source.of(node.getChild('LogicOp'));
        if (operator === '||' || operator === '??') return eitherPort(follow(node.firstChild ?? undefined), follow(node.lastChild ?? undefined));
        if (node.getChild('as')) return follow(node.firstChild ?? undefined);
        return {};
      }
      case 'ConditionalExpression': {
        const [, consequent, alternate] = childrenOf(node).filter((c) => c.name !== 'LogicOp');
        return eitherPort(follow(consequent), follow(alternate));
      }
    }
    return {};
  }
}
