/** What the runner's own `lanes dispatch` concluded about a session, carried to the follower by an annotation. */
export interface SessionReport {
  session: string;
  /** `Done`, `Failed`, `Blocked`, `Cancelled` (or `Planned` when the dispatch never started it). */
  status: string;
  reason: string | null;
  /** What the agent reported spending, in dollars, or null. */
  cost: number | null;
}

const marker = 'lanes-report: ';

/** The title of a session's report annotation. */
export function reportTitle(session: string): string {
  return `lanes ${session}`;
}

// Workflow commands are "::<command> <key>=<value>,…::<message>" on a line of their own; the runner decodes
// %25, %0D and %0A in the message, and also %3A and %2C in property values (the toolkit's escapeData/escapeProperty).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * The workflow command that files a session's report as an annotation of its job: a notice when it is Done,
 * an error otherwise. Its message is the registry's status cell for people, then a `lanes-report:` line of JSON.
 */
export function reportCommand(report: SessionReport): string {
  const level = report.status === 'Done' ? 'notice' : 'error';
  const cell = report.reason ? `${report.status}: ${report.reason}` : report.status;
  const json = JSON.stringify({ session: report.session, status: report.status, reason: report.reason, cost: report.cost });
  return `::${level} title=${escapeProperty(reportTitle(report.session))}::${escapeData(`${cell}\n${marker}${json}`)}`;
}

/** The report in an annotation's title and message, or null when the annotation is not a session's report. */
export function readReport(annotation: { title: string | null; message: string }): SessionReport | null {
  if (annotation.title === null || !annotation.title.startsWith('lanes ')) return null;
  const line = annotation.message.split('\n').find((l) => l.startsWith(marker));
  if (line === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(marker.length));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.session !== 'string' || typeof v.status !== 'string' || annotation.title !== reportTitle(v.session)) return null;
  return {
    session: v.session,
    status: v.status,
    reason: typeof v.reason === 'string' ? v.reason : null,
    cost: typeof v.cost === 'number' ? v.cost : null,
  };
}
