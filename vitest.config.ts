// Every test suite runs twice: once against embedded PGlite and once against a
// real PostgreSQL cluster that packages/server/test/global-setup.ts starts for
// the run. The two projects are identical except for CARDEPASS_TEST_DB, which
// test code reads via packages/server/test/database.ts. scripts/test.mjs then
// checks that both projects ran the same tests and none were skipped.
import { configDefaults, defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

type DbKind = 'pglite' | 'postgres';

const include = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'];
const SYSTEM_SUITES = 'packages/**/*.system.test.ts';

function dbProject(kind: DbKind) {
  return {
    // inherit the root options below (timeouts, pool)
    extends: true as const,
    test: {
      name: kind,
      include,
      exclude: [...configDefaults.exclude, SYSTEM_SUITES],
      env: { CARDEPASS_TEST_DB: kind },
      globalSetup: ['packages/server/test/global-setup.ts'],
      // Each worker process runs file after file with its modules already loaded: importing the
      // server took about 1.8 s of CPU per file, and PGlite starts from a dumped fresh cluster
      // after the first (see store.ts). Every file builds its own app and database and closes
      // them, and no suite mocks modules or changes process.env, so nothing carries over.
      isolate: false,
    },
  };
}

// Whole-system suites that run once, not per database: packaging and install of
// the built artifacts, the crash test (test/system/), and suites beside the code
// they check that bring their own store or none (deployment files, the restore
// drill, PgBouncer, readiness across a database restart: *.system.test.ts).
// PostgreSQL comes from the shared cluster, which CARDEPASS_TEST_DB=postgres provides.
const systemProject = {
  extends: true as const,
  test: {
    name: 'system',
    include: ['test/system/**/*.test.ts', SYSTEM_SUITES],
    env: { CARDEPASS_TEST_DB: 'postgres' },
    globalSetup: ['packages/server/test/global-setup.ts'],
  },
};

export default defineConfig({
  // Tests run the TypeScript sources: each workspace package's `@cardepass/source` export
  // condition points at src/index.ts (production code runs the compiled dist/).
  resolve: { conditions: ['@cardepass/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@cardepass/source', ...defaultServerConditions] } },
  test: {
    projects: [dbProject('pglite'), dbProject('postgres'), systemProject],
    // Generous: a suite may start a server, migrate a fresh database, etc.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Child processes rather than worker threads: PGlite's WASM heap and
    // native `pg` sockets are cleanly torn down with the process.
    pool: 'forks',
    // CI and dev machines have 2 cores; the PostgreSQL server needs some too.
    // Files from both projects share this one pool.
    maxWorkers: 2,
  },
});
