import { describe, expect, test } from 'vitest';
import { displayPath, shellQuote } from './quote-path.ts';

describe('displayPath', () => {
  test('plain names as they are; control characters and quotes C-quoted; bytes that are not UTF-8 as octal', () => {
    expect(displayPath({ path: 'src/ünï code.ts', bytes: null })).toBe('src/ünï code.ts');
    expect(displayPath({ path: 'a\nb"c', bytes: null })).toBe('"a\\nb\\"c"');
    expect(displayPath({ path: '', bytes: Buffer.from([0x61, 0xff, 0x22]) })).toBe('"a\\377\\042"');
  });
});

describe('shellQuote', () => {
  test('quotes for sh exactly what git stores', () => {
    expect(shellQuote({ gitPath: 'src/a.ts', bytes: null })).toBe('src/a.ts');
    expect(shellQuote({ gitPath: "it's here.ts", bytes: null })).toBe("'it'\\''s here.ts'");
    expect(shellQuote({ gitPath: 'new\nline', bytes: null })).toBe("'new\nline'");
    expect(shellQuote({ gitPath: '', bytes: Buffer.from([0x61, 0xff, 0x27]) })).toBe("$'a\\xff\\x27'");
  });
});
