/**
 * The `ws` library, in its own file: esbuild.js bundles it as dist/webSocket.js, loaded by connection.ts on the
 * first WebSocket connection, so neither activation nor an HTTP-only CLI run loads it.
 */
import WebSocket from 'ws';

export default WebSocket;
