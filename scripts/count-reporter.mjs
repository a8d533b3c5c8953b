// vitest reporter used by scripts/test.mjs. The built-in JSON reporter cannot
// tell the two projects apart (its per-file entries carry only the file path,
// and both projects run the same files), so this one records, per project,
// each test's outcome keyed by file and full name, and writes it as JSON to
// the path in CARDEPASS_COUNT_FILE. Without that variable it does nothing.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class CountReporter {
  /** @param {import('vitest/node').Vitest} vitest */
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  /**
   * @param {ReadonlyArray<import('vitest/node').TestModule>} testModules
   * @param {ReadonlyArray<unknown>} unhandledErrors
   * @param {string} reason 'passed' | 'failed' | 'interrupted'
   */
  onTestRunEnd(testModules, unhandledErrors, reason) {
    const out = process.env.CARDEPASS_COUNT_FILE;
    if (!out) return;
    /** @type {Record<string, {passed: string[], failed: string[], skipped: string[], todo: string[], notRun: string[], brokenFiles: string[]}>} */
    const projects = {};
    /** Per file and project, milliseconds importing it and running its tests and hooks: to find what makes CI slow. */
    const fileDurations = [];
    for (const mod of testModules) {
      const name = mod.project.name;
      const p = (projects[name] ??= { passed: [], failed: [], skipped: [], todo: [], notRun: [], brokenFiles: [] });
      const file = relative(this.root ?? process.cwd(), mod.moduleId);
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const id = `${file} > ${test.fullName}`;
        const { state } = test.result();
        if (state === 'passed') p.passed.push(id);
        else if (state === 'failed') {
          p.failed.push(id);
          failedHere++;
        } else if (state === 'skipped') (test.options.mode === 'todo' ? p.todo : p.skipped).push(id);
        else p.notRun.push(id); // 'pending': run was cancelled or bailed out
      }
      // A file can fail with no failing test: import/syntax error, a throwing
      // beforeAll/afterAll, or no tests at all. That must count as a failure.
      if (mod.state() === 'failed' && failedHere === 0) p.brokenFiles.push(file);
      const { duration, collectDuration } = mod.diagnostic();
      fileDurations.push({ project: name, file, ms: Math.round(duration + collectDuration) });
    }
    writeFileSync(out, JSON.stringify({ reason, unhandledErrors: unhandledErrors.length, projects, fileDurations }, null, 2));
  }
}
