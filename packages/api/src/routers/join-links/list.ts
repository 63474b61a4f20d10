import { ZJoinLinkList } from '../../dto/join-link.ts';
import { AppError } from '../../errors.ts';
import { teamMemberProcedure } from '../../middleware/team-access.ts';
import { listJoinLinks } from '../../services/join-links.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/teams/{teamId}/join-links: the team's links, newest first; owners and keys with `teams.read`. */
export const list = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/join-links', 'List team join links (Roster)'))
  .use(({ ctx, next }) => {
    if (!ctx.isOwner)
      throw new AppError('user_unauthorized', 'User is not allowed to read join links of this team');
    return next();
  })
  .output(ZJoinLinkList)
  .query(({ ctx }) => listJoinLinks(ctx.deps.repos, ctx.team));
