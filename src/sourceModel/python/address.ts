/**
 * Where a Python server listens: `SimpleXMLRPCServer(('127.0.0.1', 8889))`, `HttpServer(host=…, port=…)`, else an
 * address tuple, else a `port=` keyword; ports through `os.environ.get('PORT', 8080)`, `int(…)`, `a or b`.
 */
import type { SyntaxNode } from '@lezer/common';
import { eitherPort, hasPort, hostAndPort, type PortSyntax, type PortValue, type ServerAddress } from '../address';
import type { SourceFile } from '../syntax';
import { argument, calledName, keyword } from './syntax';
import type { PythonValues } from './values';

const HOST_LIKE = /^(?:|localhost|\d{1,3}(?:\.\d{1,3}){3}|::1?|[\w-]+(?:\.[\w-]+)+)$/;

export class PythonAddressReader implements PortSyntax {
  private readonly source: SourceFile;

  constructor(readonly values: PythonValues) {
    this.source = values.source;
  }

  /** The address of the first server constructor that tells one, else of an address tuple, else of a `port=`. */
  read(calls: SyntaxNode[], tuples: SyntaxNode[]): ServerAddress {
    for (const call of calls) {
      const name = calledName(call, this.source);
      if (!/Server$/.test(name)) continue;
      const args = this.values.args(call);
      const tuple = this.values.listItems(argument(args, 0, 'addr'));
      if (tuple && tuple.length >= 2) return hostAndPort(this, tuple[0], tuple[1]);
      const port = keyword(args, 'port');
      if (port) return hostAndPort(this, keyword(args, 'host'), port);
    }
    for (const tuple of tuples) {
      const items = this.values.listItems(tuple)!;
      if (items.length !== 2 || items[0].name !== 'String') continue;
      const host = this.values.stringValue(items[0]);
      if (host === undefined || !HOST_LIKE.test(host)) continue;
      const found = hostAndPort(this, items[0], items[1]);
      if (hasPort(found)) return found;
    }
    for (const call of calls) {
      const args = this.values.args(call);
      const port = keyword(args, 'port');
      if (port) return hostAndPort(this, keyword(args, 'host'), port);
      if (calledName(call, this.source) === 'run_simple') return hostAndPort(this, argument(args, 0, 'hostname'), argument(args, 1, 'port'));
    }
    return {};
  }

  languagePort(node: SyntaxNode, follow: (part: SyntaxNode | undefined) => PortValue): PortValue {
    switch (node.name) {
      case 'CallExpression': {
        const callee = this.source.of(node.firstChild).replace(/\s+/g, '');
        const args = this.values.args(node);
        if (/(?:^|\.)environ\.get$|(?:^|\.)getenv$/.test(callee)) {
          const portEnv = this.values.stringValue(argument(args, 0, 'key'));
          const fallback = follow(argument(args, 1, 'default'));
          return { ...(fallback.port !== undefined ? { port: fallback.port } : {}), ...(portEnv ? { portEnv } : {}) };
        }
        if (callee === 'int' || callee === 'str' || callee === 'float') return follow(argument(args, 0));
        return {};
      }
      case 'MemberExpression': {
        // os.environ['PORT']
        const subscript = node.getChild('String');
        if (subscript && /(?:^|\.)environ$/.test(this.source.of(node.firstChild).replace(/\s+/g, ''))) {
          const portEnv = this.values.stringValue(subscript);
          return portEnv ? { portEnv } : {};
        }
        return {};
      }
      case 'BinaryExpression':
        if (!node.getChild('or')) return {};
        return eitherPort(follow(node.firstChild ?? undefined), follow(node.lastChild ?? undefined));
      case 'ConditionalExpression':
        return eitherPort(follow(node.firstChild ?? undefined), follow(node.lastChild ?? undefined));
    }
    return {};
  }
}
