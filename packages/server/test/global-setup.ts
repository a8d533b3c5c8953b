// vitest globalSetup shared by both projects (see /vitest.config.ts). It runs
// in the main vitest process once per project, before that project's workers
// start. Only the postgres project needs anything: one cluster for the whole
// run, whose admin URL is handed to the test workers via provide()/inject().
// Each test file then creates its own database in it (see database.ts).
import type { TestProject } from 'vitest/node';
import { startCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the throwaway cluster; only provided in the postgres project. */
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // test.env is applied to the workers, not to this process, so read the
  // project's config rather than process.env.
  const kind = project.config.env?.CARDEPASS_TEST_DB;
  if (kind !== 'postgres') return undefined;

  const cluster = await startCluster();
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
