/**
 * `rpc-explorer doctor`: checks a server against its protocol's rules with side-effect-free probes only
 * (introspection, methods that cannot exist, deliberately invalid requests). Throws RpcError when the server cannot
 * be reached or does not speak the protocol.
 */
import { detectProtocol } from '../index';
import type { Protocol, ProtocolChoice, TransportOptions } from '../types';
import { checkHprose } from './hprose';
import { checkJsonRpc } from './jsonrpc';
import type { DoctorReport, RuleOutcome } from './rules';
import { checkXmlRpc } from './xmlrpc';

export { RULES, rulesOf, type DoctorReport, type RuleDefinition, type RuleOutcome, type RuleLevel, type RuleStatus } from './rules';
export { doctorJson, doctorJunit, doctorLines, doctorMarkdown, doctorFailed } from './report';

const CHECKS: Record<Protocol, (url: string, options: TransportOptions) => Promise<RuleOutcome[]>> = {
  jsonrpc: checkJsonRpc,
  xmlrpc: checkXmlRpc,
  hprose: checkHprose,
};

export async function runDoctor(url: string, protocol: ProtocolChoice, options: TransportOptions = {}): Promise<DoctorReport> {
  let target = url;
  let chosen: Protocol;
  if (protocol === 'auto') {
    const detected = await detectProtocol(url, options);
    target = detected.url;
    chosen = detected.protocol;
  } else {
    chosen = protocol;
  }
  return { protocol: chosen, url: target, rules: await CHECKS[chosen](target, options) };
}
