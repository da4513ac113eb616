#!/usr/bin/env node
// The appsync-local command. The runtime is TypeScript run through tsx, so register its loader
// before importing any command.
import { register } from 'tsx/esm/api';

register();

const commands = {
  serve: async (argv) => {
    const { runServe } = await import('../src/cli/serve.ts');
    // A second signal (Ctrl-C pressed again, a process manager's SIGINT then SIGTERM) must not
    // kill the stop half-way: the handlers stay installed. tsx is registered in this process, so
    // no tsx CLI parent relays (and, when the loop is busy, SIGKILLs) on the way.
    const stopped = new Promise((resolve) => {
      process.on('SIGINT', resolve);
      process.on('SIGTERM', resolve);
    });
    const code = await runServe(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      env: process.env,
      stopped,
    });
    // Workers and sockets are closed; exit now rather than wait for stray handles of libraries.
    process.exit(code);
  },
  'evaluate-code': async (argv) => {
    const { runEvaluateCode } = await import('../src/cli/evaluate-code.ts');
    return runEvaluateCode(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
    });
  },
  'test-event-pattern': async (argv) => {
    const { runTestEventPattern } = await import('../src/cli/test-event-pattern.ts');
    return runTestEventPattern(argv, {
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
