/**
 * The XML-RPC client: calls, and discovery through the introspection API (system.listMethods, then
 * system.methodSignature and system.methodHelp for every method, batched with system.multicall).
 */
import { RpcError, RpcFault } from '../errors';
import { postBody } from '../transport';
import type { CallOptions, DiscoverOptions, Discovery, MethodInfo, ProtocolClient, TypedValue } from '../types';
import { decodeMethodResponse } from './decode';
import { encodeMethodCall } from './encode';

export const DEFAULT_MULTICALL_CHUNK = 500;
/** Parallel requests when falling back to one call per method (a threaded server answers them at once). */
const FALLBACK_CONCURRENCY = 4;

export const NO_INTROSPECTION_MESSAGE = 'this server has no introspection: add `server.register_introspection_functions()`';

async function rawCall(url: string, method: string, args: readonly TypedValue[], options: CallOptions = {}): Promise<TypedValue> {
  const response = await postBody(url, encodeMethodCall(method, args), 'text/xml', options, method);
  return decodeMethodResponse(response.body);
}

/** Is this fault the server saying the method does not exist (Python, Apache ws-xmlrpc, PHP, the spec's -32601)? */
function isMissingMethod(fault: RpcFault, method: string): boolean {
  if (fault.code === -32601) return true;
  return fault.faultString.includes(method) && /not (be )?(supported|found|registered|defined)|no such|unknown|does not exist|isn't supported/i.test(fault.faultString);
}

/** Python's SimpleXMLRPCServer answers 'signatures not supported'; anything but a list of lists is "no signature". */
function signaturesOf(value: TypedValue | undefined): string[][] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (value.every((s) => Array.isArray(s))) {
    const signatures = (value as TypedValue[][]).map((s) => s.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))));
    return signatures.some((s) => s.length > 0) ? signatures : null;
  }
  // One signature sent flat: ["string", "string"].
  if (value.every((t) => typeof t === 'string')) return [value as string[]];
  return null;
}

function helpOf(value: TypedValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** A system.multicall entry's result: [value] on success, a fault struct otherwise (then undefined). */
function multicallResult(entry: TypedValue): TypedValue | undefined {
  return Array.isArray(entry) && entry.length === 1 ? entry[0] : undefined;
}

async function listMethods(url: string, options: DiscoverOptions): Promise<string[]> {
  let listed: TypedValue;
  try {
    listed = await rawCall(url, 'system.listMethods', [], options);
  } catch (error) {
    if (error instanceof RpcFault) {
      const message = isMissingMethod(error, 'system.listMethods')
        ? NO_INTROSPECTION_MESSAGE
        : `${NO_INTROSPECTION_MESSAGE} (system.listMethods answered ${error.message})`;
      throw new RpcError('no-introspection', message, 'xmlrpc');
    }
    throw error;
  }
  if (!Array.isArray(listed) || !listed.every((name) => typeof name === 'string')) {
    throw new RpcError('malformed', 'system.listMethods did not answer a list of method names', 'xmlrpc');
  }
  return listed as string[];
}

/**
 * Multicall requests in flight at once after the first: the server works on the next chunk while we decode the
 * previous one (a single-threaded server just queues the second connection).
 */
const MULTICALL_CONCURRENCY = 2;

/** Signatures and help through system.multicall; undefined when the server has no multicall. */
async function describeByMulticall(
  url: string,
  names: string[],
  chunk: number,
  options: DiscoverOptions,
  count: () => void,
): Promise<MethodInfo[] | undefined> {
  const chunks: string[][] = [];
  for (let start = 0; start < names.length; start += chunk) chunks.push(names.slice(start, start + chunk));
  const described: MethodInfo[][] = new Array(chunks.length);

  const describeChunk = async (index: number): Promise<void> => {
    const slice = chunks[index];
    const calls: TypedValue[] = [];
    for (const name of slice) {
      calls.push({ methodName: 'system.methodSignature', params: [name] });
      calls.push({ methodName: 'system.methodHelp', params: [name] });
    }
    count();
    const results = await rawCall(url, 'system.multicall', [calls], options);
    if (!Array.isArray(results) || results.length !== calls.length) {
      throw new RpcError('malformed', `system.multicall answered ${Array.isArray(results) ? results.length : 'no list of'} results for ${calls.length} calls`, 'xmlrpc');
    }
    described[index] = slice.map((name, i) => ({
      name,
      signatures: signaturesOf(multicallResult(results[2 * i])),
      help: helpOf(multicallResult(results[2 * i + 1])),
    }));
  };

  // The first chunk alone: a fault there means no multicall, and then the others need not be sent.
  try {
    await describeChunk(0);
  } catch (error) {
    if (error instanceof RpcFault) return undefined; // no multicall: fall back to single calls
    throw error;
  }
  let next = 1;
  const worker = async () => {
    while (next < chunks.length) await describeChunk(next++);
  };
  await Promise.all(Array.from({ length: Math.min(MULTICALL_CONCURRENCY, chunks.length - 1) }, worker));
  return described.flat();
}

/** Signatures and help with two calls per method (servers without multicall). */
async function describeOneByOne(url: string, names: string[], options: DiscoverOptions, count: () => void): Promise<MethodInfo[]> {
  const methods: MethodInfo[] = new Array(names.length);
  const ask = async (method: string, name: string): Promise<TypedValue | undefined> => {
    count();
    try {
      return await rawCall(url, method, [name], options);
    } catch (error) {
      if (error instanceof RpcFault) return undefined; // e.g. no methodHelp: just no help
      throw error;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      const name = names[index];
      const signature = await ask('system.methodSignature', name);
      const help = await ask('system.methodHelp', name);
      methods[index] = { name, signatures: signaturesOf(signature), help: helpOf(help) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(FALLBACK_CONCURRENCY, names.length) }, worker));
  return methods;
}

export const xmlRpcClient: ProtocolClient = {
  protocol: 'xmlrpc',

  call(url, method, args, options) {
    return rawCall(url, method, args, options);
  },

  async discover(url, options = {}): Promise<Discovery> {
    let roundTrips = 1;
    const count = () => {
      roundTrips++;
    };
    const names = await listMethods(url, options);
    const chunk = Math.max(1, Math.floor(options.multicallChunk ?? DEFAULT_MULTICALL_CHUNK));
    let methods: MethodInfo[] = [];
    if (names.length > 0) {
      methods = (await describeByMulticall(url, names, chunk, options, count)) ?? (await describeOneByOne(url, names, options, count));
    }
    return { protocol: 'xmlrpc', methods, roundTrips };
  },
};
