import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/appsync-local.mjs', import.meta.url));

// The example of the AWS CLI reference page for `aws events test-event-pattern`.
const EVENT = {
  id: 'e00c66cb-fe7a-4fcc-81ad-58eb60f5d96b',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111111111111',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:111111111111:instance/i-12345678'],
  detail: { 'instance-id': 'i-12345678', state: 'terminated' },
};

let folder = '';

const withoutField = (field: string): Record<string, unknown> => Object.fromEntries(Object.entries(EVENT).filter(([key]) => key !== field));

/** Runs `appsync-local test-event-pattern` as a child process, from a folder holding the files. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'test-event-pattern', ...args], { cwd: folder });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'test-event-pattern-'));
  await writeFile(join(folder, 'pattern.json'), JSON.stringify({ source: ['aws.ec2'], detail: { state: ['terminated'] } }));
  await writeFile(join(folder, 'event.json'), JSON.stringify(EVENT));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('appsync-local test-event-pattern', () => {
  it('prints {"Result": true} as the AWS CLI does, reading file:// values, and exits 0', async () => {
    const result = await run('--event-pattern', 'file://pattern.json', '--event', 'file://event.json');
    expect(result).toEqual({ code: 0, stdout: '{\n    "Result": true\n}\n', stderr: '' });
  });

  it('prints {"Result": false} for an event the inline pattern does not match', async () => {
    const result = await run('--event-pattern', '{"source": ["aws.s3"]}', `--event=${JSON.stringify(EVENT)}`);
    expect(result).toEqual({ code: 0, stdout: '{\n    "Result": false\n}\n', stderr: '' });
  });

  it('accepts an event without resources, which the service does not require', async () => {
    const withoutResources = withoutField('resources');
    const result = await run('--event-pattern', '{"source": ["aws.ec2"]}', '--event', JSON.stringify(withoutResources));
    expect(JSON.parse(result.stdout)).toEqual({ Result: true });
  });

  it('answers InvalidEventPatternException with EventBridge’s reason and exits 254', async () => {
    const result = await run('--event-pattern', '{"detail": {"state": "terminated"}}', '--event', 'file://event.json');
    expect(result.code).toBe(254);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      '\nAn error occurred (InvalidEventPatternException) when calling the TestEventPattern operation: Event pattern is not valid. Reason: "state" must be an object or an array\n',
    );
  });

  it('answers ValidationException for an event missing an envelope field, and for a pattern past 4096 characters', async () => {
    const withoutId = withoutField('id');
    const missing = await run('--event-pattern', '{"source": ["aws.ec2"]}', '--event', JSON.stringify(withoutId));
    expect(missing.code).toBe(254);
    expect(missing.stderr).toBe('\nAn error occurred (ValidationException) when calling the TestEventPattern operation: Parameter Event is not valid.\n');
    const long = JSON.stringify({ source: ['x'.repeat(4100)] });
    const tooLong = await run('--event-pattern', long, '--event', 'file://event.json');
    expect(tooLong.code).toBe(254);
    expect(tooLong.stderr).toContain('(ValidationException)');
    expect(tooLong.stderr).toContain('Member must have length less than or equal to 4096');
  });

  it('exits 252 with the usage for missing or unknown arguments and unreadable files', async () => {
    const missing = await run('--event', 'file://event.json');
    expect(missing.code).toBe(252);
    expect(missing.stderr).toContain('the following arguments are required: --event-pattern');
    const unknown = await run('--event-pattern', '{}', '--event', '{}', '--verbose', 'x');
    expect(unknown.code).toBe(252);
    expect(unknown.stderr).toContain('Unknown options: --verbose');
    const absent = await run('--event-pattern', 'file://nope.json', '--event', 'file://event.json');
    expect(absent.code).toBe(252);
    expect(absent.stderr).toContain('Unable to load paramfile file://nope.json');
  });
});
