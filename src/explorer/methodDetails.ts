/**
 * What a method node shows beyond its name: its shape (OpenRPC, signatures, the source's hints) and the source's
 * hints themselves. A chunk (esbuild.js), loaded when the tree first shows a method, not at activation.
 */
export { compactSignature, methodShapeOf, signatureLinesOf } from '../core/methodShape';
export { serverDescribesParams, sourceHints, withSourceHints } from '../sourceEditor/sourceHints';
