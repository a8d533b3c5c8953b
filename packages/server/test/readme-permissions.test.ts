// The README's permission table is the code's table, read back cell by cell.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES } from '@cardepass/contract';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README permission table', () => {
  it('has the roles as columns and one row per permission, with both descriptions and a ✓ where the role holds it', () => {
    const lines = readme.split('\n');
    const header = lines.findIndex((line) => line.startsWith('| permission | what | 中文 |'));
    expect(header, 'permission table header').toBeGreaterThan(0);
    expect(lines[header]).toBe(`| permission | what | 中文 | ${ROLES.join(' | ')} |`);
    const rows = lines.slice(header + 2).filter((_, i, all) => all.slice(0, i + 1).every((line) => line.startsWith('| ')));
    const expected = Object.entries(PERMISSIONS).map(([name, definition]) =>
      `| \`${name}\` | ${definition.en} | ${definition.zh} | ${ROLES.map((role) => ((definition.roles as readonly string[]).includes(role) ? '✓' : '')).join(' | ')} |`);
    expect(rows).toEqual(expected);
  });
});
