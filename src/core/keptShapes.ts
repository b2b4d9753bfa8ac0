/**
 * Objects kept for the process's life, one per class whose instances a hot loop makes and drops: V8 forgets an
 * object shape (map) that no live object has at the next full GC, and with it the optimized code made for that
 * shape, so without a kept instance every parse after a GC would start again unoptimized.
 */
const kept: object[] = [];

/** Keeps `example` (and so its shape) alive; returns it. */
export function keepShape<T extends object>(example: T): T {
  kept.push(example);
  return example;
}
