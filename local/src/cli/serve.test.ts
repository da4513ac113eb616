import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_USAGE } from './aws-cli';
import { runServe } from './serve';

const folder = mkdtempSync(join(tmpdir(), 'appsync-local-serve-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The command's answer to arguments it refuses before starting anything (no Java, no ports). */
async function refusal(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runServe(argv, { stdout: () => undefined, stderr: (text) => (stderr += text), cwd: folder, env: {}, stopped: Promise.resolve() });
  return { code, stderr };
}

describe('appsync-local serve --env-vars', () => {
  it('refuses a file that is not JSON, naming the file', async () => {
    writeFileSync(join(folder, 'broken.json'), '{ "Fn": ');
    const { code, stderr } = await refusal('--template', 'template.yaml', '--env-vars', 'broken.json');
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain(`--env-vars: ${join(folder, 'broken.json')} is not JSON`);
  });

  it("refuses a file whose entries are not objects, with SAM CLI's format in the message", async () => {
    writeFileSync(join(folder, 'flat.json'), '{ "PAYMENT_GATEWAY": "sandbox" }');
    const { code, stderr } = await refusal('--template', 'template.yaml', '--env-vars', 'flat.json');
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('"PAYMENT_GATEWAY" must be an object of variable names and values');
  });

  it('lists the option in its usage', async () => {
    let stdout = '';
    await runServe(['--help'], { stdout: (text) => (stdout += text), stderr: () => undefined, cwd: folder, env: {}, stopped: Promise.resolve() });
    expect(stdout).toContain('--env-vars <file.json>');
  });
});
