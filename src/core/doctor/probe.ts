/** One raw probe of `rpc-explorer doctor`: a POST whose answer is read whatever its status. */
import { randomBytes } from 'node:crypto';
import { postBody } from '../transport';
import type { TransportOptions } from '../types';

export interface ProbeReply {
  status: number;
  /** The Content-Type header, lower-cased, without parameters ('' when absent). */
  contentType: string;
  body: Buffer;
}

export function probe(url: string, body: string | Buffer, contentType: string, options: TransportOptions, label: string): Promise<ProbeReply> {
  // Every probe is side-effect free (introspection, a method that cannot exist, or an invalid request).
  return postBody(url, body, contentType, { ...options, idempotent: true, acceptStatus: () => true }, label).then((reply) => ({
    status: reply.status,
    contentType: (reply.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase(),
    body: reply.body,
  }));
}

/** A method name no server can have: `rpc.doctor.nonexistent.<random>` (`separator` for hprose, which has no dots). */
export function nonexistentMethod(separator = '.'): string {
  return ['rpc', 'doctor', 'nonexistent', randomBytes(6).toString('hex')].join(separator);
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The start of a body for a message, on one line. */
export function excerpt(body: Buffer | string, max = 60): string {
  const text = (typeof body === 'string' ? body : body.subarray(0, max * 4).toString('utf8')).replace(/\s+/g, ' ').trim();
  return text.length > max ? JSON.stringify(text.slice(0, max - 3) + '...') : JSON.stringify(text);
}
