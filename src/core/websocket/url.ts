/** Whether a URL is a WebSocket endpoint (ws://, wss://). */
export function isWebSocketUrl(url: string): boolean {
  return /^\s*wss?:\/\//i.test(url);
}
