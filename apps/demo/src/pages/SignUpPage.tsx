import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { NewPasswordField } from '../components/NewPasswordField.tsx';
import { TextField } from '../components/TextField.tsx';
import { useRefreshSession } from '../hooks/useSession.ts';
import type { RouterInputs } from '../lib/api-types.ts';
import { navigate } from '../lib/router.ts';
import { useTRPCClient } from '../trpc.ts';

type SignUp = Required<Pick<RouterInputs['account']['create'], 'name' | 'email' | 'password'>>;

/** Creates the account, then signs in with it (Appwrite's sign-up opens no session by itself). */
export function SignUpPage({ next }: { next: string }) {
  const client = useTRPCClient();
  const refreshSession = useRefreshSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signUp = useMutation({
    mutationFn: async (input: SignUp) => {
      await client.account.create.mutate({ userId: 'unique()', ...input });
      await client.account.createEmailPasswordSession.mutate({
        email: input.email,
        password: input.password,
      });
    },
    onSuccess: async () => {
      await refreshSession();
      navigate(next, { replace: true });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signUp.mutate({ name: name.trim(), email: email.trim(), password });
  };

  return (
    <section className="narrow card">
      <PageHeading>Create an account</PageHeading>
      <form onSubmit={submit}>
        <TextField
          label="Name"
          autoComplete="name"
          required
          maxLength={128}
          value={name}
          onChange={setName}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={setEmail}
        />
        <NewPasswordField label="Password" value={password} onChange={setPassword} />
        <ErrorMessage error={signUp.error} />
        <button type="submit" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </section>
  );
}
