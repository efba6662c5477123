import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { FrontMatter, PatternRef, Problem, ProblemData, ProblemKinds, Span } from './model.ts';
import type { SourceMap } from './source-map.ts';
import { isBranchName } from './values.ts';

/** The front matter a plan without one has. */
export function defaultFrontMatter(): FrontMatter {
  return {
    project: null,
    maxParallel: 3,
    maxParallelSet: false,
    base: 'main',
    baseSpan: null,
    agent: 'claude',
    verify: null,
    sharedInfra: [],
    guard: null,
    integrate: 'rebase',
    integrateInto: null,
    span: null,
  };
}

const knownKeys = new Set(['project', 'max-parallel', 'base', 'agent', 'verify', 'shared-infra', 'guard', 'integrate', 'integrate-into']);

/**
 * Reads the YAML front matter whose text starts at `offset` in the plan. Every problem is recorded, never thrown.
 */
export function readFrontMatter(yaml: string, offset: number, span: Span, map: SourceMap, problems: Problem[]): FrontMatter {
  const fm = { ...defaultFrontMatter(), span };
  const doc = parseDocument(yaml, { prettyErrors: false, uniqueKeys: true });
  const at = (range: readonly number[] | null | undefined): Span =>
    range ? map.span(offset + range[0]!, offset + (range[1] ?? range[0]!)) : span;
  // A problem about one key names it; one without a key is front matter that could not be read at all.
  const report = (kind: ProblemKinds['front-matter'], data: ProblemData, message: string, where: Span, key?: string): void => {
    problems.push({ code: 'front-matter', kind, data, severity: 'error', message, span: where, ...(key === undefined ? {} : { key }) });
  };
  const error = doc.errors[0];
  if (error !== undefined) {
    // One cause, one finding: the YAML parser's later errors follow from its first (one line that is not strict YAML).
    const first = error.message.split('\n')[0]!;
    report('yamlSyntax', { error: first }, `Unexpected YAML in front matter: ${first}`, at(error.pos));
    return fm;
  }
  if (doc.contents === null) return fm;
  if (!isMap(doc.contents)) {
    report('notMapping', {}, 'Unexpected front matter: expected a YAML mapping such as `project: shop`', at(doc.contents.range));
    return fm;
  }
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as YamlNode | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = pair.value as YamlNode | null;
    const where = at(valueNode?.range ?? keyNode?.range);
    const scalar = isScalar(valueNode) ? valueNode.value : undefined;
    const text = typeof scalar === 'string' || typeof scalar === 'number' ? String(scalar) : null;
    if (!knownKeys.has(key)) {
      problems.push({
        code: 'front-matter',
        kind: 'unknownKey',
        data: { key, expected: [...knownKeys] },
        severity: 'warning',
        message: `Unexpected front matter key \`${key}\`, expected one of ${[...knownKeys].map((k) => `\`${k}\``).join(', ')}`,
        span: at(keyNode?.range),
        key,
      });
      continue;
    }
    if (key === 'shared-infra') {
      fm.sharedInfra = readPatterns(valueNode, offset, map, (m) => {
        report('sharedInfraEntry', {}, m, where, key);
      });
      continue;
    }
    if (text === null || text.trim() === '') {
      report('notSingleValue', { key }, `Unexpected value of \`${key}\` in front matter: expected a single value`, where, key);
      continue;
    }
    switch (key) {
      case 'project':
        fm.project = text.trim();
        break;
      case 'base':
        fm.base = text.trim();
        fm.baseSpan = where;
        break;
      case 'agent':
        fm.agent = text.trim();
        break;
      case 'verify':
        fm.verify = text.trim();
        break;
      case 'max-parallel':
        if (/^[1-9]\d*$/.test(text.trim())) {
          fm.maxParallel = Number(text);
          fm.maxParallelSet = true;
        } else report('maxParallel', { value: text }, `Unexpected \`max-parallel: ${text}\`, expected a whole number of at least 1`, where, key);
        break;
      case 'guard':
        if (text.trim() === 'strict') fm.guard = 'strict';
        else report('guard', { value: text }, `Unexpected \`guard: ${text}\`, expected \`guard: strict\` or no \`guard\` key`, where, key);
        break;
      case 'integrate': {
        const mode = text.trim();
        if (mode === 'rebase' || mode === 'merge' || mode === 'none') fm.integrate = mode;
        else report('integrate', { value: text }, `Unexpected \`integrate: ${text}\`, expected \`rebase\` (the default), \`merge\` or \`none\``, where, key);
        break;
      }
      case 'integrate-into':
        if (isBranchName(text.trim())) fm.integrateInto = text.trim();
        else report('integrateInto', { value: text }, `Unexpected \`integrate-into: ${text}\`, expected a git branch name such as \`main\` or \`release/2026-12\``, where, key);
        break;
    }
  }
  return fm;
}

function readPatterns(node: YamlNode | null, offset: number, map: SourceMap, report: (m: string) => void): PatternRef[] {
  const items = isSeq(node) ? node.items : [node];
  const out: PatternRef[] = [];
  for (const item of items) {
    if (isScalar(item) && typeof item.value === 'string' && item.range) {
      // A quoted scalar's range includes its quotes; the pattern's place is its first character.
      const quoted = item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE' ? 1 : 0;
      const start = offset + item.range[0] + quoted;
      out.push({ text: item.value, span: map.span(start, start + item.value.length), inCode: true });
    } else {
      report('Unexpected `shared-infra` entry: expected a list of patterns such as `- ".github/**"`');
    }
  }
  return out;
}
