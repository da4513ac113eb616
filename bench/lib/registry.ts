import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths';
import type { Scenario } from './types';

export const SCENARIOS_DIR = join(REPO_ROOT, 'bench', 'scenarios');
const SCENARIO_FILE = /^\d+[a-z]?-[a-z0-9-]+\.ts$/;

/**
 * Every scenario in bench/scenarios/, in file-name order. A new scenario is a new
 * `NN-name.ts` file there whose default export is a Scenario: nothing else to register.
 */
export async function loadScenarios(dir = SCENARIOS_DIR): Promise<Scenario[]> {
  const files = readdirSync(dir)
    .filter((name) => SCENARIO_FILE.test(name))
    .sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Scenario };
    const scenario = module.default;
    if (!scenario || typeof scenario.run !== 'function' || typeof scenario.id !== 'string') {
      throw new Error(`bench/scenarios/${file} must export default a Scenario ({ id, title, run })`);
    }
    scenarios.push(scenario);
  }
  return scenarios;
}
