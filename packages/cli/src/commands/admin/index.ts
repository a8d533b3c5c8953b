// `cardepass admin …`: operator commands that drive a running server's admin
// API (/admin/v1) over HTTP, one file per command group. The connection
// options live on `admin` itself, so they may be written before or after the
// subcommand (commander recognises a parent's options anywhere by default).
import type { Command } from 'commander';
import { addConnectionOptions } from './connection.ts';
import { registerCustomerCommands } from './customers.ts';
import { registerClientCommands } from './clients.ts';
import { registerLedgerCommands } from './ledger.ts';
import { registerAuditCommands } from './audit.ts';
import { registerProductCommands } from './products.ts';
import { registerKeyCommands } from './keys.ts';

export function registerAdmin(program: Command): void {
  const adminCommand = addConnectionOptions(program.command('admin'))
    .description('Operate a running server through its admin API (/admin/v1)')
    // Subcommands' help then shows the connection options too.
    .configureHelp({ showGlobalOptions: true })
    // A usage error stays one line (the program's default appends the whole
    // help); subcommands inherit this when they are created below.
    .showHelpAfterError(false);

  registerCustomerCommands(adminCommand);
  registerClientCommands(adminCommand);
  registerProductCommands(adminCommand);
  registerLedgerCommands(adminCommand);
  registerAuditCommands(adminCommand);
  registerKeyCommands(adminCommand);
}
