// docs/operations.md is what an operator configures production from: its
// environment table must name every variable the server reads (and nothing
// else), with the README's default, and the files it points to must exist.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configEnvVars, REPO_ROOT, repoFile } from './deploy-parsing.ts';

const guide = repoFile('docs/operations.md');
// Split on unescaped pipes only: an empty cell is `| |`, a pipe inside a cell is `\|`.
const cells = (line: string) => line.trim().slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
/** Rows of the table under `## heading`, as cells. */
function tableUnder(text: string, heading: string): string[][] {
  const section = text.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  expect(section, heading).toBeDefined();
  return section!.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---')).slice(1).map(cells);
}

describe('docs/operations.md', () => {
  const rows = tableUnder(guide, 'Environment variables');
  const documented = new Map(rows.map((row) => [/^`([A-Z_]+)`$/.exec(row[0]!)?.[1], row]));

  it('lists every environment variable config.ts reads, and no other', () => {
    expect(documented.has(undefined)).toBe(false);
    expect([...documented.keys()].sort()).toEqual([...configEnvVars()].sort());
  });

  it('gives each variable the default the README gives it', () => {
    const readmeDefaults = new Map(repoFile('README.md').split('\n').filter((line) => /^\| `[A-Z_]+` \| [^|]*\| [^|]*\| /.test(line))
      .map(cells).filter((row) => row.length === 4).map((row) => [row[0], row[2]]));
    let compared = 0;
    for (const [name, row] of documented) {
      const readme = readmeDefaults.get(`\`${name}\``);
      if (readme === undefined) continue; // readme.test.ts requires the README row itself
      expect(row[1], name!).toBe(readme);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('links only to files that exist', () => {
    const links = [...guide.matchAll(/\]\((\.\.\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(existsSync(new URL(link, `file://${REPO_ROOT}docs/`)), link).toBe(true);
  });

  it('covers the checklist, backups, upgrades, scaling and the PgBouncer answer', () => {
    for (const heading of ['Production checklist', 'Backups and restore', 'Upgrades', 'Scaling out']) expect(guide).toContain(`\n## ${heading}\n`);
    for (const fact of ['pg_dump', 'pg_restore', 'archive_mode', 'data.key', 'CARDEPASS_ENV=production', 'max_connections', 'max_prepared_statements', '/readyz']) {
      expect(guide).toContain(fact);
    }
  });
});
