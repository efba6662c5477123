/** The text of a file's bytes, or why they are not a plan's text (binary, not UTF-8). */
export function decodeText(bytes: Uint8Array): { text: string } | { reason: string } {
  const head = bytes.subarray(0, 64 * 1024);
  const nul = head.indexOf(0);
  if (nul !== -1) return { reason: `Unexpected binary content (a NUL byte at byte ${nul}), expected a markdown plan` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return { reason: 'Unexpected bytes that are not UTF-8, expected a markdown plan in UTF-8' };
  }
}
