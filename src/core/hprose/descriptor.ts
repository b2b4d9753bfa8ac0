/** hprose 2.x over HTTP POST. The client and codec load on the first request (a chunk, see esbuild.js). */
import type { ProtocolDescriptor } from '../types';
import { HPROSE_CONTENT_TYPE } from './contentType';

export { HPROSE_CONTENT_TYPE };

let loaded: typeof import('./index') | undefined;
const implementation = () => (loaded ??= require('./index') as typeof import('./index'));

export const hproseProtocol: ProtocolDescriptor<'hprose'> = {
  id: 'hprose',
  label: 'hprose',
  // hprose has no conventional path: the npm HttpServer answers on any path of its port.
  defaultPaths: ['/'],
  contentType: HPROSE_CONTENT_TYPE,
  get client() {
    return implementation().hproseClient;
  },
  // The function list (`z`): no function runs.
  probe: (url, options) => implementation().hproseClient.discover(url, options),
  encodeCall: (method, args) => implementation().encodeHproseCall(method, args),
  decodeResult: (body) => implementation().decodeCallResponse(body),
};
