#!/usr/bin/env node
// `npm run build` (and `npm ci`, through the root `prepare` script):
//   1. tsc project build: every package's src/ to dist/ with .d.ts declarations
//      (contract and server are importable as libraries, the SDK's types come from here);
//   2. esbuild bundles of what is shipped to users:
//      - packages/cli/dist/bundle/cardepass.js: the platform (CLI + server + contract in one
//        file set; third-party packages stay normal dependencies of the `cardepass` package);
//      - the SDK's ESM, CommonJS and browser builds (packages/sdk/scripts/build.mjs).
//   3. the web console (Vite) into packages/console/dist, copied to packages/cli/dist/console.
// Ends by writing dist/BUILD_STAMP in the CLI package: the start command compares
// it with the sources' modification times and refuses to serve a stale build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const started_ms = Date.now();

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${[command, ...args].join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

// The SDK's published files first: the CLI's typecheck below reads its bundled dist/index.d.ts.
const sdkBuild = join(root, 'packages/sdk/scripts/build.mjs');
if (existsSync(sdkBuild)) run(process.execPath, [sdkBuild]);

run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json']);

// The web console (packages/console, React + Vite): built into its dist/, then copied into the CLI
// package (dist/console), which is what is shipped; the server looks for it there first.
run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'packages/console/vite.config.ts', '--logLevel', 'warn']);
rmSync(join(root, 'packages/cli/dist/console'), { recursive: true, force: true });
cpSync(join(root, 'packages/console/dist'), join(root, 'packages/cli/dist/console'), { recursive: true });

// The platform bundle. Workspace packages (@cardepass/*) are bundled in from their
// sources; everything from npm stays external, installed as the package's dependencies.
// Code splitting keeps `cardepass admin …` from loading Fastify and PGlite.
const cliDir = join(root, 'packages/cli');
// Chunk names change with their contents: without this, every old chunk stays in
// dist/bundle and would be published with the package.
rmSync(join(cliDir, 'dist/bundle'), { recursive: true, force: true });
const platform = await build({
  entryPoints: { cardepass: join(cliDir, 'src/main.ts') },
  outdir: join(cliDir, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['@cardepass/source'],
  plugins: [bundleWorkspacePackagesOnly()],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});

checkPlatformDependencies(platform.metafile);

writeFileSync(join(cliDir, 'dist/BUILD_STAMP'), `${new Date().toISOString()}\n`);
console.log(`build: done in ${((Date.now() - started_ms) / 1000).toFixed(1)} s`);

/**
 * Every npm package the platform bundle imports must be a dependency of the
 * `cardepass` package, with the same version range as the workspace package that
 * uses it; else the installed platform fails at run time, far from the cause.
 */
function checkPlatformDependencies(metafile) {
  const readJson = (file) => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const declared = readJson('packages/cli/package.json').dependencies ?? {};
  const serverRanges = readJson('packages/server/package.json').dependencies;
  const problems = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      if (!declared[name]) problems.add(`${name} is imported but not a dependency in packages/cli/package.json`);
      else if (serverRanges[name] && serverRanges[name] !== declared[name]) {
        problems.add(`${name}: packages/cli/package.json has ${declared[name]}, packages/server/package.json ${serverRanges[name]}`);
      }
    }
  }
  if (problems.size) {
    for (const problem of problems) console.error(`build: ${problem}`);
    process.exit(1);
  }
}

/** Bare imports of npm packages stay external; @cardepass/* and relative files are bundled. */
function bundleWorkspacePackagesOnly() {
  return {
    name: 'workspace-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@cardepass/')) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}
