#!/usr/bin/env node
// The appsync-local command. The runtime is TypeScript run through tsx, so register its loader
// before importing any command.
import { register } from 'tsx/esm/api';

register();

const commands = {
  'evaluate-code': async (argv) => {
    const { runEvaluateCode } = await import('../src/cli/evaluate-code.ts');
    return runEvaluateCode(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    });
  },
};

const [name, ...argv] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];
if (command === undefined) {
  process.stderr.write(`usage: appsync-local <command> [options]\n\ncommands: ${Object.keys(commands).join(', ')}\n`);
  process.exitCode = 252;
} else {
  process.exitCode = await command(argv);
}
