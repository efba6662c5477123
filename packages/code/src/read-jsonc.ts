import { readFileSync } from 'node:fs';

/** Parses JSON with comments and trailing commas (tsconfig.json); null when the file is missing or not such JSON. */
export function readJsonc(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(stripJsonc(text)) as unknown;
  } catch {
    return null;
  }
}

/** JSON text without `//` and `/* *\/` comments and without commas before `}` or `]` (strings kept as they are). */
export function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  // Where the last comma was written to `out`, while only whitespace and comments followed it.
  let pendingComma = -1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end + 1;
      pendingComma = -1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      if ((char === '}' || char === ']') && pendingComma >= 0) out = out.slice(0, pendingComma) + out.slice(pendingComma + 1);
      if (char === ',') pendingComma = out.length;
      else if (!/\s/.test(char)) pendingComma = -1;
      out += char;
      i += 1;
    }
  }
  return out;
}
