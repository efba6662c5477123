import type { Plan, ProblemCode, ProjectRow, Severity, Span } from '@lanes/core';

/** A text-range edit on the plan's source: replace `[start, end)` (0-based offsets) with `text`. */
export interface Fix {
  range: [number, number];
  text: string;
}

/** What a check says about one place of the plan: one of its rule's message ids, and the data the message names. */
export interface Report<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  span: Span;
  fix?: Fix;
}

/** A rule's finding with its place as 1-based lines and columns (end exclusive), ready to print. */
export interface Finding {
  ruleId: string;
  /** The rule's message id the finding was reported with (absent for findings from outside the plan rules, such as `no-cross-lane-import`). */
  messageId?: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: Fix;
}

/** What the edge knows beyond the plan itself; every rule that needs a missing piece is skipped. */
export interface LintContext {
  /** The plan's source text: fixes and the exact place of a table cell's text need it. */
  text: string | null;
  /** Every path of the repository at the plan's `base`, or null when unknown (the rules that need it are skipped). */
  filesAtBase: readonly string[] | null;
  /**
   * Finds and parses the plan a registry row's `Plan File` names (decision 11): the plan, or null when no such
   * file exists. Null when the edge cannot look (the rules that need it are skipped).
   */
  readPlan: ((planFile: string) => Plan | null) | null;
  /** The `Projects` rows of the configured registry file (decision 1); empty when there is none. */
  projects: readonly ProjectRow[];
  /** Severity overrides by rule ID: `off` turns a rule off. */
  severities: Readonly<Record<string, Severity | 'off'>>;
}

/** The context a check runs with: the lint context and the parser's problems of the codes the rule reports. */
export interface RuleContext extends LintContext {
  problems: (code: ProblemCode) => Plan['problems'];
}

/** One lint rule: a pure check over the plan model, owning its messages by typed id (as ESLint rules do). */
export interface PlanRule<MessageId extends string = string> {
  id: string;
  meta: {
    type: 'problem' | 'suggestion' | 'layout';
    /** The rule's severity unless configured otherwise. */
    severity: Severity;
    description: string;
    /** Why the rule exists, for its doc. */
    rationale: string;
    /** The group of the rule list: batches, fields, patterns, registry, registry files, file, prompts, parser. */
    group: RuleGroup;
    messages: Record<MessageId, string>;
    fixable?: 'code';
    /** The parser problem codes this rule reports, so nothing the parser saw is lost. */
    problemCodes?: readonly ProblemCode[];
    /** The pieces of `LintContext` the rule needs; it is skipped when one is missing. */
    requires?: readonly ('filesAtBase' | 'readPlan' | 'path')[];
  };
  check: (plan: Plan, context: RuleContext) => Report<MessageId>[];
}

/** The groups rules are listed under. */
export type RuleGroup = 'batches' | 'fields' | 'patterns' | 'registry' | 'registry files' | 'file and header' | 'prompts' | 'structure';
