/**
 * The XML-RPC client: calls, and discovery through the introspection API (system.listMethods, then
 * system.methodSignature and system.methodHelp for every method, batched with system.multicall).
 *
 * Servers differ in what multicall sends back: the standard wraps each result in a one-element array, supervisord
 * and Perl's RPC::XML send it bare, and an entry may be a fault struct. Each chunk's answer is read both ways and
 * checked against what was asked; a chunk whose shape cannot be trusted is asked again one call per method.
 * Whatever could not be read ends up in Discovery.warnings, never silently as "no help".
 */
import * as l10n from '@vscode/l10n';
import { isDeepStrictEqual } from 'node:util';
import { RpcError, RpcFault } from '../errors';
import { httpTransport } from '../httpTransport';
import type { CallOptions, DiscoverOptions, Discovery, MethodInfo, ProtocolClient, TypedValue } from '../types';
import { decodeMethodResponse } from './decode';
import { encodeXmlRpcCall } from './request';
import { ASKED, faultReading, INTROSPECTION_METHOD, mentions, multicallFault, readAnswer, readAs, type Asked, type MulticallShape, type Question, type Reading } from './introspectionAnswers';

export const DEFAULT_MULTICALL_CHUNK = 500;
/** Parallel requests when falling back to one call per method (a threaded server answers them at once). */
const FALLBACK_CONCURRENCY = 4;

export function noIntrospectionMessage(): string {
  return l10n.t('this server has no introspection: add `server.register_introspection_functions()`');
}

/** One call, sent as encodeXmlRpcCall writes it (the bytes a "copy as curl" snippet shows). */
async function rawCall(url: string, method: string, args: readonly TypedValue[], options: CallOptions = {}): Promise<TypedValue> {
  return httpTransport.send(url, encodeXmlRpcCall(method, args), options, method, (reply) => decodeMethodResponse(reply.body));
}

/** Is this fault the server saying the method does not exist (Python, Apache ws-xmlrpc, PHP, the spec's -32601)? */
function isMissingMethod(fault: RpcFault, method: string): boolean {
  if (fault.code === -32601) return true;
  return fault.faultString.includes(method) && /not (be )?(supported|found|registered|defined)|no such|unknown|does not exist|isn't supported/i.test(fault.faultString);
}

async function listMethods(url: string, options: DiscoverOptions): Promise<string[]> {
  let listed: TypedValue;
  try {
    listed = await rawCall(url, 'system.listMethods', [], options);
  } catch (error) {
    if (error instanceof RpcFault) {
      const message = isMissingMethod(error, 'system.listMethods')
        ? noIntrospectionMessage()
        : l10n.t('{0} (system.listMethods answered {1})', noIntrospectionMessage(), error.message);
      throw new RpcError('no-introspection', message, 'xmlrpc');
    }
    throw error;
  }
  if (!Array.isArray(listed) || !listed.every((name) => typeof name === 'string')) {
    throw new RpcError('malformed', l10n.t('system.listMethods did not answer a list of method names'), 'xmlrpc');
  }
  return listed as string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery of signatures and help

interface MethodReadings {
  signatures?: Reading;
  help?: Reading;
}

/** The state of one discovery: what was read, and what the server turned out not to have. */
class Describer {
  readonly readings: MethodReadings[];
  /** Introspection methods the server does not have, with the evidence: not asked again. */
  readonly absent = new Map<Asked, string>();
  /** Learned from the first chunk that shows it; settles later chunks that could be read either way (ambiguous). */
  shape: MulticallShape | undefined;
  roundTrips = 0;

  constructor(
    private readonly url: string,
    readonly names: readonly string[],
    private readonly options: DiscoverOptions,
    /** What system.listMethods answered: when it lists itself, a system.* method missing from it is likely absent. */
    private readonly listed: ReadonlySet<string>,
  ) {
    this.readings = names.map(() => ({}));
  }

  private call(method: string, args: TypedValue[]): Promise<TypedValue> {
    this.roundTrips++;
    return rawCall(this.url, method, args, this.options);
  }

  private wanted(): Asked[] {
    return ASKED.filter((asked) => !this.absent.has(asked));
  }

  /**
   * Notes a fault that shows the server lacks an introspection method: it says so (method not found), or the
   * method is missing from a listing that lists the system.* methods and faults (aria2 answers 'Unauthorized').
   */
  private noteAbsence(question: Question, fault: RpcFault): void {
    const method = INTROSPECTION_METHOD[question.asked];
    if (this.absent.has(question.asked)) return;
    // "system.methodHelp: Method foo unknown" (RPC::XML) is about foo, not about methodHelp.
    if (isMissingMethod(fault, method) && !mentions(fault.faultString, this.names[question.index])) {
      this.absent.set(question.asked, fault.message);
    } else if (this.listed.has('system.listMethods') && !this.listed.has(method)) {
      this.absent.set(question.asked, l10n.t('it is not in system.listMethods, and asking it answered {0}', fault.message));
    }
  }

  private record(question: Question, reading: Reading): void {
    this.readings[question.index][question.asked] = reading;
    if (!reading.ok && reading.fault) this.noteAbsence(question, reading.fault);
  }

  /** Asks one question by itself; a fault or an unreadable answer is recorded, a failed request rejects. */
  private async askOne(question: Question): Promise<void> {
    if (this.absent.has(question.asked)) return;
    let value: TypedValue;
    try {
      value = await this.call(INTROSPECTION_METHOD[question.asked], [this.names[question.index]]);
    } catch (error) {
      if (error instanceof RpcFault) return this.record(question, faultReading(error));
      if (error instanceof RpcError && error.kind === 'malformed') return this.record(question, { ok: false, problem: error.message });
      throw error;
    }
    this.record(question, readAnswer(question.asked, value));
  }

  /** One request per question, a few in parallel (servers without multicall, or a chunk that could not be read). */
  async askOneByOne(questions: readonly Question[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < questions.length) await this.askOne(questions[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(FALLBACK_CONCURRENCY, questions.length) }, worker));
  }

  /** Both questions about each method, the signature first. */
  questionsAbout(indexes: readonly number[]): Question[] {
    const wanted = this.wanted();
    const questions: Question[] = [];
    for (const index of indexes) for (const asked of wanted) questions.push({ index, asked });
    return questions;
  }

  /**
   * Asks a chunk's questions in one system.multicall. Resolves false when the server has no multicall (it
   * faulted); a chunk whose answer cannot be trusted is asked again one call per method.
   */
  async askByMulticall(indexes: readonly number[], first: boolean): Promise<boolean> {
    const questions = this.questionsAbout(indexes);
    if (questions.length === 0) return true;
    const calls = questions.map(({ index, asked }) => ({ methodName: INTROSPECTION_METHOD[asked], params: [this.names[index]] }));
    let results: TypedValue;
    try {
      results = await this.call('system.multicall', [calls]);
    } catch (error) {
      if (error instanceof RpcFault && first) return false;
      // A later chunk's fault, or a broken answer (Perl's RPC::XML sends a <fault> inside a <value> when one
      // call of the batch faults): this chunk alone, one call per method.
      if (error instanceof RpcFault || (error instanceof RpcError && error.kind === 'malformed')) {
        await this.askOneByOne(questions);
        return true;
      }
      throw error;
    }
    if (!Array.isArray(results) || results.length !== questions.length) {
      await this.askOneByOne(questions);
      return true;
    }
    const read = this.readChunk(questions, results);
    if (read) {
      questions.forEach((question, i) => this.record(question, read[i]));
      return true;
    }
    // Faults read the same whatever the shape: keep them (they may show a missing methodHelp), ask the rest.
    const unanswered = questions.filter((question, i) => {
      const fault = multicallFault(results[i]);
      if (fault) this.record(question, faultReading(fault));
      return !fault;
    });
    await this.askOneByOne(unanswered.filter(({ asked }) => !this.absent.has(asked)));
    this.learnShape(questions, results);
    return true;
  }

  /** The readings of a chunk's answer, or undefined when its shape is wrong or ambiguous. */
  private readChunk(questions: readonly Question[], results: readonly TypedValue[]): Reading[] | undefined {
    const wrapped = readAs('wrapped', questions, results);
    const bare = readAs('bare', questions, results);
    if (wrapped && bare) {
      if (isDeepStrictEqual(wrapped, bare)) return wrapped;
      // E.g. ["struct"]: a bare flat signature, or a wrapped 'none'? Only the chunks before can tell.
      return this.shape === 'wrapped' ? wrapped : this.shape === 'bare' ? bare : undefined;
    }
    if (wrapped || bare) this.shape ??= wrapped ? 'wrapped' : 'bare';
    return wrapped ?? bare;
  }

  /** After an ambiguous chunk was asked one by one: which reading of the multicall answer matched? */
  private learnShape(questions: readonly Question[], results: readonly TypedValue[]): void {
    if (this.shape) return;
    const direct = questions.map(({ index, asked }) => this.readings[index][asked]);
    const matches = (['wrapped', 'bare'] as const).filter((shape) => {
      const readings = readAs(shape, questions, results);
      return readings?.every((reading, i) => {
        const answer = direct[i];
        return !answer?.ok || (reading.ok && isDeepStrictEqual(reading.value, answer.value));
      });
    });
    if (matches.length === 1) this.shape = matches[0];
  }

  methods(): MethodInfo[] {
    return this.names.map((name, i) => {
      const { signatures, help } = this.readings[i];
      return {
        name,
        signatures: signatures?.ok ? (signatures.value as string[][] | null) : null,
        help: help?.ok ? (help.value as string | null) : null,
      };
    });
  }

  /** One line per thing that could not be read; a method merely without help is not one. */
  warnings(): string[] {
    const lines: string[] = [];
    const absent = ASKED.filter((asked) => this.absent.has(asked));
    if (absent.length === 2) {
      const [signatures, help] = ASKED.map((asked) => this.absent.get(asked)!);
      const evidence = signatures === help ? signatures : `system.methodHelp: ${help}; system.methodSignature: ${signatures}`;
      lines.push(l10n.t('no help or signatures: the server has no system.methodHelp or system.methodSignature ({0})', evidence));
    } else if (absent.length === 1) {
      const method = INTROSPECTION_METHOD[absent[0]];
      lines.push(
        absent[0] === 'help'
          ? l10n.t('no help: the server has no {0} ({1})', method, this.absent.get(absent[0])!)
          : l10n.t('no signatures: the server has no {0} ({1})', method, this.absent.get(absent[0])!),
      );
    }
    const failed = (i: number, asked: Asked): string | undefined => {
      if (this.absent.has(asked)) return undefined;
      const reading = this.readings[i][asked];
      return reading && !reading.ok ? reading.problem : undefined;
    };
    const both: number[] = [];
    const only: Record<Asked, number[]> = { signatures: [], help: [] };
    this.names.forEach((_, i) => {
      const signatures = failed(i, 'signatures');
      const help = failed(i, 'help');
      if (signatures !== undefined && help !== undefined) both.push(i);
      else if (signatures !== undefined) only.signatures.push(i);
      else if (help !== undefined) only.help.push(i);
    });
    const causes = (indexes: number[], asked: Asked): string => {
      const problems = [...new Set(indexes.map((i) => failed(i, asked)!))];
      const more = problems.length === 1 ? '' : problems.length === 2 ? l10n.t(' and 1 other answer') : l10n.t(' and {0} other answers', problems.length - 1);
      return `${INTROSPECTION_METHOD[asked]}: ${problems[0]}${more}`;
    };
    const of = (count: number) => (this.names.length === 1 ? l10n.t('{0} of 1 method', count) : l10n.t('{0} of {1} methods', count, this.names.length));
    if (both.length > 0) {
      lines.push(l10n.t('help and signatures could not be read for {0} ({1}; {2})', of(both.length), causes(both, 'help'), causes(both, 'signatures')));
    }
    if (only.help.length > 0) lines.push(l10n.t('help could not be read for {0} ({1})', of(only.help.length), causes(only.help, 'help')));
    if (only.signatures.length > 0) lines.push(l10n.t('signatures could not be read for {0} ({1})', of(only.signatures.length), causes(only.signatures, 'signatures')));
    return lines;
  }
}

/**
 * Multicall requests in flight at once after the first: the server works on the next chunk while we decode the
 * previous one (a single-threaded server just queues the second connection).
 */
const MULTICALL_CONCURRENCY = 2;

async function describeMethods(url: string, names: string[], chunk: number, options: DiscoverOptions): Promise<Describer> {
  const describer = new Describer(url, names, options, new Set(names));
  const chunks: number[][] = [];
  for (let start = 0; start < names.length; start += chunk) {
    chunks.push(Array.from({ length: Math.min(chunk, names.length - start) }, (_, i) => start + i));
  }
  // The first chunk alone: a fault there means no multicall, and then the others need not be sent.
  if (!(await describer.askByMulticall(chunks[0], true))) {
    await describer.askOneByOne(describer.questionsAbout(names.map((_, i) => i)));
    return describer;
  }
  let next = 1;
  const worker = async () => {
    while (next < chunks.length) await describer.askByMulticall(chunks[next++], false);
  };
  await Promise.all(Array.from({ length: Math.min(MULTICALL_CONCURRENCY, chunks.length - 1) }, worker));
  return describer;
}

export const xmlRpcClient: ProtocolClient = {
  protocol: 'xmlrpc',

  call(url, method, args, options) {
    return rawCall(url, method, args, options);
  },

  async discover(url, options = {}): Promise<Discovery> {
    const names = await listMethods(url, options);
    if (names.length === 0) return { protocol: 'xmlrpc', methods: [], roundTrips: 1 };
    const chunk = Math.max(1, Math.floor(options.multicallChunk ?? DEFAULT_MULTICALL_CHUNK));
    const described = await describeMethods(url, names, chunk, options);
    const warnings = described.warnings();
    return {
      protocol: 'xmlrpc',
      methods: described.methods(),
      roundTrips: 1 + described.roundTrips,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  },
};
