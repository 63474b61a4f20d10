/**
 * The role that owns a team: it may rename and delete it, invite and remove members. A team keeps
 * at least one confirmed owner in session mode (the api's owner guard).
 */
export const OWNER = 'owner';
