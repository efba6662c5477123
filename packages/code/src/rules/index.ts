import { noCrossLaneImport } from './no-cross-lane-import.ts';

/** The rules of @lanes/code by ID (`lanes/<id>` in eslint-plugin-lanes). */
export const rules = { 'no-cross-lane-import': noCrossLaneImport };
