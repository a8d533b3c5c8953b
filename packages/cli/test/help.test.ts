// `--help` is the CLI's manual: every option's default is stated once.
// Commander appends "(default: X)" itself to an option given a default value,
// so a description that also says "default X" printed it twice.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_COMMAND, CLI_MAIN, SOURCE_NODE_ARGS } from '../../server/test/cli-command.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('cardepass --help', { timeout: 180_000 }, () => {
  it('states no option default twice, in any command', async () => {
    const { stdout } = await run(process.execPath, [...SOURCE_NODE_ARGS, '--import', './packages/cli/test/help-walker.ts', CLI_MAIN], { cwd: REPO_ROOT });
    const sections = stdout.split(/^### /m).filter(Boolean);
    // Every registered command, not a handful: serve, migrate, admin …, cards …, orders list, …
    expect(sections.length).toBeGreaterThan(20);
    const doubled = stdout.split('\n').filter((line) => (line.match(/\bdefault\b/gi) ?? []).length > 1);
    expect(doubled).toEqual([]);
    const limitLines = stdout.split('\n').filter((line) => line.includes('--limit <n>'));
    expect(limitLines.length).toBeGreaterThanOrEqual(4);
    for (const line of limitLines) expect(line).toMatch(/at most this many \w+ \(default: 50\)$/);
  });

  it('a real `orders list --help` shows the list limit default once', async () => {
    const { stdout } = await run(process.execPath, [...CLI_COMMAND, 'orders', 'list', '--help'], { cwd: REPO_ROOT });
    expect(stdout).toContain('--limit <n>');
    expect(stdout.match(/default:? 50/g)).toEqual(['default: 50']);
  });

  it('an unknown option still fails with a usage error', async () => {
    const failed = await run(process.execPath, [...CLI_COMMAND, 'orders', 'list', '--limits', '5'], { cwd: REPO_ROOT }).then(() => null, (error) => error);
    expect(failed?.code).toBe(1);
    expect(failed.stderr).toMatch(/unknown option '--limits'/);
  });
});
