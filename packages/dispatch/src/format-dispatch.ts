import { shellQuote } from './agent-command.ts';
import type { RunEvent } from './dispatch-run.ts';
import type { PreparedDispatch } from './prepare-dispatch.ts';
import type { RunStatus } from './run-control.ts';
import type { RunState, SessionState } from './run-state.ts';

const money = (n: number | null): string => (n === null ? '—' : `$${Number.isInteger(n) ? n : n.toFixed(2)}`);

/** The dispatch table as a person reads it: batches, sessions, and the proof that each batch is disjoint. */
export function formatDispatchTable(prepared: PreparedDispatch): string {
  const { table, plan } = prepared;
  const lines: string[] = [];
  lines.push(`Dispatch of ${table.planPath}${plan.header.title ? ` — ${plan.header.title}` : ''}`);
  lines.push(`max-parallel ${table.maxParallel} · workspace ${table.workspaceMode} · base ${plan.frontMatter.base}${plan.frontMatter.verify ? ` · verify \`${plan.frontMatter.verify}\`` : ''} · estimated ${money(table.estCost)}`);
  for (const batch of table.batches) {
    lines.push('', `Batch ${batch.number}  (estimated ${money(batch.estCost)})`);
    // The merge order is shown where it decides something: a session has one, or two sessions' branches may meet.
    const merge = batch.sessions.some((r) => r.mergeOrder !== null) || batch.proof.some((p) => p.landsInOrder);
    const rows = batch.sessions.map((r) => [
      r.id,
      r.agent,
      r.mode ?? '—',
      r.launchAs + (r.needsHuman ? ' (needs a person)' : ''),
      r.workspace === 'worktree' ? `worktree ${r.worktreePath} on ${r.branch}` : 'shared',
      money(r.estCost),
      ...(merge ? [r.workspace === 'worktree' ? (r.mergeOrder === null ? 'as finished' : String(r.mergeOrder)) : '—'] : []),
      r.skip === null ? (r.session.dependsOn.length > 0 ? `after ${r.session.dependsOn.join(', ')}` : '') : `skip: ${r.skip}`,
    ]);
    lines.push(...columns([['session', 'agent', 'mode', 'launch as', 'workspace', 'est.', ...(merge ? ['merge order'] : []), ''], ...rows]).map((l) => `  ${l}`));
    if (batch.proof.length === 0) lines.push('  disjoint: one session runs');
    for (const p of batch.proof) {
      if (p.landsInOrder) lines.push(`  branches ${p.a} × ${p.b}: ${p.reason}; each works on its own branch, and they land in merge order: a conflict at \`${p.witness ?? '?'}\` fails the later one`);
      else lines.push(`  ${p.disjoint ? 'disjoint' : 'OVERLAP '} ${p.a} × ${p.b}: ${p.reason}`);
    }
  }
  if (prepared.findings.length > 0) {
    lines.push('', 'Lint');
    for (const f of prepared.findings) lines.push(`  ${table.planPath}:${f.line}:${f.column}  ${f.severity}  ${f.message}  (${f.ruleId})`);
  }
  return `${lines.join('\n')}\n`;
}

/** `--dry-run`: the table, then each session's full prompt and exact command line. */
export function formatDryRun(prepared: PreparedDispatch): string {
  const parts = [formatDispatchTable(prepared)];
  for (const l of prepared.launches) {
    if (l.row.skip !== null) continue;
    parts.push(`\n── ${l.row.id} ${'─'.repeat(Math.max(0, 60 - l.row.id.length))}\n`);
    parts.push(`cwd: ${l.row.workspace === 'worktree' ? l.row.worktreePath : '.'}\n`);
    parts.push(`env: LANES_SESSION=${l.row.id} LANES_PLAN=${prepared.request.planPath}\n`);
    if (l.launch !== null) {
      parts.push(`argv: ${JSON.stringify(l.launch.argv)}\n`);
      parts.push(`as a shell line: ${l.launch.argv.map(shellQuote).join(' ')}\n`);
      if (l.launch.interactive) parts.push('needs a person: the runner opens it in a tmux window (or prints the command to attach) and tracks it\n');
    } else {
      parts.push(`cannot launch: ${l.error}\n`);
    }
    parts.push(`prompt (${l.promptFile}):\n${l.prompt}`);
  }
  return parts.join('');
}

/** The table and launches as `lanes dispatch --dry-run --json` prints them. */
export function dispatchJson(prepared: PreparedDispatch): unknown {
  return {
    plan: prepared.table.planPath,
    maxParallel: prepared.table.maxParallel,
    workspace: prepared.table.workspaceMode,
    estCost: prepared.table.estCost,
    findings: prepared.findings,
    blockers: prepared.blockers,
    batches: prepared.table.batches.map((b) => ({
      number: b.number,
      estCost: b.estCost,
      disjoint: b.disjoint,
      proof: b.proof,
      sessions: b.sessions.map((r) => {
        const l = prepared.launches.find((x) => x.row.id === r.id);
        return {
          id: r.id,
          agent: r.agent,
          mode: r.mode,
          launchAs: r.launchAs,
          needsHuman: r.needsHuman,
          workspace: r.workspace,
          branch: r.branch,
          worktree: r.worktreePath,
          estCost: r.estCost,
          mergeOrder: r.mergeOrder,
          dependsOn: r.session.dependsOn,
          skip: r.skip,
          argv: l?.launch?.argv ?? null,
          prompt: l?.prompt ?? null,
          error: l?.error ?? null,
        };
      }),
    })),
  };
}

/** One line per event, for logs, CI and terminals that are not a TTY. */
export function formatEvent(event: RunEvent): string | null {
  const t = new Date().toISOString().slice(11, 19);
  switch (event.type) {
    case 'run-start':
      return `${t} run ${event.runId}${event.resumed ? ' (resumed)' : ''}`;
    case 'batch-start':
      return `${t} batch ${event.batch}: ${event.sessions.join(', ')}`;
    case 'session':
      return `${t} ${event.id} ${event.status}${event.reason ? `: ${event.reason}` : ''}${event.status === 'Active' && event.state.workspace === 'worktree' && event.reason === null ? ` (worktree ${event.state.branch ?? ''})` : ''}`;
    case 'human':
      return `${t} ${event.id} needs a person: ${event.tmux ? `tmux window ${event.tmux}; or ` : ''}run ${event.command.map(shellQuote).join(' ')}`;
    case 'adopted':
      return `${t} ${event.id} adopted (pid ${event.pid} still runs)`;
    case 'landed': {
      const steps = event.steps.map((st) =>
        st.kind === 'landed' ? `${st.id} ${st.how === 'rebase' ? 'rebased' : st.how === 'merge' ? 'merged' : 'fast-forward'}` : st.kind === 'nothing' ? `${st.id} had nothing to land` : `${st.id} did not land (${st.kind === 'conflict' ? 'conflict' : 'outside its lane'}: ${st.paths.join(', ')})`,
      );
      return `${t} batch ${event.batch} ${event.advanced ? `landed on ${event.target} at ${event.tip.slice(0, 7)}` : `landed as ${event.tip.slice(0, 7)}, not on ${event.target}`}: ${steps.join(', ')}${event.reason ? `\n    ${event.reason}` : ''}`;
    }
    case 'verify':
      return `${t} verify after batch ${event.batch}${event.cwd === '.' ? '' : ` (on the landed tree in ${event.cwd})`}: \`${event.command}\` ${event.ok ? 'passed' : `FAILED (exit ${event.exitCode})`}${!event.ok && event.output ? `\n${indent(event.output.split('\n').slice(-15).join('\n'))}` : ''}`;
    case 'batch-end': {
      const rows = event.summary.map((s) => [s.id, s.status, `${s.commits} commit${s.commits === 1 ? '' : 's'}`, s.diffstat, `audit ${s.audit}`, `${money(s.cost)} of ${money(s.estCost)}`]);
      const reasons = event.summary.filter((s) => s.reason !== null).map((s) => `    ${s.id}: ${s.reason ?? ''}`);
      return `${t} batch ${event.batch} summary\n${columns(rows).map((l) => `  ${l}`).join('\n')}${reasons.length > 0 ? `\n${reasons.join('\n')}` : ''}`;
    }
    case 'registry':
      return event.committed ? `${t} registry written and committed (${event.path})` : null;
    case 'note':
      return `${t} note: ${event.message}`;
    case 'run-end':
      return `${t} run ${event.outcome}, exit ${event.exitCode}${event.spent > 0 ? `, spent ${money(event.spent)}` : ''}`;
  }
}

/** The live table redrawn on a terminal: one line per session with its status and time. */
export function formatLiveTable(state: RunState, now = Date.now()): string[] {
  const rows = Object.values(state.sessions).map((s) => [s.id, s.status, elapsed(s, now), money(s.cost), s.reason ?? (s.workspace === 'worktree' && s.branch ? s.branch : '')]);
  return columns([['session', 'status', 'time', 'cost', ''], ...rows]);
}

/** `lanes status`: the run's sessions, from the state file. */
export function formatStatus(status: RunStatus, now = Date.now()): string {
  const { state } = status;
  const lines = [
    `${state.planPath}: run ${state.runId} ${status.runnerAlive ? `running (runner pid ${status.runnerPid})` : (state.outcome ?? 'ended')}, started ${state.startedAt}${state.endedAt ? `, ended ${state.endedAt}` : ''}`,
  ];
  const rows = Object.values(state.sessions).map((s) => [
    s.id,
    s.status + (s.status === 'Active' && !status.alive.includes(s.id) && s.human === null ? ' (not running)' : ''),
    s.agent,
    s.workspace === 'worktree' ? (s.branch ?? 'worktree') : 'shared',
    elapsed(s, now),
    money(s.cost),
    s.process && status.alive.includes(s.id) ? `pid ${s.process.pid}` : '',
    [s.reason, s.landed ? `landed as ${s.landed.slice(0, 7)}` : null].filter((x) => x !== null).join('; '),
  ]);
  lines.push(...columns([['session', 'status', 'agent', 'workspace', 'time', 'cost', '', ''], ...rows]).map((l) => `  ${l}`));
  const landed = [...state.batches].reverse().find((b) => b.landing);
  if (landed?.landing) {
    lines.push(
      landed.landing.advanced
        ? `  batch ${landed.number} landed on ${state.target ?? 'its target'} at ${landed.landing.tip.slice(0, 7)}`
        : `  batch ${landed.number} did not land on ${state.target ?? 'its target'}: ${landed.landing.reason ?? 'see the run log'}`,
    );
  }
  for (const s of Object.values(state.sessions)) if (s.human !== null && s.status === 'Active') lines.push(`  ${s.id} needs a person: ${s.human.command.map(shellQuote).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

function elapsed(s: SessionState, now: number): string {
  if (s.startedAt === null) return '';
  const end = s.endedAt === null ? now : Date.parse(s.endedAt);
  const sec = Math.max(0, Math.round((end - Date.parse(s.startedAt)) / 1000));
  return sec < 60 ? `${sec}s` : `${Math.floor(sec / 60)}m${String(sec % 60).padStart(2, '0')}s`;
}

function columns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
