/** The check the protocol tests pass to assert.rejects / assert.throws: an RpcError of a kind, one line, saying what. */
import assert from 'node:assert/strict';
import { RpcError } from '../../src/core/errors';

export function isError(kind: string, pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof RpcError, `an RpcError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, pattern);
    return true;
  };
}
