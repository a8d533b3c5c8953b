#!/usr/bin/env node
// Builds what @cardepass/sdk publishes, into packages/sdk/dist:
//   index.mjs  ES module (Node `import`, bundlers, browsers: no Node built-ins);
//   index.cjs  CommonJS (Node `require`);
//   index.d.ts one bundled declaration file, and index.d.cts, its copy for
//              `require` consumers (TypeScript reads a .d.ts as ESM in a "type":
//              "module" package, so CommonJS needs its own extension).
// The SDK has no runtime dependency and its declarations import nothing: the
// wire types are plain TypeScript in src/wire-types.ts (generated from the contract).
// Run by the root `npm run build` before `tsc -b` (the CLI's typecheck reads
// dist/index.d.ts), and by `npm pack` (prepack) so a tarball is never stale.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const sdkDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(sdkDir, 'dist');
const entry = join(sdkDir, 'src/index.ts');
const { version } = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8'));
const started_ms = Date.now();
mkdirSync(dist, { recursive: true });

// `neutral`: no Node or browser assumptions, and a Node built-in import fails the build.
const common = {
  entryPoints: [entry],
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: `// @cardepass/sdk ${version} — Apache-2.0` },
};
const results = await Promise.all([
  build({ ...common, format: 'esm', outfile: join(dist, 'index.mjs'), metafile: true, write: false }),
  build({ ...common, format: 'cjs', outfile: join(dist, 'index.cjs'), metafile: true, write: false }),
]);
for (const { metafile } of results) {
  for (const output of Object.values(metafile.outputs)) {
    const imports = output.imports.map((i) => i.path);
    if (imports.length) throw new Error(`the SDK bundle imports ${imports.join(', ')}: it must have no dependencies`);
  }
}
for (const file of results.flatMap((result) => result.outputFiles)) writeIfChanged(file.path, file.text);

// dts-bundle-generator is CommonJS; its API compiles the sources with the SDK's tsconfig.
const { generateDtsBundle } = createRequire(import.meta.url)('dts-bundle-generator');
const [declarations] = generateDtsBundle(
  [{ filePath: entry, output: { noBanner: true, exportReferencedTypes: false }, libraries: { allowedTypesLibraries: [] } }],
  { preferredConfigPath: join(sdkDir, 'tsconfig.build.json') },
);
// A published declaration that imports anything would need that package installed.
const foreign = /^\s*(import|export)\b[^;]*\bfrom\s+['"]|\/\/\/\s*<reference/m.exec(declarations);
if (foreign) throw new Error(`dist/index.d.ts must be self-contained, found: ${foreign[0]}`);
const dts = `// @cardepass/sdk ${version} — Apache-2.0\n${declarations}`;
writeIfChanged(join(dist, 'index.d.ts'), dts);
writeIfChanged(join(dist, 'index.d.cts'), dts);

console.log(`sdk build: dist/index.{mjs,cjs,d.ts,d.cts} in ${((Date.now() - started_ms) / 1000).toFixed(1)} s`);

/**
 * Leaves an unchanged file alone: `npm pack` rebuilds (prepack) while tests
 * may be reading dist/, and an identical rewrite would still be a window where
 * the file is half written.
 */
function writeIfChanged(file, text) {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  writeFileSync(file, text);
}
