// `cardepass admin audit verify` and `cardepass admin audit list`: the proof that
// nobody rewrote the audit log (its hash chain, recomputed by the server), and a
// way to read it from a terminal or a script.
import { InvalidArgumentError, type Command } from 'commander';
import type { admin } from '@cardepass/contract';
import { note, printResult, printTable, type Column } from '../../output.ts';
import { adminContext } from './connection.ts';

type AuditEntry = admin.AuditEntry;
type AuditVerification = admin.AuditVerification;
interface AuditPage { pageNumber: number; pageSize: number; totalRecords: number; totalPages: number; data: AuditEntry[] }
interface ListFlags { customer?: string; action?: string; actor?: string; target?: string; from?: string; to?: string; page?: number; pageSize?: number }

const AUDIT_COLUMNS: Column<AuditEntry>[] = [
  { header: 'Seq', value: (r) => r.seq },
  { header: 'At', value: (r) => r.at },
  { header: 'Action', value: (r) => r.action },
  { header: 'Target', value: (r) => (r.targetId ? `${r.targetType} ${r.targetId}` : r.targetType) },
  { header: 'Customer', value: (r) => r.customerId },
  // Last: labels (e-mail addresses) vary most in length, and the last column is not padded.
  { header: 'Actor', value: (r) => r.actorLabel ?? r.actorId },
];

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a whole number from 1');
  return value;
}

function printVerification(result: AuditVerification): void {
  if (result.ok) {
    process.stdout.write(`Audit log OK: ${result.rows} rows, hash chain intact\n`);
    return;
  }
  const where = result.firstBrokenSeq ? `first broken row: seq ${result.firstBrokenSeq}` : 'the chain\'s head does not match its last row (rows removed from the end?)';
  process.stdout.write(`Audit log NOT OK: ${result.rows} rows checked, ${where}\n`);
}

export function registerAuditCommands(adminCommand: Command): void {
  const audit = adminCommand.command('audit').description('The audit log: who changed what, and its hash chain');

  audit.command('verify')
    .description('Recompute the audit log\'s hash chain; exits 1 when a row was changed or removed')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      const result = await client.request<AuditVerification>('GET', '/audit/verify');
      printResult(json, result, printVerification);
      if (!result.ok) {
        // A broken chain is a failure of the command, so scripts and cron notice it.
        note(`cardepass: the audit log does not verify${result.firstBrokenSeq ? ` (first broken seq ${result.firstBrokenSeq})` : ' (head mismatch)'}`);
        process.exitCode = 1;
      }
    });

  audit.command('list')
    .description('List audit rows, newest first, a page at a time')
    .option('--customer <customerId>', 'only rows about this customer\'s data')
    .option('--action <action>', 'only this action, e.g. product.update')
    .option('--actor <actorId>', 'only rows by this user id (or admin-key)')
    .option('--target <targetId>', 'only rows about this target id')
    .option('--from <date>', 'recorded from (ISO 8601 date or date-time, UTC)')
    .option('--to <date>', 'recorded until, inclusive (at most 3 months after --from)')
    .option('--page <n>', 'page number, from 1', positiveInteger)
    .option('--page-size <n>', 'rows per page (at most 100)', positiveInteger)
    .action(async (flags: ListFlags, command: Command) => {
      const { client, json } = adminContext(command);
      const query = new URLSearchParams();
      const add = (name: string, value: string | number | undefined) => { if (value !== undefined) query.set(name, String(value)); };
      add('customerId', flags.customer); add('action', flags.action); add('actorId', flags.actor); add('targetId', flags.target);
      add('from', flags.from); add('to', flags.to); add('PageNumber', flags.page); add('PageSize', flags.pageSize);
      const page = await client.request<AuditPage>('GET', `/audit${query.toString() ? `?${query}` : ''}`);
      printResult(json, page, (result) => {
        printTable(result.data, AUDIT_COLUMNS, 'No audit rows.');
        // On stderr, so the table alone can be piped.
        if (result.totalPages > 1) note(`Page ${result.pageNumber} of ${result.totalPages} (${result.totalRecords} rows); more with --page.`);
      });
    });
}
