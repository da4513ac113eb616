import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_CODEGEN_CONFIG, generateCode, ROOT_DIR } from '../scripts/codegen';

describe("the web apps' generated operations", () => {
  it('generated/client-operations.ts matches what client/codegen.yml produces from the schema and the operations', async () => {
    const outputs = await generateCode(CLIENT_CODEGEN_CONFIG);
    expect([...outputs.keys()]).toEqual(['generated/client-operations.ts']);
    for (const [file, content] of outputs) {
      expect(readFileSync(join(ROOT_DIR, file), 'utf8'), `${file} is out of date: run \`npm run codegen\` and commit the result.`).toBe(content);
    }
  });

  it('types each operation as a typed document node with its result and variables', async () => {
    const code = (await generateCode(CLIENT_CODEGEN_CONFIG)).get('generated/client-operations.ts') ?? '';
    expect(code).toContain('export const PayOrderDocument = ');
    expect(code).toContain('as unknown as DocumentNode<PayOrderMutation, PayOrderMutationVariables>');
  });
});
