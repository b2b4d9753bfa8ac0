// Shared by the integration suites (not a suite itself: the loader runs *.test.js only).

/** The extension's id in the host: publisher.name from package.json. */
export const EXTENSION_ID = 'rpc-explorer.rpc-explorer';

/** Resolves with the first truthy value of `check`, polled until a deadline (never a fixed sleep; the deadline is generous: a loaded CI machine is slow, a passing check returns at once). */
export async function poll<T>(check: () => T | Promise<T>, what: string, timeoutMs = 45_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
