import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatPrefs } from '../../lib/prefs.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { PrefsForm } from '../PrefsForm.tsx';

/** The team's preferences as a JSON document: owners edit it, members read it. */
export function PrefsEditor({ teamId, canEdit }: { teamId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.teams.getPrefs.queryOptions({ teamId }));
  const save = useMutation(
    trpc.teams.updatePrefs.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.teams.getPrefs.queryKey({ teamId }), next),
    }),
  );
  if (prefs.isPending) return <p aria-busy="true">Loading preferences…</p>;
  if (prefs.isError) return <ErrorMessage error={prefs.error} />;
  const saved = formatPrefs(prefs.data);
  return (
    <PrefsForm
      key={saved}
      label="Team preferences"
      saved={saved}
      canEdit={canEdit}
      saving={save.isPending}
      error={save.error}
      onSave={(next) => save.mutate({ teamId, prefs: next })}
    />
  );
}
