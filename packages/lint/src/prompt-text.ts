import type { LiteralPrompt, Span } from '@lanes/core';

/**
 * The span of the first line of a literal prompt that `test` accepts, found in the plan's source; the fenced
 * block's span when the text is unknown or the line is not found. The prompt's text is the block's content,
 * which starts on the line after the opening fence.
 */
export function promptLineSpan(prompt: LiteralPrompt, text: string | null, test: (line: string) => boolean): Span {
  if (text === null) return prompt.span;
  const block = text.slice(prompt.span.start.offset, prompt.span.end.offset);
  const firstBreak = block.indexOf('\n');
  if (firstBreak === -1) return prompt.span;
  let offset = prompt.span.start.offset + firstBreak + 1;
  let line = prompt.span.start.line + 1;
  while (offset < prompt.span.end.offset) {
    const end = text.indexOf('\n', offset);
    const stop = end === -1 || end > prompt.span.end.offset ? prompt.span.end.offset : end;
    const content = text.slice(offset, stop);
    if (test(content)) {
      const lead = content.length - content.trimStart().length;
      const body = content.trim();
      return {
        start: { line, column: lead + 1, offset: offset + lead },
        end: { line, column: lead + body.length + 1, offset: offset + lead + body.length },
      };
    }
    offset = stop + 1;
    line += 1;
  }
  return prompt.span;
}

/** The `Execution mode: … | Launch as: …` line of a prompt, split, or null. */
export function executionLine(promptText: string): { mode: string; launchAs: string; line: string } | null {
  for (const line of promptText.split('\n')) {
    const m = /^\s*Execution mode:\s*(.*?)\s*\|\s*Launch as:\s*(.*?)\s*$/i.exec(line);
    if (m) return { mode: m[1]!, launchAs: m[2]!, line };
  }
  return null;
}

/** Issue IDs in a line of text, in order. */
export function issueIdsIn(line: string): string[] {
  return [...line.matchAll(/\b[A-Za-z][A-Za-z0-9]*-\d+\b/g)].map((m) => m[0]);
}

/** The first line of a prompt that is not blank: its action line. */
export function actionLine(promptText: string): string {
  return promptText.split('\n').find((l) => l.trim() !== '') ?? '';
}
