import { type StoredJoinLink } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

export const JOIN_LINK_STATES = ['active', 'revoked', 'expired', 'exhausted'] as const;
export type JoinLinkState = (typeof JOIN_LINK_STATES)[number];

/** A team's join link as owners see it (Roster's own model, docs/api.md#join-links): never its secret. */
export const ZJoinLink = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    teamId: z.string(),
    roles: z.array(z.string()),
    /** `''`: never expires. */
    expire: z.string(),
    maxUses: z.number().int(),
    uses: z.number().int(),
    /** The email domain joiners must have (`corp.com`), `''` for any. */
    domain: z.string(),
    /** The owner who made it, `''` for an API key. */
    userId: z.string(),
    /** `''` while not revoked. */
    revokedAt: z.string(),
    /** Whether it can still be used, else why not (revoked first, then expired, then used up). */
    status: z.enum(JOIN_LINK_STATES),
  })
  .meta({ id: 'JoinLink' });
export type JoinLinkDto = z.infer<typeof ZJoinLink>;

/** The create response: the link with its URL, which carries the secret and is shown this once. */
export const ZJoinLinkCreated = ZJoinLink.extend({
  url: z.string().meta({ description: 'The join URL with its secret; shown only in this response.' }),
}).meta({ id: 'JoinLinkCreated' });
export type JoinLinkCreatedDto = z.infer<typeof ZJoinLinkCreated>;

export const ZJoinLinkList = z
  .object({ total: z.number().int(), joinLinks: z.array(ZJoinLink) })
  .meta({ id: 'JoinLinkList' });

/** What a valid link shows before joining: the team and what joining grants. */
export const ZJoinLinkPreview = z
  .object({
    $id: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    roles: z.array(z.string()),
    expire: z.string(),
    domain: z.string(),
  })
  .meta({ id: 'JoinLinkPreview' });
export type JoinLinkPreviewDto = z.infer<typeof ZJoinLinkPreview>;

export function joinLinkState(link: StoredJoinLink, uses: number, now = Date.now()): JoinLinkState {
  if (link.revokedAt) return 'revoked';
  if (link.expire && link.expire.getTime() <= now) return 'expired';
  if (uses >= link.maxUses) return 'exhausted';
  return 'active';
}

export function toJoinLinkDto(link: StoredJoinLink, uses: number): JoinLinkDto {
  return {
    $id: link._id,
    $createdAt: toIso(link.createdAt),
    $updatedAt: toIso(link.updatedAt),
    teamId: link.teamId,
    roles: link.roles,
    expire: toIso(link.expire),
    maxUses: link.maxUses,
    uses: Math.min(uses, link.maxUses),
    domain: link.domain ?? '',
    userId: link.creatorId ?? '',
    revokedAt: toIso(link.revokedAt),
    status: joinLinkState(link, uses),
  };
}
