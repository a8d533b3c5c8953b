// `cardepass admin keys …`: rotating the platform's keys without downtime
// (README: Key rotation). The server does the work; these commands start it,
// follow it, and put a new admin key where the operator's next command finds it.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AdminClient, DataKeyStatus, JwtSigningKey } from '../../admin-client.ts';
import { note, printFields, printJson, printResult, printTable } from '../../output.ts';
import { adminContext } from './connection.ts';

const POLL_MS = 500;
// A re-encryption whose count of cards left has not moved for this long, with no process reporting it running, has stopped.
const STALL_MS = 60_000;

function printStatus(status: DataKeyStatus): void {
  printFields({
    currentVersion: status.currentVersion,
    remaining: status.remaining,
    cardsByVersion: status.cardsByVersion.map((entry) => `v${entry.version}: ${entry.cards}`),
    running: status.running,
    lastError: status.lastError,
  });
}

/** Polls the server until no card is left on an older data key; fails when the re-encryption stops or stalls. */
async function followReencryption(client: AdminClient, json: boolean): Promise<DataKeyStatus> {
  let status = await client.dataKeyStatus();
  let lastRemaining = status.remaining;
  let movedAt_ms = Date.now();
  while (status.remaining > 0 || status.running) {
    if (!status.running && status.lastError) {
      throw new Error(`re-encryption stopped with ${status.remaining} card(s) left (${status.lastError}); run \`cardepass admin keys rotate-data-key\` again to resume`);
    }
    if (status.remaining !== lastRemaining) {
      lastRemaining = status.remaining;
      movedAt_ms = Date.now();
      if (!json) note(`Re-encrypting: ${status.remaining} card(s) left`);
    } else if (!status.running && Date.now() - movedAt_ms > STALL_MS) {
      throw new Error(`re-encryption is not progressing (${status.remaining} card(s) left); run \`cardepass admin keys rotate-data-key\` again to resume`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    status = await client.dataKeyStatus();
  }
  return status;
}

/** Rewrites a key file atomically, owner-only: a crash leaves the old key or the new one. */
function replaceKeyFile(file: string, key: string): void {
  const temporary = `${file}.${process.pid}.new`;
  writeFileSync(temporary, `${key}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function registerKeyCommands(adminCommand: Command): void {
  const keys = adminCommand.command('keys').description('Rotate the platform keys without downtime');

  keys.command('rotate-jwt')
    .description('New access-token signing key; tokens of the previous key stay valid until they expire')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      const rotation = await client.rotateJwtKey();
      printResult(json, rotation, (r) => printFields({ kid: r.kid, previousKid: r.previousKid, previousRetireAt: r.previousRetireAt }));
      if (!json && rotation.previousKid) note(`Tokens signed by ${rotation.previousKid} stay valid until they expire; that key retires at ${rotation.previousRetireAt}.`);
    });

  keys.command('rotate-data-key')
    .description('New data key for PAN and CVV, then re-encrypt every card (resumes an unfinished re-encryption instead)')
    .option('--no-wait', 'return once the re-encryption has started; follow it with `keys status`')
    .action(async (flags: { wait: boolean }, command: Command) => {
      const { client, json } = adminContext(command);
      const rotation = await client.rotateDataKey();
      if (!json) {
        note(rotation.rotated
          ? `Data key version ${rotation.currentVersion} added: new cards use it now; re-encrypting ${rotation.remaining} card(s).`
          : `Resuming the re-encryption to data key version ${rotation.currentVersion}: ${rotation.remaining} card(s) left.`);
      }
      if (!flags.wait) {
        printResult(json, rotation, printStatus);
        return;
      }
      const done = await followReencryption(client, json);
      printResult(json, { rotated: rotation.rotated, ...done }, printStatus);
    });

  keys.command('rotate-admin')
    .description('Replace the admin key: the new key is printed once, the old one is refused at once')
    .action(async (_flags: object, command: Command) => {
      const { client, json, keyFile } = adminContext(command);
      const rotation = await client.rotateAdminKey();
      // The key file this command read its key from gets the new one too (the server rewrote its own, which may be the same file).
      let savedIn = rotation.keyFile;
      if (keyFile && readFileSync(keyFile, 'utf8').trim() !== rotation.adminKey) {
        replaceKeyFile(keyFile, rotation.adminKey);
        savedIn = keyFile;
      }
      printResult(json, { ...rotation, keyFile: savedIn }, (r) => printFields({ adminKey: r.adminKey, keyFile: r.keyFile }));
      if (json) return;
      note('This is the only time the new admin key is shown; the previous key is refused from now on.');
      if (rotation.environmentOutdated || !savedIn) note('Set CARDEPASS_ADMIN_KEY to the new key wherever it is configured (the server and this shell) before their next start.');
    });

  keys.command('status')
    .description('Signing keys by kid, and the data key version with the re-encryption progress')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      const [jwt, data] = await Promise.all([client.listJwtKeys(), client.dataKeyStatus()]);
      if (json) {
        printJson({ jwt, data });
        return;
      }
      printTable<JwtSigningKey>(jwt, [
        { header: 'kid', value: (key) => key.kid },
        { header: 'status', value: (key) => key.status },
        { header: 'created', value: (key) => key.createdAt },
        { header: 'retires', value: (key) => key.retiredAt ?? key.retireAt },
      ], 'No signing keys');
      process.stdout.write('\n');
      printStatus(data);
    });
}
