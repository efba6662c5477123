import { describe, expect, it } from 'vitest';
import { readReport, reportCommand } from './session-report.ts';

describe('session reports', () => {
  it('files a Done session as a notice and a failed one as an error, with the registry cell first', () => {
    expect(reportCommand({ session: 'S-A', status: 'Done', reason: null, cost: 0.25 })).toBe(
      '::notice title=lanes S-A::Done%0Alanes-report: {"session":"S-A","status":"Done","reason":null,"cost":0.25}',
    );
    expect(reportCommand({ session: 'S-C', status: 'Failed', reason: 'exit 1 — 100% broken\nsecond line', cost: null })).toBe(
      '::error title=lanes S-C::Failed: exit 1 — 100%25 broken%0Asecond line%0Alanes-report: {"session":"S-C","status":"Failed","reason":"exit 1 — 100%25 broken\\nsecond line","cost":null}',
    );
  });

  it('reads back what the runner decoded into an annotation, and nothing else', () => {
    const report = { session: 'S-C', status: 'Failed', reason: 'exit 1 — a, b: c % d', cost: 1.5 };
    const line = reportCommand(report);
    // The runner decodes %25, %0D, %0A (and %3A, %2C in properties) as the toolkit encodes them.
    const [, title, message] = /^::error title=([^:]*)::(.*)$/.exec(line)!;
    const decode = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    expect(readReport({ title: decode(title!), message: decode(message!) })).toEqual(report);
    expect(readReport({ title: 'lanes S-D', message: decode(message!) })).toBeNull();
    expect(readReport({ title: 'lanes S-C', message: 'Failed: exit 1' })).toBeNull();
    expect(readReport({ title: null, message: decode(message!) })).toBeNull();
    expect(readReport({ title: 'lanes S-C', message: 'lanes-report: {not json' })).toBeNull();
  });
});
