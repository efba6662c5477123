import { describe, expect, test } from 'vitest';
import { objectNote, parseRawDiff, RawDiffReader } from './raw-diff.ts';

const a = 'a'.repeat(40);
const b = 'b'.repeat(40);
const z = '0'.repeat(40);
const record = (header: string, path: string | Buffer): Buffer => Buffer.concat([Buffer.from(`${header}\0`), Buffer.from(path), Buffer.from('\0')]);

describe('parseRawDiff', () => {
  test('reads every change kind of `git diff-index -z --raw --no-renames`', () => {
    const out = Buffer.concat([
      record(`:000000 100644 ${z} ${a} A`, 'new.ts'),
      record(`:100644 100644 ${a} ${b} M`, 'changed.ts'),
      record(`:100644 000000 ${a} ${z} D`, 'gone.ts'),
      record(`:100644 100755 ${a} ${a} M`, 'run.sh'),
      record(`:100644 120000 ${a} ${b} T`, 'link'),
      record(`:000000 160000 ${z} ${b} A`, 'vendor/lib'),
    ]);
    const changes = parseRawDiff(out);
    expect(changes.map((c) => [c.path, c.kind, c.oldMode, c.newMode, objectNote(c)])).toEqual([
      ['new.ts', 'added', '000000', '100644', null],
      ['changed.ts', 'modified', '100644', '100644', null],
      ['gone.ts', 'deleted', '100644', '000000', null],
      ['run.sh', 'mode-changed', '100644', '100755', null],
      ['link', 'type-changed', '100644', '120000', 'symlink'],
      ['vendor/lib', 'added', '000000', '160000', 'submodule'],
    ]);
    expect([changes[1]!.oldOid, changes[1]!.newOid]).toEqual([a, b]);
  });

  test('paths with newlines, spaces and quotes are taken verbatim; composed to NFC for matching', () => {
    const changes = parseRawDiff(Buffer.concat([record(`:000000 100644 ${z} ${a} A`, 'a b\n"c".ts'), record(`:000000 100644 ${z} ${a} A`, 'cafe\u0301.md')]));
    expect(changes.map((c) => [c.path, c.gitPath, c.validUtf8])).toEqual([
      ['a b\n"c".ts', 'a b\n"c".ts', true],
      ['caf\u00e9.md', 'cafe\u0301.md', true],
    ]);
  });

  test('a name that is not UTF-8 keeps its bytes and is marked, without spoiling the names around it', () => {
    const changes = parseRawDiff(Buffer.concat([record(`:000000 100644 ${z} ${a} A`, Buffer.from([0x78, 0xff])), record(`:000000 100644 ${z} ${a} A`, 'ü.ts')]));
    expect(changes[0]).toMatchObject({ validUtf8: false, bytes: Buffer.from([0x78, 0xff]) });
    expect(changes[1]).toMatchObject({ path: 'ü.ts', validUtf8: true, bytes: null });
  });

  test('chunks split anywhere, even inside a multi-byte character, give the same changes', () => {
    const out = Buffer.concat([record(`:000000 100644 ${z} ${a} A`, 'dir/ünï.ts'), record(`:100644 100644 ${a} ${b} M`, 'x')]);
    for (let cut = 1; cut < out.length; cut++) {
      const reader = new RawDiffReader();
      reader.push(out.subarray(0, cut));
      reader.push(out.subarray(cut));
      expect(reader.finish().map((c) => c.path)).toEqual(['dir/ünï.ts', 'x']);
    }
  });

  test('a record spread over three chunks', () => {
    const out = Buffer.concat([record(`:000000 100644 ${z} ${a} A`, 'one'), record(`:100644 100644 ${a} ${b} M`, 'two/long/path.ts'), record(`:100644 000000 ${a} ${z} D`, 'three')]);
    for (let first = 1; first < out.length - 1; first += 7) {
      for (let second = first + 1; second < out.length; second += 5) {
        const reader = new RawDiffReader();
        for (const part of [out.subarray(0, first), out.subarray(first, second), out.subarray(second)]) reader.push(part);
        expect(reader.finish().map((c) => [c.path, c.kind])).toEqual([
          ['one', 'added'],
          ['two/long/path.ts', 'modified'],
          ['three', 'deleted'],
        ]);
      }
    }
  });

  test('output that ends inside a record is an error, not a shorter list', () => {
    expect(() => parseRawDiff(Buffer.from(`:000000 100644 ${z} ${a} A\0half`))).toThrow('unexpected end of git diff output');
  });
});

describe('RawDiffReader.dropPaths', () => {
  test('counts every change and keeps none of those it drops, those parsed before it was set included; a path that is not UTF-8 is always kept', () => {
    const reader = new RawDiffReader();
    const out = Buffer.concat([record(`:000000 100644 ${z} ${a} A`, 'in/one.ts'), record(`:100644 100644 ${a} ${b} M`, 'out/two.ts')]);
    reader.push(out.subarray(0, 115)); // the first record (109 bytes), and a part of the second
    reader.dropPaths((path) => path.startsWith('in/'));
    reader.push(out.subarray(115));
    reader.push(
      Buffer.concat([
        record(`:100644 000000 ${a} ${z} D`, 'in/three.ts'),
        record(`:100644 000000 ${a} ${z} D`, 'out/four.ts'),
        record(`:000000 100644 ${z} ${a} A`, Buffer.from([0x69, 0x6e, 0x2f, 0xff])),
      ]),
    );
    expect(reader.finish().map((c) => [c.path, c.kind, c.validUtf8])).toEqual([
      ['out/two.ts', 'modified', true],
      ['out/four.ts', 'deleted', true],
      ['in/\xff', 'added', false],
    ]);
    expect(reader.count).toBe(5);
  });
});
