import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  BULK_INVITE_MAX,
  describeRowError,
  DRY_RUN_LABELS,
  parseAddresses,
  STATUS_LABELS,
  type BulkRowStatus,
} from '../../lib/bulk-invite.ts';
import { parseRoles } from '../../lib/roles.ts';
import { useTRPC } from '../../trpc.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';
import { TextField } from '../TextField.tsx';
import { acceptUrl } from './InviteForm.tsx';

interface ShownRow {
  address: string;
  status: BulkRowStatus;
  reason?: string;
}

/**
 * Owners paste many addresses at once (one per line, or comma-separated); the server invites each
 * and answers per row. "Check only" is a dry run: the rows are checked and nothing is sent.
 */
export function BulkInviteForm({ teamId }: { teamId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const areaId = useId();
  const [text, setText] = useState('');
  const [roles, setRoles] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [shown, setShown] = useState<{ dryRun: boolean; rows: ShownRow[] } | null>(null);
  const addresses = parseAddresses(text);
  const bulk = useMutation(trpc.teams.createMemberships.mutationOptions());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShown(null);
    const sent = addresses;
    const result = await bulk
      .mutateAsync({
        teamId,
        url: acceptUrl(),
        dryRun,
        rows: sent.map((email) => ({ email, roles: parseRoles(roles) })),
      })
      .catch(() => null);
    if (!result) return;
    setShown({
      dryRun: result.dryRun,
      rows: result.rows.map((row) => ({
        address: sent[row.index] ?? '',
        status: row.status,
        ...(row.error ? { reason: describeRowError(row.error) } : {}),
      })),
    });
    if (!result.dryRun) await queryClient.invalidateQueries(trpc.teams.pathFilter());
  };

  const labels = shown?.dryRun ? DRY_RUN_LABELS : STATUS_LABELS;
  return (
    <form className="invite-form" onSubmit={(event) => void submit(event)} aria-label="Invite many members">
      <div className="field">
        <label htmlFor={areaId}>Email addresses</label>
        <textarea
          id={areaId}
          rows={5}
          required
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={`${areaId}-hint`}
        />
        <small id={`${areaId}-hint`} className="hint">
          One per line, or separated by commas; up to {BULK_INVITE_MAX}.
        </small>
      </div>
      <TextField
        label="Their roles (all of them)"
        hint="Comma-separated."
        value={roles}
        onChange={setRoles}
      />
      <label className="checkbox">
        <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} /> Check
        only (dry run: nothing is sent)
      </label>
      <button
        type="submit"
        disabled={bulk.isPending || addresses.length === 0 || addresses.length > BULK_INVITE_MAX}
      >
        {bulk.isPending
          ? 'Inviting…'
          : dryRun
            ? `Check ${addresses.length} addresses`
            : `Invite ${addresses.length} addresses`}
      </button>
      {addresses.length > BULK_INVITE_MAX && <p role="alert">At most {BULK_INVITE_MAX} addresses at once.</p>}
      <ErrorMessage error={bulk.error} />
      {shown && (
        <table aria-label={shown.dryRun ? 'Dry run results' : 'Invitation results'}>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((row, index) => (
              <tr key={index} data-status={row.status}>
                <td>{row.address}</td>
                <td>
                  {labels[row.status]}
                  {row.reason && <>: {row.reason}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}
