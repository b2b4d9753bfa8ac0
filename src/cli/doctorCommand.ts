/**
 * `rpc-explorer doctor URL`: one line per rule (`✓ id`, `✗ id: … (spec)`, `! id: … (warning)`, `- id: skipped, why`),
 * or with --json a last line {"protocol","rules":[…]}; --junit FILE writes one test case per rule. Exit 0 without a
 * failed rule, 1 with one; a server that cannot be reached or does not speak the protocol is an RpcError (exit 2).
 */
import * as fs from 'node:fs';
import * as l10n from '@vscode/l10n';
import { RpcError } from '../core/errors';
import { doctorFailed, doctorJson, doctorJunit, doctorLines, runDoctor } from '../core/doctor';
import { urlWithoutCredentials } from '../core/secrets';
import type { CliRequest } from './args';

export interface DoctorIo {
  out(line: string): void;
  note(line: string): void;
}

export async function doctorCommand(request: CliRequest, io: DoctorIo): Promise<number> {
  const report = await runDoctor(request.url, request.protocol, { timeoutMs: request.timeoutMs, headers: request.headers });
  if (report.url !== request.url) io.note(l10n.t('using {0}: {1} is not an RPC endpoint', urlWithoutCredentials(report.url), urlWithoutCredentials(request.url)));
  if (request.json) io.out(doctorJson(report));
  else for (const line of doctorLines(report)) io.out(line);
  if (request.junit !== undefined) {
    try {
      fs.writeFileSync(request.junit, doctorJunit(report));
    } catch (error) {
      throw new RpcError('usage', l10n.t('--junit {0}: cannot write it ({1})', request.junit, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
    }
  }
  return doctorFailed(report) ? 1 : 0;
}
