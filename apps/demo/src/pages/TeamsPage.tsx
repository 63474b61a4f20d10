import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { CreateTeamForm } from '../components/teams/CreateTeamForm.tsx';
import { Pagination } from '../components/teams/Pagination.tsx';
import { TeamCardView } from '../components/teams/TeamCardView.tsx';
import { TextField } from '../components/TextField.tsx';
import { useDebouncedValue } from '../hooks/useDebouncedValue.ts';
import { Query } from '../lib/queries.ts';
import { toTeamCard } from '../lib/view-models.ts';
import { useTRPC } from '../trpc.ts';

export const TEAMS_PAGE_SIZE = 10;

/** The signed-in user's teams: search, cursor pagination, and creating a team. */
export function TeamsPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  // The last team id of each page before the current one: "next" pushes, "previous" pops.
  const [cursors, setCursors] = useState<string[]>([]);
  const [searchedTerm, setSearchedTerm] = useState(term);
  if (term !== searchedTerm) {
    setSearchedTerm(term);
    setCursors([]);
  }
  const cursor = cursors.at(-1);
  const teams = useQuery({
    ...trpc.teams.list.queryOptions({
      queries: [Query.limit(TEAMS_PAGE_SIZE), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
      ...(term ? { search: term } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const cards = teams.data?.teams.map(toTeamCard) ?? [];

  return (
    <section>
      <PageHeading>My teams</PageHeading>
      <CreateTeamForm />
      <div role="search">
        <TextField label="Search teams" type="search" value={search} onChange={setSearch} maxLength={256} />
      </div>
      {teams.isPending && <p aria-busy="true">Loading teams…</p>}
      <ErrorMessage error={teams.error} />
      {teams.data && cards.length === 0 && (
        <p className="empty">
          {term ? `No team matches “${term}”.` : 'You are not in any team yet. Create one above.'}
        </p>
      )}
      {cards.length > 0 && (
        <ul className="team-list" aria-label="Teams" aria-busy={teams.isPlaceholderData}>
          {cards.map((team) => (
            <TeamCardView key={team.id} team={team} />
          ))}
        </ul>
      )}
      {teams.data && (teams.data.total > TEAMS_PAGE_SIZE || cursors.length > 0) && (
        <Pagination
          page={cursors.length}
          pageSize={TEAMS_PAGE_SIZE}
          shown={cards.length}
          total={teams.data.total}
          busy={teams.isFetching}
          onPrevious={() => setCursors((stack) => stack.slice(0, -1))}
          onNext={() => {
            const last = cards.at(-1);
            if (last) setCursors((stack) => [...stack, last.id]);
          }}
        />
      )}
    </section>
  );
}
