import { mkdtempSync, readdirSync, readFileSync, realpathSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFilesKept, readSigned, writeSigned } from './signed-cache.ts';

const key = Buffer.alloc(32, 7);

describe('signed cache files', () => {
  it('reads back what was written with the key; an edit, another key or no signature reads as nothing', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-signed-')));
    const file = join(dir, 'a.json');
    writeSigned(file, { owns: ['src/a/**'] }, key);
    expect(readSigned(file, key)).toEqual({ owns: ['src/a/**'] });
    expect(readSigned(file, Buffer.alloc(32, 8))).toBeNull();
    const [mac, json] = readFileSync(file, 'utf8').split('\n') as [string, string];
    writeFileSync(file, `${mac}\n${json.replace('src/a', 'src')}`);
    expect(readSigned(file, key)).toBeNull();
    writeFileSync(file, json);
    expect(readSigned(file, key)).toBeNull();
    expect(readSigned(join(dir, 'none.json'), key)).toBeNull();
  });

  it('keeps a folder to its most recently written files: past the limit the oldest go', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lanes-signed-')));
    for (let i = 0; i < cacheFilesKept; i++) {
      writeSigned(join(dir, `f${i}.json`), i, key);
      utimesSync(join(dir, `f${i}.json`), 1_000_000 + i, 1_000_000 + i);
    }
    expect(readdirSync(dir)).toHaveLength(cacheFilesKept);
    writeSigned(join(dir, 'newest.json'), 'n', key);
    const left = readdirSync(dir);
    expect(left).toHaveLength(192);
    expect(left).toContain('newest.json');
    expect(left).not.toContain('f64.json');
    expect(left).toContain('f65.json');
    expect(readSigned(join(dir, 'newest.json'), key)).toBe('n');
  });
});
