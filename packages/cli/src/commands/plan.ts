import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parsePlan, planBatches, planToJson, type Plan } from '@lanes/core';
import { readConfig, readPlanFile } from '@lanes/repo';
import { UsageError, type Io } from '../io.ts';

/**
 * Reads and parses a plan file given on the command line, as every command reads one (`readPlanFile`: a
 * regular file, within `lanes.maxPlanBytes`, UTF-8); anything else is a usage error that says what it is.
 */
export function readPlanArgument(io: Io, file: string): Plan {
  const path = resolve(io.cwd, file);
  const read = readPlanFile(path, { maxBytes: readConfig(packageRoot(path)).maxPlanBytes });
  if (!read.ok) throw new UsageError(`cannot read plan ${file}: ${read.problem.code === undefined ? read.problem.message : `${read.problem.code}; check the path`}`);
  return parsePlan(read.text, { path: file });
}

/** The nearest folder above a file with a `package.json` (where `lanes.maxPlanBytes` is set), else the file's folder. */
function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/** `lanes plan <file> [--json]`: the parsed plan. */
export function registerPlan(program: Command, io: Io, exit: (code: number) => void): void {
  program
    .command('plan')
    .description('Print the parsed plan: batches, sessions and their merged fields, the registry and any problems')
    .argument('<file>', 'the plan markdown file')
    .option('--json', 'print the plan model as JSON')
    .addHelpText('after', '\nExit status: 0 the plan parsed cleanly, 1 it has problems, 2 it cannot be read.')
    .action((file: string, options: { json?: boolean }) => {
      const plan = readPlanArgument(io, file);
      io.stdout(options.json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : formatPlan(plan));
      exit(plan.problems.some((p) => p.severity === 'error') ? 1 : 0);
    });
}

/** The plan as a person reads it. */
export function formatPlan(plan: Plan): string {
  const fm = plan.frontMatter;
  const lines: string[] = [];
  lines.push(`${plan.header.title ?? '(untitled plan)'}${plan.path ? `  (${plan.path})` : ''}`);
  const facts = [
    plan.header.parentIssue && `parent ${plan.header.parentIssue}`,
    plan.header.date && `date ${plan.header.date}`,
    fm.project && `project ${fm.project}`,
    `max-parallel ${fm.maxParallel}`,
    `base ${fm.base}`,
    fm.verify && `verify \`${fm.verify}\``,
    fm.guard && `guard ${fm.guard}`,
  ].filter(Boolean);
  lines.push(facts.join(' · '));
  if (fm.sharedInfra.length > 0) lines.push(`shared infra: ${fm.sharedInfra.map((p) => p.text).join(', ')}`);
  for (const batch of planBatches(plan)) {
    lines.push('', `batch ${batch.number}`);
    for (const s of batch.sessions) {
      const mode = s.mode ? `${s.mode}${s.analysisOnly ? ' (analysis-only)' : ''}` : 'no mode';
      lines.push(
        `  ${s.id}  ${s.phase}  ${s.issue ?? 'no issue'}  ${s.focus ?? ''}`.trimEnd(),
        `      ${mode} → ${s.launchAs ?? 'unknown launch mode'} · ${s.agent}${s.agentLaunchable ? '' : ' (external: its prompt is handed over)'}${s.model ? ` (${s.model})` : ''} · ${s.estCost === null ? 'no estimate' : `~$${s.estCost}`}${s.branch ? ` · ${s.branch}` : ''}`,
      );
      if (s.dependsOn.length > 0) lines.push(`      depends on ${s.dependsOn.join(', ')}`);
      lines.push(`      owns  ${s.owns.length > 0 ? s.owns.map((p) => p.text).join(', ') : '(nothing)'}`);
      if (s.reads.length > 0) lines.push(`      reads ${s.reads.map((p) => p.text).join(', ')}`);
      if (s.run) lines.push(`      runs  ${s.run.code.split('\n').length} line(s) of ${s.run.lang}`);
      if (s.prompt) lines.push('      literal prompt');
    }
  }
  if (plan.registry) {
    lines.push('', 'registry');
    for (const row of plan.registry.rows) {
      lines.push(`  ${row.session}  ${row.issue ?? ''}  ${row.phase ?? ''}  ${row.status}${row.reason ? `: ${row.reason}` : ''}`);
    }
  }
  if (plan.problems.length > 0) {
    lines.push('', 'problems');
    for (const p of plan.problems) {
      lines.push(`  ${plan.path ?? '<plan>'}:${p.span.start.line}:${p.span.start.column}  ${p.severity}  ${p.message}  (${p.code})`);
    }
  }
  return `${lines.join('\n')}\n`;
}
