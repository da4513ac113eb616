/**
 * What a scenario is and what it reports. A scenario is one file under bench/scenarios/ named
 * `NN-name.ts` whose default export is a Scenario; the registry finds it by that name, so adding a
 * scenario (the order flow, say) is adding a file.
 */
import type { BenchProcess } from './child';
import type { RuntimeServerInfo } from '../servers/runtime';

export type BenchMode = 'full' | 'smoke';

/** The run's shared services and helpers, handed to every scenario. */
export interface BenchContext {
  mode: BenchMode;
  /** Picks the full-size or the smoke-size value. */
  size<T>(full: T, smoke: T): T;
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  /** A fresh folder under the run's temporary directory. */
  tempDir(name: string): string;
  /** The run's local CA and certificate folder, shared by every TLS server of the run. */
  tlsDir: string;
  /** Starts our runtime on the bench fixture in a process of its own. */
  startRuntime(): Promise<BenchProcess<RuntimeServerInfo>>;
  log(message: string): void;
}

export interface Measure {
  value: number;
  unit: string;
}

/** One line of a scenario's table. */
export interface Row {
  /** Rows of one group are compared with that group's reference row. */
  group: string;
  label: string;
  reference?: boolean;
  /** Higher is better (requests/s, deliveries/s, ...); null where it means nothing. */
  throughput: Measure | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Peak resident set size of the process under test, in bytes. */
  peakRssBytes: number | null;
  /** A short text for the table's last column. */
  note?: string;
  /** Extra numbers for results.json. */
  detail?: Record<string, unknown>;
}

export interface ScenarioResult {
  rows: Row[];
  /** Sentences for results.md under the table (what was measured, peers that could not run...). */
  notes?: string[];
}

export interface Scenario {
  /** "1", "2", ... as numbered in the issue. */
  id: string;
  title: string;
  run(context: BenchContext): Promise<ScenarioResult>;
}
