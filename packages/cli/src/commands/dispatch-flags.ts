import { parseDuration } from '@lanes/core/model';
import { UsageError } from '../io.ts';

/** The options of `lanes dispatch`, as commander gives them. */
export interface DispatchFlags {
  workspace: string;
  maxParallel?: string;
  only?: string;
  keepGoing?: boolean;
  integrateInto?: string;
  resolve?: boolean;
  /** False with `--no-integrate`. */
  integrate?: boolean;
  land?: string;
  dryRun?: boolean;
  json?: boolean;
  yes?: boolean;
  resume?: boolean;
  timeout?: string;
  idleTimeout: string;
  budget?: string;
  agent?: string;
  command?: string;
  commandEvents?: string;
  grace: string;
  tmux: boolean;
  attach?: string;
  demo?: boolean;
  done?: string;
  skipVerify?: boolean;
  engine: string;
  emit?: string;
  run?: boolean;
  follow?: string;
  workflow?: string;
  ref?: string;
  pollInterval?: string;
  findTimeout?: string;
  followTimeout?: string;
  runsOn?: string;
  nodeVersion?: string;
  install?: string;
  secrets?: string;
  annotate?: string;
  cache: boolean;
}

/** A duration option in seconds; a usage error when it is not one. */
export function seconds(text: string, flag: string): number {
  const s = parseDuration(text);
  if (s === null) throw new UsageError(`${flag} ${text} is not a duration; use a number with s, m or h, such as 90s or 15m`);
  return s;
}

/** The options that only mean something with `--engine github-actions`, and whether each was given. */
export function githubOnlyFlags(flags: DispatchFlags): Record<string, boolean> {
  return {
    '--emit': flags.emit !== undefined,
    '--run': flags.run === true,
    '--follow': flags.follow !== undefined,
    '--workflow': flags.workflow !== undefined,
    '--ref': flags.ref !== undefined,
    '--poll-interval': flags.pollInterval !== undefined,
    '--find-timeout': flags.findTimeout !== undefined,
    '--follow-timeout': flags.followTimeout !== undefined,
    '--runs-on': flags.runsOn !== undefined,
    '--node-version': flags.nodeVersion !== undefined,
    '--install': flags.install !== undefined,
    '--secrets': flags.secrets !== undefined,
    '--annotate': flags.annotate !== undefined,
    '--land': flags.land !== undefined,
  };
}
