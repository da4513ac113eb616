import type { MachineDetails } from './machine';
import type { BenchMode, Row, ScenarioResult } from './types';

export interface Ratios {
  throughput: number | null;
  p50: number | null;
  p99: number | null;
  peakRss: number | null;
}

export interface ReportedScenario {
  id: string;
  title: string;
  seconds: number;
  error: string | null;
  notes: string[];
  rows: Array<Row & { ratios: Ratios }>;
}

export interface BenchReport {
  mode: BenchMode;
  machine: MachineDetails;
  /** 1-minute load average when the run ended. */
  loadAtEnd: number;
  seconds: number;
  scenarios: ReportedScenario[];
}

const ratio = (value: number | null | undefined, reference: number | null | undefined): number | null =>
  value === null || value === undefined || reference === null || reference === undefined || reference === 0 ? null : value / reference;

/** Each row's measures divided by those of its group's reference row, measured in the same run. */
export function withRatios(result: ScenarioResult): Array<Row & { ratios: Ratios }> {
  return result.rows.map((row) => {
    const reference = result.rows.find((candidate) => candidate.group === row.group && candidate.reference);
    return {
      ...row,
      ratios: {
        throughput: ratio(row.throughput?.value, reference?.throughput?.value),
        p50: ratio(row.p50Ms, reference?.p50Ms),
        p99: ratio(row.p99Ms, reference?.p99Ms),
        peakRss: ratio(row.peakRssBytes, reference?.peakRssBytes),
      },
    };
  });
}

function number(value: number, digits: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const dash = '—';
const ms = (value: number | null): string => (value === null ? dash : value < 10 ? number(value, 2) : number(value, 1));
const times = (value: number | null, isReference: boolean): string => (isReference ? 'ref' : value === null ? dash : `×${number(value, 2)}`);
const throughput = (row: Row): string =>
  row.throughput === null ? dash : `${number(row.throughput.value, row.throughput.value < 100 ? 1 : 0)} ${row.throughput.unit}`;
const mb = (bytes: number | null): string => (bytes === null ? dash : number(bytes / 1024 ** 2, 0));
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The results table alone (also quoted in bench/README.md). */
export function renderTable(report: BenchReport): string {
  const lines = [
    '| # | Case | Throughput | × | p50 ms | × | p99 ms | × | Peak RSS MB | × | Note |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const scenario of report.scenarios) {
    if (scenario.error !== null) {
      lines.push(`| ${scenario.id} | **${cell(scenario.title)}: failed** | | | | | | | | | ${cell(scenario.error.split('\n')[0] ?? '')} |`);
      continue;
    }
    for (const row of scenario.rows) {
      const isReference = row.reference === true;
      lines.push(
        `| ${scenario.id} | ${cell(row.label)} | ${throughput(row)} | ${row.throughput ? times(row.ratios.throughput, isReference) : dash} | ${ms(row.p50Ms)} | ${row.p50Ms === null ? dash : times(row.ratios.p50, isReference)} | ${ms(row.p99Ms)} | ${row.p99Ms === null ? dash : times(row.ratios.p99, isReference)} | ${mb(row.peakRssBytes)} | ${row.peakRssBytes === null ? dash : times(row.ratios.peakRss, isReference)} | ${cell(row.note ?? '')} |`,
      );
    }
  }
  return lines.join('\n');
}

/** One line on the machine, for quoting beside the table. */
export function machineLine(report: BenchReport): string {
  const m = report.machine;
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${m.date.slice(0, 10)}; load average ${m.loadAtStart} at the start, ${report.loadAtEnd} at the end.`;
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '# Brewline bench results',
    '',
    `Written by \`npm run bench${report.mode === 'smoke' ? ':smoke' : ''}\` (${report.mode} size) in ${number(report.seconds / 60, 1)} min. How to read and reproduce it: bench/README.md.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores`,
    `- Memory: ${m.memoryGiB} GiB`,
    `- OS: ${m.os}`,
    `- Node: ${m.node}; Java (DynamoDB Local): ${m.java ?? 'not found'}`,
    `- Date: ${m.date}`,
    `- 1-minute load average: ${m.loadAtStart} when the run began, ${report.loadAtEnd} when it ended (anything above ~2 means other work shared the cores)`,
    `- Commit: ${m.commit ?? 'unknown'}`,
    `- Packages: ${Object.entries(m.packages)
      .map(([name, version]) => `${name} ${version ?? 'missing'}`)
      .join(', ')}`,
    `- Everything shares these ${m.cores} cores: the load generator (the bench process: HTTP clients and every WebSocket subscriber), the server under test (its own process), DynamoDB Local (a JVM) and cognito-local. Numbers are for comparing rows of one run, not absolute capacity.`,
    '',
    '## Results',
    '',
    'Ratios (×) divide a row by the reference row (`ref`) of its group in the same run: above 1 means more throughput, or more latency or memory, than the reference.',
    '',
    renderTable(report),
    '',
    '## Notes per scenario',
    '',
  ];
  for (const scenario of report.scenarios) {
    lines.push(`### ${scenario.id}. ${scenario.title}`, '', `Took ${number(scenario.seconds, 0)} s.`, '');
    if (scenario.error !== null) lines.push('Failed:', '', '```', scenario.error, '```', '');
    for (const note of scenario.notes) lines.push(`- ${note}`);
    if (scenario.notes.length > 0) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const QUOTE_START = '<!-- results:start -->';
const QUOTE_END = '<!-- results:end -->';

/** Replaces the quoted table between the README's markers; a README without them is left alone. */
export function quoteInReadme(readme: string, report: BenchReport): string {
  const start = readme.indexOf(QUOTE_START);
  const end = readme.indexOf(QUOTE_END);
  if (start < 0 || end < start) return readme;
  const quoted = [QUOTE_START, '', `Latest full run: ${machineLine(report)}`, '', renderTable(report), '', QUOTE_END].join('\n');
  return `${readme.slice(0, start)}${quoted}${readme.slice(end + QUOTE_END.length)}`;
}
