import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatPrefs } from '../../lib/prefs.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { PrefsForm } from '../PrefsForm.tsx';

/** The account's own preferences (theme, language, …: whatever the app keeps there). */
export function AccountPrefs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.account.getPrefs.queryOptions());
  const save = useMutation(
    trpc.account.updatePrefs.mutationOptions({
      onSuccess: (user) => queryClient.setQueryData(trpc.account.getPrefs.queryKey(), user.prefs),
    }),
  );
  if (prefs.isPending) return <p aria-busy="true">Loading preferences…</p>;
  if (prefs.isError) return <ErrorMessage error={prefs.error} />;
  const saved = formatPrefs(prefs.data);
  return (
    <section aria-labelledby="prefs-title">
      <h2 id="prefs-title">Your preferences</h2>
      <PrefsForm
        key={saved}
        label="Account preferences"
        saved={saved}
        canEdit
        saving={save.isPending}
        error={save.error}
        onSave={(next) => save.mutate({ prefs: next })}
      />
    </section>
  );
}
