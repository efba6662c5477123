import { createHash } from 'node:crypto';

/** A short, stable digest of text or bytes. */
export function digest(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
