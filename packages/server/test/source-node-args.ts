// Node flags that run the TypeScript sources in a child process, from any working
// directory: the workspace packages' `source` export condition (src/index.ts
// instead of dist/) and tsx's loader by absolute URL (a bare `--import tsx`
// resolves from the child's cwd, which a test may set to an empty directory).
import { pathToFileURL } from 'node:url';

const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url);

export const SOURCE_NODE_ARGS: readonly string[] = ['--conditions=source', '--import', pathToFileURL(TSX_LOADER.pathname).href];

/** The CLI's entry point in the sources: `node ...SOURCE_NODE_ARGS CLI_MAIN serve`. */
export const CLI_MAIN = new URL('../../cli/src/main.ts', import.meta.url).pathname;
