/**
 * The rules `rpc-explorer doctor` checks, by id (a contract: ids never change, new rules get new ids), with their
 * level ("fail" counts toward the exit code, "warn" does not) and the spec section each one comes from.
 */
import type { Protocol } from '../types';

export type RuleLevel = 'fail' | 'warn';
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface RuleDefinition {
  id: string;
  protocol: Protocol;
  level: RuleLevel;
  /** A link to the spec's section the rule comes from. */
  spec: string;
}

export interface RuleOutcome {
  id: string;
  level: RuleLevel;
  status: RuleStatus;
  /** What was wrong (in the spec's words), why it was skipped, or what passed. */
  detail: string;
  spec: string;
}

const JSONRPC = 'https://www.jsonrpc.org/specification';
const XMLRPC = 'http://xmlrpc.com/spec.md';
const HPROSE = 'https://github.com/hprose/hprose/blob/master/1.0-2.0/spec.mediawiki';

/** In the order they are reported. */
/** What `rpc-explorer doctor` found: one outcome per rule of the protocol. */
export interface DoctorReport {
  protocol: Protocol;
  /** The URL checked (the given one, or the protocol's usual path auto-detection found). */
  url: string;
  rules: RuleOutcome[];
}

export const RULES: readonly RuleDefinition[] = [
  { id: 'jsonrpc.version', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#response_object` },
  { id: 'jsonrpc.id', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#response_object` },
  { id: 'jsonrpc.method-not-found', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#error_object` },
  { id: 'jsonrpc.parse-error', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#error_object` },
  { id: 'jsonrpc.invalid-request', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#error_object` },
  { id: 'jsonrpc.response-shape', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#response_object` },
  { id: 'jsonrpc.notification', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#notification` },
  { id: 'jsonrpc.batch', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#batch` },
  { id: 'jsonrpc.batch-empty', protocol: 'jsonrpc', level: 'fail', spec: `${JSONRPC}#batch` },
  { id: 'jsonrpc.content-type', protocol: 'jsonrpc', level: 'warn', spec: 'https://www.jsonrpc.org/historical/json-rpc-over-http.html' },
  { id: 'openrpc.document', protocol: 'jsonrpc', level: 'warn', spec: 'https://spec.open-rpc.org/#openrpc-object' },
  { id: 'xmlrpc.response', protocol: 'xmlrpc', level: 'fail', spec: `${XMLRPC}#response-format` },
  { id: 'xmlrpc.content-type', protocol: 'xmlrpc', level: 'fail', spec: `${XMLRPC}#response-format` },
  { id: 'xmlrpc.fault', protocol: 'xmlrpc', level: 'fail', spec: `${XMLRPC}#fault-example` },
  { id: 'xmlrpc.malformed-request', protocol: 'xmlrpc', level: 'fail', spec: `${XMLRPC}#response-format` },
  { id: 'xmlrpc.introspection', protocol: 'xmlrpc', level: 'fail', spec: 'http://xmlrpc-c.sourceforge.net/introspection.html' },
  { id: 'xmlrpc.signature', protocol: 'xmlrpc', level: 'warn', spec: 'http://xmlrpc-c.sourceforge.net/introspection.html' },
  { id: 'xmlrpc.multicall', protocol: 'xmlrpc', level: 'warn', spec: 'https://mirrors.talideon.com/articles/multicall.html' },
  { id: 'hprose.function-list', protocol: 'hprose', level: 'fail', spec: HPROSE },
  { id: 'hprose.error', protocol: 'hprose', level: 'fail', spec: HPROSE },
];

export function rulesOf(protocol: Protocol): RuleDefinition[] {
  return RULES.filter((rule) => rule.protocol === protocol);
}

/**
 * Collects one protocol's outcomes: each rule is decided once (the first verdict that is not a pass wins over a
 * later pass), and a rule never decided is reported as skipped with `why`.
 */
export class Verdicts {
  private readonly outcomes = new Map<string, RuleOutcome>();

  constructor(private readonly protocol: Protocol) {}

  private definition(id: string): RuleDefinition {
    const found = RULES.find((rule) => rule.id === id && rule.protocol === this.protocol);
    if (!found) throw new Error(`unknown rule ${id}`);
    return found;
  }

  pass(id: string, detail = ''): void {
    if (!this.outcomes.has(id)) this.set(id, 'pass', detail);
  }

  /** A broken rule: "fail" or "warn" by the rule's level. The first broken verdict of a rule is kept. */
  broken(id: string, detail: string): void {
    const known = this.outcomes.get(id);
    if (known && known.status !== 'pass') return;
    this.set(id, this.definition(id).level === 'fail' ? 'fail' : 'warn', detail);
  }

  /** A warning whatever the rule's level (a tolerated deviation). */
  warn(id: string, detail: string): void {
    const known = this.outcomes.get(id);
    if (known && known.status !== 'pass') return;
    this.set(id, 'warn', detail);
  }

  skip(id: string, why: string): void {
    if (!this.outcomes.has(id)) this.set(id, 'skip', why);
  }

  has(id: string): boolean {
    return this.outcomes.has(id);
  }

  private set(id: string, status: RuleStatus, detail: string): void {
    const rule = this.definition(id);
    this.outcomes.set(id, { id, level: rule.level, status, detail, spec: rule.spec });
  }

  /** Every rule of the protocol, in table order; `why` for the ones never decided. */
  list(why: string): RuleOutcome[] {
    return rulesOf(this.protocol).map((rule) => this.outcomes.get(rule.id) ?? { id: rule.id, level: rule.level, status: 'skip', detail: why, spec: rule.spec });
  }
}
