import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { formatRoles, parseRoles } from '../../lib/roles.ts';
import { useTRPC } from '../../trpc.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';

type JoinLink = RouterOutputs['joinLinks']['list']['joinLinks'][number];

/** The page a join link opens; its host must be in the server's ROSTER_REDIRECT_HOSTS. */
export const joinUrl = () => `${window.location.origin}/join`;

const DAY_MS = 86_400_000;
const STATUS_LABELS: Record<JoinLink['status'], string> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
  exhausted: 'Used up',
};

/** Owners make shareable join links (shown once, to copy), see how much each was used, and revoke them. */
export function JoinLinks({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.joinLinks.list.queryOptions({ teamId }));
  const [roles, setRoles] = useState('');
  const [days, setDays] = useState('7');
  const [maxUses, setMaxUses] = useState('10');
  const [domain, setDomain] = useState('');
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.joinLinks.list.queryFilter({ teamId }));
  const create = useMutation(trpc.joinLinks.create.mutationOptions({ onSuccess: refresh }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCopied(false);
    create.mutate({
      teamId,
      roles: parseRoles(roles),
      url: joinUrl(),
      expire: new Date(Date.now() + Number(days) * DAY_MS).toISOString(),
      maxUses: Number(maxUses),
      ...(domain.trim() ? { domain: domain.trim() } : {}),
    });
  };

  const copy = async (url: string) => {
    await navigator.clipboard.writeText(url);
    setCopied(true);
  };

  return (
    <>
      <form className="invite-form" onSubmit={submit} aria-label="Create a join link">
        <TextField
          label="Roles of who joins"
          hint="Comma-separated, e.g. developer, billing."
          value={roles}
          onChange={setRoles}
        />
        <div className="field">
          <label htmlFor="join-link-days">Expires after</label>
          <select id="join-link-days" value={days} onChange={(event) => setDays(event.target.value)}>
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="365">1 year</option>
          </select>
        </div>
        <TextField
          label="Maximum uses"
          type="number"
          min={1}
          max={10000}
          required
          value={maxUses}
          onChange={setMaxUses}
        />
        <TextField
          label="Only for email domain (optional)"
          hint="e.g. @example.com: joiners need a verified address there."
          value={domain}
          onChange={setDomain}
        />
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create join link'}
        </button>
        <ErrorMessage error={create.error} />
      </form>
      {create.data && (
        <div className="notice" role="status">
          <p>Copy this link now: it is shown only once.</p>
          <input
            readOnly
            aria-label="New join link"
            value={create.data.url}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" onClick={() => void copy(create.data.url)}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      )}
      {links.isError && <ErrorMessage error={links.error} />}
      {links.data && links.data.total > 0 && (
        <table aria-label="Join links">
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Roles</th>
              <th scope="col">Uses</th>
              <th scope="col">Expires</th>
              <th scope="col">Domain</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {links.data.joinLinks.map((link) => (
              <JoinLinkRow key={link.$id} teamId={teamId} link={link} onRevoked={refresh} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function JoinLinkRow({
  teamId,
  link,
  onRevoked,
}: {
  teamId: string;
  link: JoinLink;
  onRevoked: () => unknown;
}) {
  const trpc = useTRPC();
  const revoke = useMutation(trpc.joinLinks.revoke.mutationOptions({ onSuccess: onRevoked }));
  const date = (iso: string) => (iso ? new Date(iso).toLocaleString() : 'never');
  return (
    <tr data-link-id={link.$id}>
      <td>{date(link.$createdAt)}</td>
      <td>{formatRoles(link.roles) || 'none'}</td>
      <td>
        {link.uses} / {link.maxUses}
      </td>
      <td>{date(link.expire)}</td>
      <td>{link.domain ? `@${link.domain}` : 'any'}</td>
      <td>{STATUS_LABELS[link.status]}</td>
      <td>
        {link.status !== 'revoked' && (
          <ConfirmButton
            label="Revoke"
            ariaLabel={`Revoke the link created ${date(link.$createdAt)}`}
            confirmLabel="Yes, revoke"
            pending={revoke.isPending}
            pendingLabel="Revoking…"
            onConfirm={() => revoke.mutate({ teamId, linkId: link.$id })}
            danger
          />
        )}
        <ErrorMessage error={revoke.error} />
      </td>
    </tr>
  );
}
