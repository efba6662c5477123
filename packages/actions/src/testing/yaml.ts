/** The YAML parser, for tests outside this package that read the workflows it writes. */
export { parse as parseYaml } from 'yaml';
