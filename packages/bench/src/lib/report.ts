import { type MachineInfo } from './machine.ts';

/** One line of the results table. Empty strings print as "—". */
export interface ResultRow {
  scenario: string;
  name: string;
  /** Roster's median req/s (or emails/s, MB…) with its spread. */
  measured: string;
  baseline: string;
  ratio: string;
  p99: string;
  /** Server CPU time per request, Roster / baseline. */
  cpu: string;
  roundTrips: string;
  peakRss: string;
  goal: string;
  /** undefined: not measured or no goal for this line. */
  met: boolean | undefined;
}

const COLUMNS: [keyof ResultRow, string][] = [
  ['scenario', '#'],
  ['name', 'Measurement'],
  ['measured', 'Roster'],
  ['baseline', 'Baseline'],
  ['ratio', 'Ratio'],
  ['p99', 'p99 Roster / baseline'],
  ['cpu', 'Server CPU/req Roster / baseline'],
  ['roundTrips', 'DB round trips/req Roster / baseline'],
  ['peakRss', 'Peak RSS Roster / baseline'],
  ['goal', 'Goal'],
  ['met', 'Met?'],
];

const cell = (row: ResultRow, key: keyof ResultRow): string => {
  const value = row[key];
  if (key === 'met') return value === undefined ? '—' : value ? 'yes' : '**no**';
  return typeof value === 'string' && value !== '' ? value : '—';
};

/** The results as a Markdown table (also what the terminal shows). */
export function markdownTable(rows: readonly ResultRow[]): string {
  const header = `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`;
  const rule = `| ${COLUMNS.map(([key]) => (key === 'scenario' ? '-:' : '---')).join(' | ')} |`;
  const lines = rows.map(
    (row) => `| ${COLUMNS.map(([key]) => cell(row, key).replaceAll('|', '\\|')).join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

export interface Report {
  machine: MachineInfo;
  database: string;
  command: string;
  quick: boolean;
  rows: ResultRow[];
  /** Extra Markdown sections, in order (settings, profiles, notes). */
  sections: { title: string; body: string }[];
}

export function renderMarkdown(report: Report): string {
  const { machine } = report;
  return `${[
    '# Benchmarks',
    '',
    '<!-- Written by `pnpm bench` (packages/bench); edit packages/bench/src/report/*.md, not this file. -->',
    '',
    `Measured ${machine.date} on commit \`${machine.commit}\`${report.quick ? ' — **quick run (smoke figures, not for comparison)**' : ''}.`,
    '',
    `| Machine | |`,
    `| --- | --- |`,
    `| CPU | ${machine.cpu}, ${machine.cores} cores |`,
    `| RAM | ${machine.ramGb} GB |`,
    `| Node.js | ${machine.node} |`,
    `| Database | ${report.database} |`,
    `| Load average at start | ${machine.loadAverage} |`,
    `| Command | \`${report.command}\` |`,
    '',
    '## Results',
    '',
    markdownTable(report.rows),
    '',
    ...report.sections.flatMap((section) => [`## ${section.title}`, '', section.body.trim(), '']),
  ].join('\n')}`;
}
