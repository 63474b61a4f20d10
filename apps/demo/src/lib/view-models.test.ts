import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DeliveryState, Membership, RouterOutputs, Team } from './api-types.ts';
import { describeDelivery, HIDDEN_MEMBER, toMemberRow, toTeamCard, type MemberRow } from './view-models.ts';

/**
 * The demo's types are the router's types (`inferRouterOutputs<AppRouter>`), so a changed
 * procedure output breaks the demo's typecheck. The type assertions below are checked by `tsc`
 * (`pnpm --filter @roster/demo typecheck`, part of `pnpm test`); the runtime ones by Vitest.
 */
describe('view models derive from the router outputs', () => {
  it('reads the membership fields the member table needs, as the API returns them', () => {
    expectTypeOf(toMemberRow)
      .parameter(0)
      .toEqualTypeOf<RouterOutputs['teams']['listMemberships']['memberships'][number]>();
    expectTypeOf<Membership>().toExtend<{
      $id: string;
      userId: string;
      userName: string;
      userEmail: string;
      roles: string[];
      confirm: boolean;
      joined: string;
      invited: string;
    }>();
    expectTypeOf(toMemberRow).returns.toEqualTypeOf<MemberRow>();
    expectTypeOf(toTeamCard).parameter(0).toEqualTypeOf<RouterOutputs['teams']['get']>();
    expectTypeOf<DeliveryState>().toEqualTypeOf<'queued' | 'sent' | 'failed' | 'skipped'>();
  });

  it('stops compiling when an output it reads changes', () => {
    // What `teams.listMemberships` would return if `userEmail` were dropped or `confirm` renamed:
    type WithoutEmail = Omit<Membership, 'userEmail'>;
    type RenamedConfirm = Omit<Membership, 'confirm'> & { confirmed: boolean };
    type TotalAsString = Omit<Team, 'total'> & { total: string };
    expectTypeOf<WithoutEmail>().not.toExtend<Membership>();

    const breaks = [
      // @ts-expect-error the member table reads `userEmail`
      (membership: WithoutEmail) => toMemberRow(membership),
      // @ts-expect-error the member table reads `confirm`
      (membership: RenamedConfirm) => toMemberRow(membership),
      // @ts-expect-error the team list shows `total` as a number of members
      (team: TotalAsString) => toTeamCard(team),
    ];
    expect(breaks).toHaveLength(3);
  });

  it('maps a pending invitation and a member', () => {
    const base: Membership = {
      $id: 'm1',
      $createdAt: '2026-01-01T00:00:00.000+00:00',
      $updatedAt: '2026-01-01T00:00:00.000+00:00',
      userId: 'u1',
      userName: '',
      userEmail: 'ada@example.com',
      userPhone: '',
      teamId: 't1',
      teamName: 'Engines',
      invited: '2026-01-01T00:00:00.000+00:00',
      joined: '',
      confirm: false,
      mfa: false,
      userAccessedAt: '',
      roles: ['developer'],
    };
    expect(toMemberRow(base)).toMatchObject({
      displayName: 'ada@example.com',
      status: 'invited',
      since: base.invited,
      isOwner: false,
    });
    const joined = '2026-01-02T00:00:00.000+00:00';
    expect(toMemberRow({ ...base, userName: 'Ada', confirm: true, joined, roles: ['owner'] })).toMatchObject({
      displayName: 'Ada',
      status: 'member',
      since: joined,
      isOwner: true,
    });
    // A member's view under the default membership privacy: name, email and id are blanked.
    expect(toMemberRow({ ...base, userId: '', userEmail: '', confirm: true, joined })).toMatchObject({
      displayName: HIDDEN_MEMBER,
      hidden: true,
      email: '',
    });
    expect(toMemberRow(base).hidden).toBe(false);
  });

  it('describes every delivery state', () => {
    const delivery = { attempts: 0, lastError: '', queuedAt: '', sentAt: '' };
    expect(describeDelivery({ ...delivery, state: 'queued' })).toBe('Email queued');
    expect(describeDelivery({ ...delivery, state: 'queued', attempts: 2 })).toBe(
      'Email retrying (2 attempts)',
    );
    expect(describeDelivery({ ...delivery, state: 'sent' })).toBe('Email sent');
    expect(describeDelivery({ ...delivery, state: 'failed' })).toBe('Email failed');
    expect(describeDelivery({ ...delivery, state: 'skipped' })).toBe('Email not needed');
  });
});
