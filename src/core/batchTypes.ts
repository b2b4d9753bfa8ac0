/** One call of a batch, and what became of it. */
import type { RpcError, RpcFault } from './errors';
import type { TypedValue } from './types';

export interface BatchCall {
  method: string;
  args: TypedValue[];
  /** A JSON-RPC notification: sent without an id, gets no answer. */
  notification?: boolean;
}

export type BatchAnswer = { result: TypedValue } | { fault: RpcFault } | { error: RpcError } | { notified: true };
