import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useRefreshSession } from '../../hooks/useSession.ts';
import type { User } from '../../lib/api-types.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

/** The name others see (in teams, in invitations). */
export function NameForm({ user }: { user: User }) {
  const trpc = useTRPC();
  const refreshSession = useRefreshSession();
  const [name, setName] = useState(user.name);
  const update = useMutation(trpc.account.updateName.mutationOptions({ onSuccess: () => refreshSession() }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ name });
      }}
      aria-labelledby="name-form-title"
    >
      <h2 id="name-form-title">Your name</h2>
      <TextField label="Name" required maxLength={128} value={name} onChange={setName} />
      <ErrorMessage error={update.error} />
      {update.isSuccess && (
        <p role="status" className="success">
          Your name is saved.
        </p>
      )}
      <button type="submit" disabled={update.isPending || name === user.name}>
        {update.isPending ? 'Saving…' : 'Save name'}
      </button>
    </form>
  );
}
