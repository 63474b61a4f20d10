import { runLoad } from '../lib/load.ts';
import { type ResultRow } from '../lib/report.ts';
import { singleFigureRow } from '../lib/rows.ts';
import { startRoster } from '../lib/servers.ts';
import { listMembershipsRequest, seedTeam } from './2-list-memberships.ts';
import { type Scenario } from './context.ts';

/**
 * Roster's memory over many requests of scenario 2 (a 25-member team): RSS after the first tenth
 * of the requests against RSS at the end, and the peak. The goal names 100,000 requests; on the
 * embedded FerretDB that is 20–30 minutes on its own, so the default run makes 5,000 (same 1:10
 * checkpoint) and `BENCH_MEMORY_REQUESTS=100000` runs the goal's full count.
 */
export const memory: Scenario = {
  id: 5,
  title: 'memory over many teams.listMemberships requests',
  async run(context) {
    const { env, quick, log } = context;
    const total = Number(process.env.BENCH_MEMORY_REQUESTS ?? (quick ? 1000 : 5000));
    const checkpoint = Math.round(total / 10);
    const database = 'bench_s5';
    const seeded = await seedTeam(context, database, 'team25', 25);
    const request = listMembershipsRequest('team25', seeded.apiKey);
    const roster = await startRoster(env, database);
    try {
      const startRss = roster.memory().rssMb;
      let failures = 0;
      let done = 0;
      const samples: { after: number; rssMb: number }[] = [];
      const step = checkpoint;
      while (done < total) {
        const result = await runLoad({ url: roster.url, connections: 25, amount: step, requests: [request] });
        failures += result.failures;
        done += step;
        samples.push({ after: done, rssMb: roster.memory().rssMb });
        log(
          `    ${done.toLocaleString('en-US')} requests (${result.reqPerSec.toFixed(0)} req/s): RSS ${roster.memory().rssMb.toFixed(0)} MB, peak ${roster.memory().peakMb.toFixed(0)} MB`,
        );
      }
      const atCheckpoint = samples[0]?.rssMb ?? 0;
      const atEnd = samples.at(-1)?.rssMb ?? 0;
      const peak = roster.memory().peakMb;
      const growth = atCheckpoint > 0 ? atEnd / atCheckpoint : 0;
      const label = (count: number) => (count >= 1000 ? `${count / 1000}k` : String(count));
      const rows: ResultRow[] = [
        {
          ...singleFigureRow(
            '5',
            `RSS after ${label(total)} / after ${label(checkpoint)} requests`,
            `${atEnd.toFixed(0)} / ${atCheckpoint.toFixed(0)} MB = ${growth.toFixed(2)}×`,
            '≤ 1.1× (goal: 100k vs 10k)',
          ),
          met: growth <= 1.1 && failures === 0,
        },
        {
          ...singleFigureRow('5', 'peak RSS of the Roster process', `${peak.toFixed(0)} MB`, '< 250 MB'),
          met: peak < 250,
        },
      ];
      return {
        rows,
        notes: [
          `RSS at start ${startRss.toFixed(0)} MB; after each ${label(step)} requests: ${samples.map((sample) => `${sample.rssMb.toFixed(0)}`).join(', ')} MB.${failures ? ` ${failures} requests failed.` : ''}${total < 100_000 ? ` Ran ${total.toLocaleString('en-US')} requests, not the goal's 100,000 (run with \`BENCH_MEMORY_REQUESTS=100000\`).` : ''}`,
        ],
      };
    } finally {
      await roster.stop();
    }
  },
};
