// How tests start `cardepass` as a child process: the compiled platform
// (packages/cli/bin → dist/bundle), exactly what `npm start` and the installed
// package run, and a few seconds of CPU cheaper per start than transpiling the
// sources with tsx. `npm test` builds first (scripts/test.mjs), so the build is
// current; run alone, vitest gets the bin's one-line "run npm run build" refusal.
import { pathToFileURL } from 'node:url';

const BIN = new URL('../../cli/bin/cardepass.mjs', import.meta.url).pathname;

/** `node ...CLI_COMMAND serve …`: the compiled CLI. */
export const CLI_COMMAND: readonly string[] = [BIN];

const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url);

/**
 * The sources through tsx instead, for the tests that load a TypeScript helper into the
 * CLI's own process (`--import help-walker.ts`): the workspace packages' source export
 * condition and tsx's loader by absolute URL, so they work from any working directory.
 */
export const SOURCE_NODE_ARGS: readonly string[] = ['--conditions=@cardepass/source', '--import', pathToFileURL(TSX_LOADER.pathname).href];

/** The CLI's entry point in the sources: `node ...SOURCE_NODE_ARGS CLI_MAIN …`. */
export const CLI_MAIN = new URL('../../cli/src/main.ts', import.meta.url).pathname;
