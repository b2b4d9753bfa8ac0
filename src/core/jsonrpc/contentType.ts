/** The media type of the protocol's bodies: its own module, so the client and the descriptor both read it without a cycle. */
export const JSONRPC_CONTENT_TYPE = 'application/json';
