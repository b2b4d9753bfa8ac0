/**
 * Reads one HTTP/1.x response from the bytes of a connection, as they arrive: the status line and headers, then
 * the body framed by Content-Length, chunked transfer coding, or the end of the connection. Malformed input throws
 * an error whose code names the problem as Node's parser does (HPE_...), so it is worded like Node's.
 */

export interface ResponseHead {
  status: number;
  statusMessage: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The server lets the connection serve another request after this answer. */
  keepAlive: boolean;
}

type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

const MAX_HEAD_BYTES = 80 * 1024;
const MAX_CHUNK_LINE_BYTES = 4 * 1024;
const EMPTY = Buffer.alloc(0);

export class HttpParseError extends Error {
  constructor(readonly code: string) {
    super(`Parse Error: ${code}`);
  }
}

/**
 * `push` the bytes received; `onHead` is called once with the final (non-1xx) head, `onBody` with each piece of the
 * body. `complete` turns true when the message is whole; `end` says whether the connection's end completes it.
 */
export class ResponseReader {
  head: ResponseHead | undefined;
  complete = false;
  /** Bytes came after the complete message: the connection is out of step. */
  trailing = false;
  private pending: Buffer = EMPTY;
  private framing: Framing | undefined;
  private chunkLeft = -1; // chunked: bytes of the current chunk still to read; -1 reading a size line; -2 trailers

  constructor(
    private readonly onHead: (head: ResponseHead) => void,
    private readonly onBody: (piece: Buffer) => void,
  ) {}

  push(data: Buffer): void {
    if (this.complete) {
      if (data.length > 0) this.trailing = true;
      return;
    }
    let buffer = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    this.pending = EMPTY;
    while (!this.framing) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffer.length > MAX_HEAD_BYTES) throw new HttpParseError('HPE_HEADER_OVERFLOW');
        this.pending = buffer;
        return;
      }
      const head = parseHead(buffer.toString('latin1', 0, end));
      buffer = buffer.subarray(end + 4);
      if (head.status >= 100 && head.status < 200) continue; // 100 Continue and friends: the answer follows
      this.head = head.head;
      this.framing = head.framing;
      this.onHead(head.head);
    }
    this.readBody(buffer);
  }

  /** The connection ended: true when that completes the message (a body framed by the end of the connection). */
  end(): boolean {
    if (this.framing?.kind === 'close' && !this.complete) this.complete = true;
    return this.complete;
  }

  private finish(rest: Buffer): void {
    this.complete = true;
    if (rest.length > 0) this.trailing = true;
  }

  private readBody(buffer: Buffer): void {
    const framing = this.framing!;
    if (framing.kind === 'close') {
      if (buffer.length > 0) this.onBody(buffer);
      return;
    }
    if (framing.kind === 'length') {
      const piece = buffer.length <= framing.left ? buffer : buffer.subarray(0, framing.left);
      framing.left -= piece.length;
      if (piece.length > 0) this.onBody(piece);
      if (framing.left === 0) this.finish(buffer.subarray(piece.length));
      return;
    }
    this.readChunks(buffer);
  }

  private readChunks(input: Buffer): void {
    let buffer = input;
    while (buffer.length > 0 && !this.complete) {
      if (this.chunkLeft > 0) {
        const piece = buffer.length <= this.chunkLeft ? buffer : buffer.subarray(0, this.chunkLeft);
        this.chunkLeft -= piece.length;
        this.onBody(piece);
        buffer = buffer.subarray(piece.length);
        // The CRLF after the chunk's data is read as an empty size line below.
        if (this.chunkLeft === 0) this.chunkLeft = -3;
        continue;
      }
      const lineEnd = buffer.indexOf('\r\n');
      if (lineEnd < 0) {
        if (buffer.length > MAX_CHUNK_LINE_BYTES) throw new HttpParseError(this.chunkLeft === -2 ? 'HPE_HEADER_OVERFLOW' : 'HPE_INVALID_CHUNK_SIZE');
        this.pending = buffer;
        return;
      }
      const line = buffer.toString('latin1', 0, lineEnd);
      buffer = buffer.subarray(lineEnd + 2);
      if (this.chunkLeft === -3) {
        if (line !== '') throw new HttpParseError('HPE_STRICT');
        this.chunkLeft = -1;
      } else if (this.chunkLeft === -2) {
        if (line === '') this.finish(buffer);
      } else {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) throw new HttpParseError('HPE_INVALID_CHUNK_SIZE');
        this.chunkLeft = parseInt(size[1], 16);
        if (this.chunkLeft === 0) this.chunkLeft = -2;
      }
    }
  }
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: ([^\r\n]*))?$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHead(text: string): { status: number; head: ResponseHead; framing: Framing } {
  const lines = text.split('\r\n');
  const statusLine = STATUS_LINE.exec(lines[0]);
  if (!statusLine) throw new HttpParseError('HPE_INVALID_CONSTANT');
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : '';
    if (!TOKEN.test(name)) throw new HttpParseError('HPE_INVALID_HEADER_TOKEN');
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  const status = Number(statusLine[2]);
  const connection = (headers['connection'] ?? '').toLowerCase();
  const http10 = statusLine[1] === '0';
  let framing: Framing;
  if (status === 204 || status === 304) framing = { kind: 'length', left: 0 };
  else if (/(^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'] ?? '')) framing = { kind: 'chunked' };
  else if (headers['content-length'] !== undefined) {
    // Repeated equal values ("5, 5") are one length; anything else is not a length.
    const values = new Set(headers['content-length'].split(',').map((v) => v.trim()));
    const [only] = values;
    if (values.size !== 1 || !/^\d{1,15}$/.test(only)) throw new HttpParseError('HPE_UNEXPECTED_CONTENT_LENGTH');
    framing = { kind: 'length', left: Number(only) };
  } else framing = { kind: 'close' };
  const keepAlive = framing.kind !== 'close' && (http10 ? /\bkeep-alive\b/.test(connection) : !/\bclose\b/.test(connection));
  return { status, head: { status, statusMessage: statusLine[3] ?? '', headers, keepAlive }, framing };
}
