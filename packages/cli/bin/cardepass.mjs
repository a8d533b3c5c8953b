#!/usr/bin/env node
// `cardepass`: runs the compiled platform (dist/bundle, made by `npm run build`),
// never a TypeScript loader. In a source checkout it refuses to run a build that
// is older than the sources, so a stale build is never served silently; an
// installed package ships no sources and skips that check.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(packageDir, 'dist/bundle/cardepass.js');
const stamp = join(packageDir, 'dist/BUILD_STAMP');
// The workspace packages the bundle is made from (contract, server, sdk, cli).
const SOURCE_PACKAGES = ['contract', 'server', 'sdk', 'cli', 'console'];

function fail(message) {
  console.error(`cardepass: ${message}`);
  process.exit(1);
}

/** The newest non-test source file under dir, as [mtime_ms, path]. */
function newestSource(dir, newest = [0, '']) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) newestSource(file, newest);
    // .tsx and .css too: the console's sources (a stale console would be served as silently as a stale server).
    else if (/\.(ts|tsx|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      const mtime_ms = statSync(file).mtimeMs;
      if (mtime_ms > newest[0]) newest.splice(0, 2, mtime_ms, file);
    }
  }
  return newest;
}

if (!existsSync(bundle) || !existsSync(stamp)) fail('the platform is not built: run `npm run build` (npm ci does it too)');
if (existsSync(join(packageDir, 'src'))) {
  const built_ms = statSync(stamp).mtimeMs;
  for (const name of SOURCE_PACKAGES) {
    const src = join(packageDir, '..', name, 'src');
    if (!existsSync(src)) continue;
    const [mtime_ms, file] = newestSource(src);
    if (mtime_ms > built_ms) fail(`the build is older than the sources (${file} changed since): run \`npm run build\``);
  }
}

await import(pathToFileURL(bundle).href);
