/**
 * The identity of a source file on disk: the same file however its path was spelled (relative, `..`, or in another
 * case where the file system ignores case — Windows and macOS by default). Pure Node.
 */
import * as path from 'path';

const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';

/** A key equal for every spelling of the same file's path. */
export function fileKey(file: string): string {
  const resolved = path.resolve(file);
  return CASE_INSENSITIVE ? resolved.toLowerCase() : resolved;
}

export function sameFile(a: string, b: string): boolean {
  return fileKey(a) === fileKey(b);
}
