// Docker cannot run on the machines that test this project, so the deployment
// files are checked against what they name: every command is a real
// `cardepass` command with real options, every variable one the server reads,
// every build step one CI runs, and the security properties (non-root,
// secrets never written into the files, hardening) hold.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  cliCommands, configEnvVars, envFileKeys, npmCommands, parseCompose, parseDockerfile, parseUnit, repoFile, type CliCommand,
} from './deploy-parsing.ts';

const ROLES = ['all', 'api', 'worker'];
let commands: Map<string, CliCommand>;
beforeAll(async () => { commands = await cliCommands(); }, 180_000);

/** `cardepass serve --role api` → asserts the command and each option exist, returns the options given. */
function expectRealCommand(argv: string[]): Record<string, string> {
  expect(argv[0]).toBe('cardepass');
  const words = argv.slice(1).filter((word, i, all) => !word.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const command = commands.get(['cardepass', ...words].join(' '));
  expect(command, `cardepass ${words.join(' ')} is a command`).toBeDefined();
  const options: Record<string, string> = {};
  argv.forEach((word, i) => {
    if (!word.startsWith('--')) return;
    expect(command!.options, `${word} is an option of cardepass ${words.join(' ')}`).toContain(word);
    options[word] = argv[i + 1] ?? '';
  });
  if (options['--role'] !== undefined) expect(ROLES).toContain(options['--role']);
  return options;
}

describe('compose.yaml', () => {
  const compose = parseCompose();
  const services: Record<string, any> = compose.services;
  const platform = Object.entries(services).filter(([, s]) => String(s.image ?? '').startsWith('cardepass'));

  it('runs one migrate job, api and worker processes, each a real cardepass command and role', () => {
    const byName = Object.fromEntries(platform.map(([name, s]) => [name, s]));
    expect(Object.keys(byName).sort()).toEqual(['api', 'migrate', 'worker']);
    expect(byName.migrate.command).toEqual(['cardepass', 'migrate']);
    expect(expectRealCommand(byName.api.command)).toEqual({ '--role': 'api' });
    expect(expectRealCommand(byName.worker.command)).toEqual({ '--role': 'worker' });
    expectRealCommand(byName.migrate.command);
    expect(byName.migrate.restart).toBe('no');
  });

  it('sets only variables the server reads, with values it accepts, and production mode', () => {
    const read = configEnvVars();
    for (const [name, service] of platform) {
      const environment: Record<string, string> = service.environment;
      for (const key of Object.keys(environment)) expect(read, `${name}: ${key}`).toContain(key);
      const literal = Object.fromEntries(Object.entries(environment).filter(([, value]) => !String(value).includes('${')).map(([k, v]) => [k, String(v)]));
      expect(() => loadConfig(literal), name).not.toThrow();
      expect(environment.CARDEPASS_ENV).toBe('production');
      expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    }
    for (const key of Object.keys(services.postgres.environment)) expect(key).toMatch(/^POSTGRES_/);
  });

  it('never holds a secret itself: keys and passwords come from the environment and are required', () => {
    for (const [, service] of platform) {
      for (const key of ['CARDEPASS_ADMIN_KEY', 'CARDEPASS_DATA_KEY']) expect(service.environment[key]).toMatch(new RegExp(`^\\$\\{${key}:\\?`));
      expect(service.environment.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    }
    expect(services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('starts in order: postgres healthy, then migrate, then api and worker after migrate succeeded', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services), `${name} → ${dependency}`).toContain(dependency);
    }
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.postgres.volumes[0]).toMatch(/^postgres-data:\/var\/lib\/postgresql\/data$/);
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) expect(services[name].depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
  });

  it('gives processes longer to stop than their own shutdown timeout, and the worker no HTTP health check', () => {
    for (const name of ['api', 'worker']) {
      const graceMs = Number(/^(\d+)s$/.exec(services[name].stop_grace_period)?.[1]) * 1000;
      const timeoutMs = loadConfig({ CARDEPASS_SHUTDOWN_TIMEOUT_MS: services[name].environment.CARDEPASS_SHUTDOWN_TIMEOUT_MS }).shutdownTimeoutMs;
      expect(graceMs).toBeGreaterThan(timeoutMs);
    }
    expect(services.worker.healthcheck).toEqual({ disable: true });
    expect(services.api.environment.HOST).toBe('0.0.0.0');
  });
});

describe('Dockerfile', () => {
  const instructions = parseDockerfile(repoFile('Dockerfile'));
  const last = Math.max(...instructions.map((i) => i.stage));
  const runtime = instructions.filter((i) => i.stage === last);

  it('builds on node:20-bookworm-slim in two stages', () => {
    const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
    expect(arg?.args).toBe('NODE_IMAGE=node:20-bookworm-slim');
    expect(instructions.filter((i) => i.keyword === 'FROM').map((i) => i.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
  });

  it('builds with exactly the commands CI runs: npm ci, npm pack -w packages/cli, npm install -g', () => {
    const runs = (stage: number) => instructions.filter((i) => i.stage === stage && i.keyword === 'RUN').map((i) => i.args);
    expect(npmCommands(runs(0))).toEqual(['npm ci', 'npm pack -w packages/cli']);
    expect(npmCommands(runs(last))).toEqual(['npm install -g']);
    // CI: .ci/run runs `npm ci`, then `npm test`, whose platform-package system test packs the
    // platform (`npm pack` in packages/cli, what `-w packages/cli` names) and installs it with `npm install -g`.
    expect(npmCommands(repoFile('.ci/run').split('\n'))).toContain('npm ci');
    const packaging = repoFile('test/system/package-kit.ts') + repoFile('test/system/platform-package.test.ts');
    expect(packaging).toContain("run('npm', ['pack',");
    expect(packaging).toContain("run('npm', ['install', '-g',");
    expect(packaging).toContain("join(REPO_ROOT, 'packages/cli')");
    // npm ci builds only because the root package runs the build on prepare.
    const root = JSON.parse(repoFile('package.json'));
    expect([root.scripts.build, 'npm run build']).toContain(root.scripts.prepare);
    const cli = JSON.parse(repoFile('packages/cli/package.json'));
    expect(cli.name).toBe('cardepass');
    expect(Object.keys(cli.bin)).toEqual(['cardepass']);
  });

  it('runs cardepass serve as a non-root user, listening on every interface, data in a volume', () => {
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1);
    expect(user?.args).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(['root', '0']).not.toContain(user!.args);
    expect(runtime.findIndex((i) => i === user)).toBeLessThan(runtime.findIndex((i) => i.keyword === 'CMD'));
    expect(JSON.parse(runtime.find((i) => i.keyword === 'CMD')!.args)).toEqual(['cardepass', 'serve']);
    expectRealCommand(['cardepass', 'serve']);
    const env = Object.fromEntries(runtime.filter((i) => i.keyword === 'ENV').flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])));
    expect(env).toMatchObject({ HOST: '0.0.0.0', CARDEPASS_DATA_DIR: '/var/lib/cardepass/data' });
    for (const key of Object.keys(env)) if (key !== 'NODE_ENV') expect(configEnvVars()).toContain(key);
    expect(JSON.parse(runtime.find((i) => i.keyword === 'VOLUME')!.args)).toEqual([env.CARDEPASS_DATA_DIR]);
  });

  it('checks health on /readyz with node\'s fetch (the slim image has no curl)', () => {
    const check = runtime.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    const command = JSON.parse(check.slice(check.indexOf('CMD') + 3).trim()) as string[];
    expect(command.slice(0, 2)).toEqual(['node', '-e']);
    expect(command[2]).toMatch(/fetch\('http:\/\/127\.0\.0\.1:' \+ \(process\.env\.PORT \|\| 8080\) \+ '\/readyz'\)/);
    expect(command[2]).toContain('process.exit(r.ok ? 0 : 1)');
  });

  it('keeps keys, local data and secrets out of the build context', () => {
    const ignored = repoFile('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['data', '**/node_modules', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('deploy/systemd/cardepass.service', () => {
  const unit = parseUnit(repoFile('deploy/systemd/cardepass.service'));
  const service = unit.Service!;
  const one = (key: string) => { expect(service[key], key).toHaveLength(1); return service[key]![0]!; };

  it('starts cardepass serve as its own user with the environment file, restarts on failure', () => {
    const [binary, ...args] = one('ExecStart').split(/\s+/);
    expect(binary).toMatch(/^\/.*\/cardepass$/);
    expect(args).toEqual(['serve']);
    expectRealCommand(['cardepass', ...args]);
    expect(one('User')).toBe('cardepass');
    expect(one('EnvironmentFile')).toBe('/etc/cardepass/cardepass.env');
    expect(one('Restart')).toBe('on-failure');
  });

  it('stops with SIGTERM and waits longer than the server\'s own shutdown timeout', () => {
    expect(one('KillSignal')).toBe('SIGTERM');
    expect(Number(one('TimeoutStopSec')) * 1000).toBeGreaterThan(loadConfig({}).shutdownTimeoutMs);
  });

  it('is hardened: no new privileges, read-only system except its data directory', () => {
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    const dataDir = one('Environment').replace(/^CARDEPASS_DATA_DIR=/, '');
    expect(dataDir.startsWith(`${one('ReadWritePaths')}/`)).toBe(true);
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(service.MemoryDenyWriteExecute).toBeUndefined();
  });

  it('its example environment file sets only variables the server reads', () => {
    const keys = envFileKeys(repoFile('deploy/systemd/cardepass.env.example'));
    expect(keys).toContain('CARDEPASS_DATA_KEY');
    for (const key of keys) expect(configEnvVars()).toContain(key);
  });
});
