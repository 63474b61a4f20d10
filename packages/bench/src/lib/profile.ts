import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { profileMarkdown, summariseProfile, type CpuProfile } from '../profile/summarise.ts';
import { type ScenarioContext } from '../scenarios/context.ts';
import { runLoad, type HttpRequestSpec } from './load.ts';
import { startRoster } from './servers.ts';

/**
 * Runs the load once more against a Roster started with `--cpu-prof` and summarises where its CPU
 * time went. Profiling slows the server, so its figures never enter the results table.
 */
export async function profileRoster(
  context: ScenarioContext,
  database: string,
  load: { title: string; connections: number; requests: HttpRequestSpec[]; amount?: number },
): Promise<string> {
  if (!context.profileDir) return '';
  const dir = await mkdtemp(join(context.profileDir, 'roster-'));
  context.log(`  profiling Roster (${load.title}) with --cpu-prof`);
  const server = await startRoster(context.env, database, { profileDir: dir });
  try {
    await runLoad({
      url: server.url,
      connections: load.connections,
      requests: load.requests,
      ...(load.amount ? { amount: load.amount } : { duration: context.quick ? 3 : 10 }),
    });
  } finally {
    await server.stop();
  }
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return `No CPU profile was written for ${load.title}.`;
  const summary = summariseProfile(JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile);
  return `### Where Roster's CPU time goes: ${load.title}\n\nProfile: \`${join(dir, file)}\` (open it in Chrome DevTools → Performance).\n\n${profileMarkdown(summary)}`;
}
