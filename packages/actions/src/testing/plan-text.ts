/** One session of a plan made for a test. */
export interface TestSession {
  id: string;
  batch: number;
  dependsOn?: string[];
  agent?: string;
  mode?: string;
  timeout?: string;
  branch?: string;
  owns?: string[];
  run?: string;
  status?: string;
}

/** A small plan in the plan format: a Dispatch table, a section per session, a Session Registry. */
export function testPlan(sessions: TestSession[], front: { maxParallel?: number; verify?: string; agent?: string; base?: string; integrate?: string } = {}): string {
  const lines = ['---', 'project: test', `max-parallel: ${front.maxParallel ?? 3}`, `base: ${front.base ?? 'main'}`, `agent: ${front.agent ?? 'shell'}`];
  if (front.verify !== undefined) lines.push(`verify: ${front.verify}`);
  if (front.integrate !== undefined) lines.push(`integrate: ${front.integrate}`);
  lines.push('---', '', '# Test plan', '', '**Parent issue:** TEST-1', '**Date:** 2026-11-20', '', '## Dispatch', '');
  lines.push('| Session | Issue | Focus | Mode | Est. Cost | Branch | Agent | Batch | Depends on |', '|---|---|---|---|---|---|---|---|---|');
  sessions.forEach((s, i) => {
    const agent = s.agent ?? front.agent ?? 'shell';
    const branch = s.branch ?? `${agent}/test-${i + 10}-work`;
    lines.push(`| ${s.id} | TEST-${i + 10} | Work ${s.id} | ${s.mode ?? 'quick'} | ~$2 | ${branch} | ${agent} | ${s.batch} | ${(s.dependsOn ?? []).join(', ') || '—'} |`);
  });
  lines.push('', '## Sessions', '');
  for (const s of sessions) {
    lines.push(`### ${s.id}: Work ${s.id}`, '', `- **Owns:** ${(s.owns ?? [`work/${s.id}/**`]).map((p) => `\`${p}\``).join(', ')}`);
    if (s.timeout !== undefined) lines.push(`- **Timeout:** ${s.timeout}`);
    lines.push('- **Run:**', '', '```sh', s.run ?? `echo ${s.id}`, '```', '');
  }
  lines.push('## Session Registry', '', '| Session Name | Issue | Phase | Plan File | Status |', '|---|---|---|---|---|');
  const perBatch = new Map<number, number>();
  sessions.forEach((s, i) => {
    const n = perBatch.get(s.batch) ?? 0;
    perBatch.set(s.batch, n + 1);
    lines.push(`| ${s.id} | TEST-${i + 10} | ${s.batch}${String.fromCharCode(65 + n)} | 2026-11-20-test-plan.md | ${s.status ?? 'Planned'} |`);
  });
  return `${lines.join('\n')}\n`;
}
