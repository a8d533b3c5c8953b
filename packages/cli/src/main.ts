import { Command } from 'commander';
import { registerServe } from './commands/serve.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerAdmin } from './commands/admin/index.ts';
import { registerClientCommands } from './commands/client/index.ts';

const program = new Command()
  .name('cardepass')
  .description('Cardepass virtual card platform: run the server, operate it, and use its API')
  .showHelpAfterError();

registerServe(program);
registerMigrate(program);
registerAdmin(program);
registerClientCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`cardepass: ${(error as Error).message}`);
  process.exitCode = 1;
}
