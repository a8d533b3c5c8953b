// Readers for the deployment files the deploy tests check (Dockerfile, systemd
// unit, compose file) and for what they are checked against: the environment
// variables config.ts reads and the commands and options the real CLI has.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CLI_MAIN, SOURCE_NODE_ARGS } from '../cli-command.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const repoFile = (name: string) => readFileSync(`${REPO_ROOT}${name}`, 'utf8');

/** Every environment variable loadConfig reads (`env.NAME` in config.ts), as readme.test.ts finds them. */
export function configEnvVars(): Set<string> {
  return new Set([...repoFile('packages/server/src/config.ts').matchAll(/env\.([A-Z_]+)/g)].map((m) => m[1]!));
}

export interface DockerInstruction { keyword: string; args: string; stage: number }

/** Dockerfile instructions with continuation lines joined and comments dropped; stage counts FROMs from 0. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  let stage = -1;
  return logical.map((line) => {
    const [, keyword, args] = /^([A-Za-z]+)\s+(.*)$/.exec(line) ?? [, line, ''];
    if (keyword!.toUpperCase() === 'FROM') stage++;
    return { keyword: keyword!.toUpperCase(), args: args!.trim(), stage };
  });
}

/** `npm …` commands inside RUN lines, split on && and ;, flags that change no behaviour CI relies on dropped. */
export function npmCommands(runs: string[]): string[] {
  return runs.flatMap((run) => run.replace(/--mount=\S+/g, '').split(/&&|;/))
    .map((part) => part.trim()).filter((part) => part.startsWith('npm '))
    .map((command) => command.replace(/\s--(no-audit|no-fund|silent)\b/g, '').replace(/\s--pack-destination\s+\S+/, '').replace(/\s+\S+\.tgz$/, '').trim());
}

/** A systemd unit as section → key → values (a key may repeat). */
export function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const unit: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) { section = header[1]!; unit[section] ??= {}; continue; }
    const [key, ...value] = line.split('=');
    ((unit[section] ??= {})[key!.trim()] ??= []).push(value.join('=').trim());
  }
  return unit;
}

export function parseCompose(): any {
  // Compose resolves YAML merge keys (<<: *anchor); so must the test.
  return parse(repoFile('compose.yaml'), { merge: true });
}

/** Lines of KEY=value files (systemd EnvironmentFile, .env), comments dropped. */
export function envFileKeys(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => line.split('=')[0]!);
}

export interface CliCommand { path: string; options: string[] }

/** Every command of the real CLI with its options, from one process (see packages/cli/test/help-walker.ts). */
export async function cliCommands(): Promise<Map<string, CliCommand>> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    ...SOURCE_NODE_ARGS, '--import', './packages/cli/test/help-walker.ts', CLI_MAIN,
  ], { cwd: REPO_ROOT });
  const commands = new Map<string, CliCommand>();
  for (const section of stdout.split(/^### /m).filter(Boolean)) {
    const [path, ...help] = section.split('\n');
    const options = [...help.join('\n').matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!);
    commands.set(path!.trim(), { path: path!.trim(), options });
  }
  return commands;
}
