#!/usr/bin/env node
// `npm test`: runs vitest once (both projects, pglite and postgres, see
// vitest.config.ts), then audits the result per project. Extra arguments are
// passed through to vitest, e.g. `npm test -- packages/server/test/foo.test.ts`.
//
// Fails when vitest fails, and also when the run "passed" in a way that hides
// missing coverage: the postgres project ran nothing, the two projects ran
// different tests, or anything was skipped/todo. The last line printed is
// always `N passed, M failed`, which CI reads.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The two database projects run the same suites and are compared; `system` runs
// once (packaging, install, crash test) and must simply have run.
const PROJECTS = ['pglite', 'postgres'];
const ALL_PROJECTS = [...PROJECTS, 'system'];
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

// Selecting projects or test names on the command line legitimately narrows
// the run; only then are the corresponding checks relaxed.
const selected = [];
args.forEach((a, i) => {
  if (a === '--project') selected.push(args[i + 1]);
  else if (a.startsWith('--project=')) selected.push(a.slice('--project='.length));
});
// Naming test files narrows the run too: then no project is required to have run.
const fileFiltered = args.some((a) => !a.startsWith('-') && /\.test\.ts$|\//.test(a));
const required = selected.length ? ALL_PROJECTS.filter((p) => selected.includes(p)) : fileFiltered ? [] : ALL_PROJECTS;
// vitest reports tests filtered out by -t as skipped.
const nameFiltered = args.some((a) => a === '-t' || a.startsWith('--testNamePattern') || a.startsWith('-t='));

const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
if (!existsSync(vitestBin)) {
  console.error(`vitest is not installed (${vitestBin} missing): run npm ci`);
  console.log('0 passed, 0 failed');
  process.exit(1);
}

// Build first (incremental: seconds when nothing changed). The suites that start
// `cardepass` as a child process, and the packaging suites, run the compiled
// platform, which refuses a build older than the sources.
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('test.mjs: npm run build failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'cardepass-test-'));
const countFile = join(tmp, 'counts.json');

// Run vitest's own entry with this node rather than via npx: no shell, no
// chance of npx offering to download anything, and signals reach it directly.
const child = spawn(
  process.execPath,
  [vitestBin, 'run', '--reporter=default', '--reporter=./scripts/count-reporter.mjs', ...args],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CARDEPASS_COUNT_FILE: countFile } },
);
// Forward termination so vitest's teardown (which stops the PostgreSQL
// cluster) gets to run; we then report whatever was recorded.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));

const vitestCode = await new Promise((resolve) => {
  child.on('error', (err) => {
    console.error(`could not start vitest: ${err.message}`);
    resolve(1);
  });
  child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
});

const problems = [];
let report;
try {
  report = JSON.parse(readFileSync(countFile, 'utf8'));
} catch {
  problems.push('vitest wrote no test report (it crashed or never reached the end of the run)');
}
rmSync(tmp, { recursive: true, force: true });

const empty = { passed: [], failed: [], skipped: [], todo: [], notRun: [], brokenFiles: [] };
const projects = report?.projects ?? {};
const list = (items) => items.slice(0, 20).map((x) => `    ${x}`).join('\n') + (items.length > 20 ? `\n    … ${items.length - 20} more` : '');

let passed = 0;
let failed = 0;
if (report) {
  console.log('\nper project:');
  for (const name of [...new Set([...ALL_PROJECTS, ...Object.keys(projects)])]) {
    const p = { ...empty, ...projects[name] };
    const total = p.passed.length + p.failed.length + p.skipped.length + p.todo.length + p.notRun.length;
    passed += p.passed.length;
    failed += p.failed.length + p.brokenFiles.length;
    console.log(
      `  ${name}: ${total} tests, ${p.passed.length} passed, ${p.failed.length} failed, ` +
        `${p.skipped.length} skipped, ${p.todo.length} todo, ${p.notRun.length} not run, ${p.brokenFiles.length} broken files`,
    );
    if (required.includes(name) && total === 0) problems.push(`project ${name} ran no tests`);
    if (p.brokenFiles.length) problems.push(`project ${name}: test files failed outside any test:\n${list(p.brokenFiles)}`);
    if (p.notRun.length) problems.push(`project ${name}: ${p.notRun.length} tests never ran:\n${list(p.notRun)}`);
    // A required suite must not quietly skip (e.g. skipIf(postgres)).
    const skipped = [...(nameFiltered ? [] : p.skipped), ...p.todo];
    if (skipped.length) problems.push(`project ${name}: ${skipped.length} tests skipped or todo:\n${list(skipped)}`);
  }
  // Both projects must run the very same tests (matched by file + full name),
  // so no test exists only for one backend.
  // (Named files may all be system tests: then neither database project ran.)
  const databaseProjectsRan = PROJECTS.some((name) => (projects[name]?.passed?.length ?? 0) + (projects[name]?.failed?.length ?? 0) > 0);
  if (databaseProjectsRan && (selected.length === 0 || PROJECTS.every((name) => selected.includes(name)))) {
    const ids = (p) => {
      const q = { ...empty, ...p };
      return [...q.passed, ...q.failed, ...q.skipped, ...q.todo, ...q.notRun];
    };
    const [a, b] = PROJECTS.map((n) => ids(projects[n]));
    if (a.length !== b.length) problems.push(`projects ran different numbers of tests: ${PROJECTS[0]} ${a.length}, ${PROJECTS[1]} ${b.length}`);
    const onlyA = a.filter((id) => !b.includes(id));
    const onlyB = b.filter((id) => !a.includes(id));
    if (onlyA.length) problems.push(`tests only in ${PROJECTS[0]}:\n${list(onlyA)}`);
    if (onlyB.length) problems.push(`tests only in ${PROJECTS[1]}:\n${list(onlyB)}`);
  }
  const slowest = [...(report.fileDurations ?? [])].sort((a, b) => b.ms - a.ms).slice(0, 12);
  if (slowest.length) {
    console.log('\nslowest files:');
    for (const f of slowest) console.log(`  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.project.padEnd(8)} ${f.file}`);
  }
  if (report.reason === 'interrupted') problems.push('the run was interrupted');
  if (report.unhandledErrors) problems.push(`${report.unhandledErrors} unhandled errors during the run`);
}
if (vitestCode !== 0) problems.push(`vitest exited with code ${vitestCode}`);

for (const p of problems) console.error(`test.mjs: ${p}`);
// Nothing may be printed after this line.
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = problems.length || failed ? 1 : 0;
