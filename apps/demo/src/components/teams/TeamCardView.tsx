import { teamPath } from '../../lib/router.ts';
import type { TeamCard } from '../../lib/view-models.ts';
import { Link } from '../Link.tsx';

export function TeamCardView({ team }: { team: TeamCard }) {
  return (
    <li className="team-card">
      <Link to={teamPath(team.id)}>{team.name}</Link>
      <span className="muted">
        {team.members} {team.members === 1 ? 'member' : 'members'} · created{' '}
        {new Date(team.createdAt).toLocaleDateString()}
      </span>
    </li>
  );
}
