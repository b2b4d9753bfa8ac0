/** The transport's limits when an endpoint sets none: a call's deadline and the largest response read. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
