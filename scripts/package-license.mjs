#!/usr/bin/env node
// `prepack`/`postpack` of the published packages (packages/sdk, packages/cli):
// npm packs a package's own directory, so the repository's LICENSE is copied in
// for the tarball (`copy`) and removed again afterwards (`remove`), keeping one
// LICENSE in the repository. Run from the package directory, as npm does.
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rootLicense = join(dirname(dirname(fileURLToPath(import.meta.url))), 'LICENSE');
const packageLicense = join(process.cwd(), 'LICENSE');
const action = process.argv[2];

if (process.cwd() === dirname(rootLicense)) {
  console.error('package-license: run it from a package directory, not the repository root');
  process.exit(1);
}
if (action === 'copy') {
  if (!existsSync(rootLicense)) {
    console.error(`package-license: ${rootLicense} is missing`);
    process.exit(1);
  }
  copyFileSync(rootLicense, packageLicense);
} else if (action === 'remove') {
  // Only our copy: a package's own, different LICENSE is left alone.
  if (existsSync(packageLicense) && readFileSync(packageLicense, 'utf8') === readFileSync(rootLicense, 'utf8')) rmSync(packageLicense);
} else {
  console.error('usage: package-license.mjs copy|remove');
  process.exit(1);
}
