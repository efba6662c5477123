import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from '@eslint/plugin-kit';
import type { FileProblem, RulesConfig, SourceLocation } from '@eslint/core';

/** A rule configuration from an inline `eslint` comment, and where it was written. */
type InlineConfigElement = { config: { rules: RulesConfig }; loc: SourceLocation };
import type { Plan } from '@lanes/core';
import type { LintContext, RuleContext } from '@lanes/lint';
import { findInlineComments, ruleContext } from '@lanes/lint';
import type { Node, Root } from 'mdast';

/** An `<!-- … -->` comment of the plan, as the node that inline configuration is read from. */
export interface PlanComment {
  type: 'Comment';
  value: string;
  loc: SourceLocation;
  range: [number, number];
}

const commentParser = new ConfigCommentParser();

/** The SourceCode of a plan file: the text, its mdast tree, and the plan model the rules read. */
export class PlanSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: Root;
  SyntaxElementWithLoc: Node | PlanComment;
  ConfigNode: PlanComment;
}> {
  /** The plan model, parsed from the same text. */
  readonly plan: Plan;
  /** What the edge knows beyond the plan: files at `base`, other plans, configured projects. */
  readonly lintContext: LintContext;
  /** The rule context of `plan` (parser problems by code), made once for all rules. */
  readonly ruleContext: RuleContext;
  #comments: PlanComment[] | undefined;
  readonly #parents = new WeakMap<Node, Node>();

  constructor({ text, ast, plan, lintContext }: { text: string; ast: Root; plan: Plan; lintContext: LintContext }) {
    super({ text, ast });
    this.plan = plan;
    this.lintContext = lintContext;
    this.ruleContext = ruleContext(plan, lintContext);
  }

  override getLoc(node: Node | PlanComment): SourceLocation {
    if ('loc' in node) return node.loc;
    const { start, end } = node.position!;
    return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
  }

  override getRange(node: Node | PlanComment): [number, number] {
    if ('range' in node) return node.range;
    return [node.position!.start.offset!, node.position!.end.offset!];
  }

  /** The parent of an mdast node. */
  override getParent(node: Node): Node | undefined {
    return this.#parents.get(node);
  }

  /** Every HTML comment of the plan that holds inline configuration, read by `findInlineComments` as `lanes lint` reads it. */
  getInlineConfigNodes(): PlanComment[] {
    this.#comments ??= findInlineComments(this.text).map(({ value, range }) => ({
      type: 'Comment',
      value,
      range,
      loc: { start: this.getLocFromIndex(range[0]), end: this.getLocFromIndex(range[1]) },
    }));
    return this.#comments;
  }

  /** The `eslint-disable…` and `eslint-enable` directives, for ESLint to apply. */
  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed === undefined || parsed.label === 'eslint') continue;
      if (parsed.label === 'eslint-disable-line' && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${parsed.label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      const type = parsed.label.slice('eslint-'.length) as 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
      directives.push(new Directive({ type, node: comment, value: parsed.value, justification: parsed.justification }));
    }
    return { problems, directives };
  }

  /** Rule configuration from `<!-- eslint lanes/rule: "off" -->` comments. */
  applyInlineConfig(): { configs: InlineConfigElement[]; problems: FileProblem[] } {
    const configs: InlineConfigElement[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed?.label !== 'eslint') continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: result.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }

  /** Enter and exit steps over the mdast tree, depth first. */
  override *traverse(): Iterable<VisitNodeStep> {
    const steps: VisitNodeStep[] = [];
    const visit = (node: Node, parent: Node | undefined): void => {
      if (parent !== undefined) this.#parents.set(node, parent);
      steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, parent] }));
      for (const child of (node as Node & { children?: Node[] }).children ?? []) visit(child, node);
      steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, parent] }));
    };
    visit(this.ast, undefined);
    yield* steps;
  }
}
