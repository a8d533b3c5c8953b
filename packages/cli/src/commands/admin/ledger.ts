// `cardepass admin deposit` and `cardepass admin ledger verify`: the two
// operator touches on the ledger — money in from outside, and the proof that
// every balance still adds up.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Deposit, LedgerVerification } from '../../admin-client.ts';
import { note, printFields, printResult } from '../../output.ts';
import { adminContext } from './connection.ts';

interface DepositFlags { customer: string; currency: string; amount: string; reference?: string }

/**
 * A reference unique enough that two deposits never collide: the server
 * records a deposit once per reference, so reusing one would turn a second,
 * different deposit into a DEPOSIT_REFERENCE_CONFLICT.
 */
function generatedReference(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `cli-${stamp}-${randomBytes(6).toString('hex')}`;
}

function printDeposit(deposit: Deposit): void {
  printFields({
    depositId: deposit.depositId, customerId: deposit.customerId, currency: deposit.currency, amount: deposit.amount,
    reference: deposit.reference, balanceAfter: deposit.balanceAfter, createdOn: deposit.createdOn,
  });
}

function printVerification(result: LedgerVerification): void {
  if (result.ok) {
    process.stdout.write(`Ledger OK: ${result.entriesChecked} entries and ${result.accountsChecked} accounts checked\n`);
    return;
  }
  process.stdout.write(`Ledger NOT OK: ${result.problems.length} problem(s) in ${result.entriesChecked} entries and ${result.accountsChecked} accounts\n`);
  for (const problem of result.problems) process.stdout.write(`  - ${problem}\n`);
}

export function registerLedgerCommands(adminCommand: Command): void {
  adminCommand.command('deposit')
    .description("Credit a customer's funding account (recorded once per reference)")
    .requiredOption('--customer <customerId>', 'customer id')
    .requiredOption('--currency <code>', 'ISO 4217 currency, e.g. USD')
    .requiredOption('--amount <amount>', 'amount in major units, e.g. 1000 or 250.50')
    .option('--reference <reference>', 'your reference (bank transfer id…); pass one to make retries safe (default: generated)')
    .action(async (flags: DepositFlags, command: Command) => {
      const { client, json } = adminContext(command);
      const reference = flags.reference ?? generatedReference();
      // The amount goes as decimal text: the server parses it exactly, with no float rounding on the way.
      const deposit = await client.deposit({ customerId: flags.customer, currency: flags.currency.toUpperCase(), amount: flags.amount, reference });
      printResult(json, deposit, printDeposit);
      if (!flags.reference && !json) note(`Generated reference ${reference}; repeat it with --reference to retry this deposit without doubling it.`);
    });

  const ledger = adminCommand.command('ledger').description('Ledger checks');
  ledger.command('verify')
    .description('Verify the ledger: balanced entries, balances, holds; exits 1 when there are problems')
    .action(async (_flags: object, command: Command) => {
      const { client, json } = adminContext(command);
      const result = await client.verifyLedger();
      printResult(json, result, printVerification);
      if (!result.ok) {
        // A failed proof is a failure of the command, so scripts and cron notice it.
        note(`cardepass: the ledger does not verify (${result.problems.length} problem(s))`);
        process.exitCode = 1;
      }
    });
}
