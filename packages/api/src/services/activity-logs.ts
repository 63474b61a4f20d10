import { type ActivityLogPage } from '@roster/db';
import { toLogDto, type LogDto } from '../dto/log.ts';
import { parseLimitOffset } from '../queries/index.ts';
import { TOTAL_CAP } from './list-page.ts';

export interface LogListInput {
  queries?: string[] | undefined;
  /** `false`: do not count, `total` is 0. */
  total?: boolean | undefined;
}

/**
 * One page of an activity log (docs/events.md#activity-logs), newest first: Appwrite's LogList,
 * paged by `limit` and `offset` only, `total` counted up to the lists' cap.
 */
export async function listLogs(
  source: ActivityLogPage,
  input: LogListInput,
  locale: string,
): Promise<{ total: number; logs: LogDto[] }> {
  const { limit, offset } = parseLimitOffset(input.queries ?? []);
  const [total, entries] = await Promise.all([
    input.total === false ? Promise.resolve(0) : source.count(TOTAL_CAP),
    source.find(offset, limit),
  ]);
  return { total, logs: entries.map((entry) => toLogDto(entry, locale)) };
}
