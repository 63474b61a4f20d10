import { type Environment } from '../lib/environment.ts';
import { type ResultRow } from '../lib/report.ts';

export interface ScenarioContext {
  env: Environment;
  /** Smoke-run sizes (about two minutes for everything). */
  quick: boolean;
  /** Where CPU profiles go when a goal is missed (or `--profile`); undefined: no profiling. */
  profileDir: string | undefined;
  /** Profile even when goals are met. */
  alwaysProfile: boolean;
  log: (line: string) => void;
}

export interface ScenarioResult {
  rows: ResultRow[];
  /** Markdown paragraphs for the report: what was run, what could not be, where time goes. */
  notes: string[];
}

export interface Scenario {
  id: number;
  title: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
