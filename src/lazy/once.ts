/**
 * A value built the first time it is asked for, then kept: how `activate` holds a feature object whose code is a
 * chunk (see esbuild.js), without loading the chunk before a session uses it.
 */
export function once<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}
