// Preloaded (--import) into a real `cardepass` process by help.test.ts: instead
// of running a command, print the help of every command the program registered,
// so the test reads what users read without knowing the command list itself.
import { Command } from 'commander';

Command.prototype.parseAsync = async function walkHelp(this: Command) {
  const walk = (command: Command, path: string[]) => {
    process.stdout.write(`### ${path.join(' ')}\n${command.helpInformation()}\n`);
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(this, [this.name()]);
  return this;
};
