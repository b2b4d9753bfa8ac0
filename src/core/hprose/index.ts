/** hprose 2.x: the client, the exact requests and the codec. The chunk dist/chunks/hprose.js (see esbuild.js). */
export { createHproseClient, hproseClient } from './client';
export { HPROSE_CONTENT_TYPE } from './contentType';
export { encodeCall, decodeCallResponse, decodeFunctionList } from './protocol';
export { HproseReader } from './reader';
export { encodeHproseCall } from './request';
export { serializeValue } from './writer';
