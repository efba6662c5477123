import type { FileResult } from '../engine/types.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';

/** The output formats of `lanes lint --format`. */
export const formatterNames = ['stylish', 'json', 'sarif', 'github'] as const;

/** One of `formatterNames`. */
export type FormatterName = (typeof formatterNames)[number];

/** The results in a format; `displayPath` turns a result's absolute path into the path to print. */
export function formatResults(name: FormatterName, results: readonly FileResult[], displayPath: (path: string) => string, version: string): string {
  switch (name) {
    case 'stylish':
      return formatStylish(results, displayPath);
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results, displayPath, version);
    case 'github':
      return formatGithub(results, displayPath);
  }
}
