/** fast-xml-parser, decode.ts's general path: its own chunk of the extension's bundle (see esbuild.js), loaded by the first document off the fast path. */
export { XMLParser } from 'fast-xml-parser';
