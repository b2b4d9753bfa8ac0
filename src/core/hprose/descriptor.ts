/** hprose 2.x over HTTP POST. */
import type { ProtocolDescriptor } from '../types';
import { HPROSE_CONTENT_TYPE, decodeCallResponse, encodeHproseCall, hproseClient } from './index';

export const hproseProtocol: ProtocolDescriptor<'hprose'> = {
  id: 'hprose',
  label: 'hprose',
  // hprose has no conventional path: the npm HttpServer answers on any path of its port.
  defaultPaths: ['/'],
  contentType: HPROSE_CONTENT_TYPE,
  client: hproseClient,
  // The function list (`z`): no function runs.
  probe: (url, options) => hproseClient.discover(url, options),
  encodeCall: encodeHproseCall,
  decodeResult: (body) => decodeCallResponse(body),
};
