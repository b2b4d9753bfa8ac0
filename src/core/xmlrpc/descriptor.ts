/** XML-RPC over HTTP POST. */
import type { ProtocolDescriptor } from '../types';
import { xmlRpcClient } from './client';
import { decodeMethodResponse } from './decode';
import { XMLRPC_CONTENT_TYPE, encodeXmlRpcCall } from './request';

export const xmlRpcProtocol: ProtocolDescriptor<'xmlrpc'> = {
  id: 'xmlrpc',
  label: 'XML-RPC',
  // Python's ServerProxy posts to /RPC2 for a URL without a path; xmlrpc-c and supervisord serve there.
  defaultPaths: ['/RPC2'],
  pathlessFallback: '/RPC2',
  contentType: XMLRPC_CONTENT_TYPE,
  client: xmlRpcClient,
  // The introspection list: even its fault proves XML-RPC.
  probe: (url, options) => xmlRpcClient.call(url, 'system.listMethods', [], options),
  encodeCall: encodeXmlRpcCall,
  decodeResult: (body) => decodeMethodResponse(body),
};
