import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatPrefs, parsePrefs } from '../../lib/prefs.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

/** The team's preferences as a JSON document: owners edit it, members read it. */
export function PrefsEditor({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const prefs = useQuery(trpc.teams.getPrefs.queryOptions({ teamId }));
  if (prefs.isPending) return <p aria-busy="true">Loading preferences…</p>;
  if (prefs.isError) return <ErrorMessage error={prefs.error} />;
  // Keyed by the saved document, so the editor starts over from what the server has after a save.
  const saved = formatPrefs(prefs.data);
  return <PrefsForm key={saved} teamId={teamId} saved={saved} canEdit={canEdit} />;
}

function PrefsForm({ teamId, saved, canEdit }: { teamId: string; saved: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [text, setText] = useState(saved);
  const parsed = parsePrefs(text);
  const save = useMutation(
    trpc.teams.updatePrefs.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.teams.getPrefs.queryKey({ teamId }), next),
    }),
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (parsed.ok) save.mutate({ teamId, prefs: parsed.prefs });
      }}
      aria-label="Team preferences"
    >
      <div className="field">
        <label htmlFor={id}>Preferences (JSON)</label>
        <textarea
          id={id}
          className="code"
          rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
          spellCheck={false}
          readOnly={!canEdit}
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby={parsed.ok ? undefined : `${id}-problem`}
        />
        {!parsed.ok && (
          <small id={`${id}-problem`} className="error">
            {parsed.problem}
          </small>
        )}
      </div>
      {canEdit && (
        <>
          <button type="submit" disabled={save.isPending || !parsed.ok || text === saved}>
            {save.isPending ? 'Saving…' : 'Save preferences'}
          </button>
          <ErrorMessage error={save.error} />
        </>
      )}
    </form>
  );
}
