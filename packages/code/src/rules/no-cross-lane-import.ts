import { dirname, isAbsolute } from 'node:path';
import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';
import { FallbackResolver, type ImportKind, type ModuleResolver } from '../fallback-resolver.ts';
import { defaultPlanPaths, findRepoRoot, loadPlanLanes } from '../load-plan-lanes.ts';
import { pathFromRoot } from '../path-from-root.ts';
import type { CrossLaneRead, PlanLanes } from '../plan-lanes.ts';
import { chainResolvers, TypeScriptResolver } from '../typescript-resolver.ts';

/** Where a rule's doc is: `docs/rules/<name>.md` of the Lanes repository. */
export function docsUrl(name: string): string {
  return new URL(`../../../../docs/rules/${name}.md`, import.meta.url).href;
}

const createRule = ESLintUtils.RuleCreator(docsUrl);

/** The options of `no-cross-lane-import`. */
export interface NoCrossLaneImportOptions {
  /** The plan, as a path from the repository root; default: `LANES_PLAN`, else the configured plans that own the file. */
  plan?: string;
}

/** A cross-lane read the rule found, with the import that makes it. */
export interface ImportRead extends CrossLaneRead {
  lanes: PlanLanes;
  /** The importing file and the imported one, from the repository root. */
  from: string;
  to: string;
  specifier: string;
  /** The specifier's place in the importing file (1-based lines, 0-based columns, as ESTree). */
  loc: TSESTree.SourceLocation;
}

/** What `lintCode` gives the rule instead of finding it: the root, the plan, a resolver, and where to tell each read. */
export interface RuleHooks {
  root?: string;
  lanes?: readonly PlanLanes[];
  /** Used when the file has no type information. */
  resolver?: ModuleResolver;
  onRead?: (read: ImportRead) => void;
}

type MessageIds = 'crossLaneImport';

// A long-running ESLint (an editor) keeps the rule's resolver a few seconds, as long as one lint run takes
// for files that share folders; then it sees new files.
const resolverTtlMs = 5000;
let shared: { at: number; resolver: FallbackResolver } | null = null;

function sharedResolver(): FallbackResolver {
  const now = Date.now();
  if (shared === null || now - shared.at > resolverTtlMs) shared = { at: now, resolver: new FallbackResolver() };
  return shared.resolver;
}

const typedResolvers = new WeakMap<ts.Program, ModuleResolver>();

/** The rule, with what `lintCode` provides; `noCrossLaneImport` is the rule with none of it. */
export function createNoCrossLaneImport(hooks: RuleHooks = {}) {
  return createRule<[NoCrossLaneImportOptions], MessageIds>({
    name: 'no-cross-lane-import',
    meta: {
      type: 'problem',
      docs: {
        description:
          'Disallow importing a file that another session of the same batch owns, unless the importing session depends on it or lists the file in `Reads`',
      },
      messages: {
        crossLaneImport:
          "{{reader}} reads {{owner}}'s output through `{{from}}` → `{{to}}` ({{reader}} owns it by `{{readerPattern}}` at {{readerAt}}, {{owner}} by `{{ownerPattern}}` at {{ownerAt}}): make {{reader}} depend on {{owner}}, or add the file to {{reader}}'s Reads",
      },
      schema: [
        {
          type: 'object',
          properties: { plan: { type: 'string', description: 'The plan, as a path from the repository root' } },
          additionalProperties: false,
        },
      ],
      defaultOptions: [{}],
    },
    create(context, [options]) {
      const filename = context.filename;
      if (!isAbsolute(filename)) return {};
      const root = hooks.root ?? findRepoRoot(dirname(filename)) ?? context.cwd;
      const from = pathFromRoot(root, filename);
      if (from === null) return {};
      const plans = hooks.lanes ?? (options.plan === undefined ? defaultPlanPaths(root) : [options.plan]).map((plan) => loadPlanLanes(root, plan));
      const lanes = plans.filter((plan) => plan.mayReadAcross(from));
      if (lanes.length === 0) return {};
      const resolver = resolverFor(context.sourceCode.parserServices?.program ?? null, hooks.resolver ?? sharedResolver());

      const check = (node: TSESTree.Node, specifier: string, kind: ImportKind): void => {
        const target = resolver.resolve(specifier, filename, kind);
        if (target === null) return;
        const to = pathFromRoot(root, target);
        if (to === null) return;
        for (const plan of lanes) {
          for (const read of plan.crossLaneReads(from, to)) {
            const at = (line: number): string => `${plan.planPath}:${line}`;
            context.report({
              node,
              messageId: 'crossLaneImport',
              data: {
                reader: read.reader.id,
                owner: read.owner.id,
                from,
                to,
                readerPattern: read.readerPattern.text,
                readerAt: at(read.readerPattern.span.start.line),
                ownerPattern: read.ownerPattern.text,
                ownerAt: at(read.ownerPattern.span.start.line),
              },
            });
            hooks.onRead?.({ ...read, lanes: plan, from, to, specifier, loc: node.loc });
          }
        }
      };
      const checkLiteral = (node: TSESTree.Node | null | undefined, kind: ImportKind): void => {
        const specifier = node === null || node === undefined ? null : staticString(node);
        if (specifier !== null) check(node!, specifier, kind);
      };

      return {
        ImportDeclaration(node) {
          checkLiteral(node.source, 'import');
        },
        ExportNamedDeclaration(node) {
          checkLiteral(node.source, 'import');
        },
        ExportAllDeclaration(node) {
          checkLiteral(node.source, 'import');
        },
        ImportExpression(node) {
          checkLiteral(node.source, 'dynamic');
        },
        TSImportType(node) {
          checkLiteral(node.source, 'import');
        },
        TSExternalModuleReference(node) {
          checkLiteral(node.expression, 'require');
        },
        CallExpression(node) {
          if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require' || node.arguments.length !== 1) return;
          checkLiteral(node.arguments[0], 'require');
        },
      };
    },
  });
}

/** `lanes/no-cross-lane-import`: an import that reads the output of another session of the importing file's batch. */
export const noCrossLaneImport = createNoCrossLaneImport();

function resolverFor(program: ts.Program | null, fallback: ModuleResolver): ModuleResolver {
  if (program === null) return fallback;
  let resolver = typedResolvers.get(program);
  if (resolver === undefined) {
    resolver = chainResolvers(new TypeScriptResolver(program), fallback);
    typedResolvers.set(program, resolver);
  }
  return resolver;
}

/** A string literal's value, or a template literal's without expressions; null for anything computed. */
function staticString(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' ? node.value : null;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}
