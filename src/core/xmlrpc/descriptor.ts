/**
 * XML-RPC over HTTP POST. The client, encoder and decoders load on the first request (a chunk of the extension's
 * bundle, see esbuild.js); the descriptor itself is what the explorer needs at activation.
 */
import type { ProtocolDescriptor } from '../types';
import { XMLRPC_CONTENT_TYPE } from './contentType';

export { XMLRPC_CONTENT_TYPE };

let loaded: typeof import('./index') | undefined;
const implementation = () => (loaded ??= require('./index') as typeof import('./index'));

export const xmlRpcProtocol: ProtocolDescriptor<'xmlrpc'> = {
  id: 'xmlrpc',
  label: 'XML-RPC',
  // Python's ServerProxy posts to /RPC2 for a URL without a path; xmlrpc-c and supervisord serve there.
  defaultPaths: ['/RPC2'],
  pathlessFallback: '/RPC2',
  contentType: XMLRPC_CONTENT_TYPE,
  get client() {
    return implementation().xmlRpcClient;
  },
  // The introspection list: even its fault proves XML-RPC.
  probe: (url, options) => implementation().xmlRpcClient.call(url, 'system.listMethods', [], options),
  encodeCall: (method, args) => implementation().encodeXmlRpcCall(method, args),
  decodeResult: (body) => implementation().decodeMethodResponse(body),
};
