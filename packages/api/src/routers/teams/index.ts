import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { deleteProcedure } from './delete.ts';
import { get } from './get.ts';
import { list } from './list.ts';
import { listMemberships } from './list-memberships.ts';
import { getPrefs } from './get-prefs.ts';
import { updateName } from './update-name.ts';
import { updatePrefs } from './update-prefs.ts';
import { createMembership } from './create-membership.ts';
import { createMembershipLink } from './create-membership-link.ts';
import { createMemberships } from './create-memberships.ts';
import { deleteMembership } from './delete-membership.ts';
import { getMembership } from './get-membership.ts';
import { getMembershipDelivery } from './get-membership-delivery.ts';
import { updateMembership } from './update-membership.ts';
import { updateMembershipStatus } from './update-membership-status.ts';
import { listLogsProcedure } from './list-logs.ts';
import { previewMembership } from './preview-membership.ts';
import { updateMembershipStatusWithPassword } from './update-membership-status-with-password.ts';
import { listInvitations } from './list-invitations.ts';
import {
  acceptOwnershipTransfer,
  createOwnershipTransfer,
  declineOwnershipTransfer,
  deleteOwnershipTransfer,
  listOwnershipTransfersProcedure,
} from './ownership-transfers.ts';
import { checkPermission } from './check-permission.ts';
import { createRole } from './create-role.ts';
import { deleteRole } from './delete-role.ts';
import { listRoles } from './list-roles.ts';
import { updateRole } from './update-role.ts';

export const teamsRouter = router({
  createMembership,
  createMemberships,
  createMembershipLink,
  getMembership,
  getMembershipDelivery,
  updateMembership,
  updateMembershipStatus,
  deleteMembership,
  create,
  get,
  list,
  listMemberships,
  updateName,
  delete: deleteProcedure,
  getPrefs,
  updatePrefs,
  listLogs: listLogsProcedure,
  previewMembership,
  updateMembershipStatusWithPassword,
  listInvitations,
  // Roster extensions (docs/api.md#ownership-transfers).
  createOwnershipTransfer,
  listOwnershipTransfers: listOwnershipTransfersProcedure,
  acceptOwnershipTransfer,
  declineOwnershipTransfer,
  deleteOwnershipTransfer,
  listRoles,
  createRole,
  updateRole,
  deleteRole,
  checkPermission,
});
