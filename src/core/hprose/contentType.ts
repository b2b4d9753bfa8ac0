/** The media type of the protocol's bodies: its own module, so the client and the descriptor both read it without a cycle. */
/** What the Python hprose client sends; the npm server ignores the content type. */
export const HPROSE_CONTENT_TYPE = 'application/hprose';
