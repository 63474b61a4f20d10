import { router } from '../../trpc.ts';
import { create } from './create.ts';
import { deleteProcedure } from './delete.ts';
import { get } from './get.ts';
import { getPrefs } from './get-prefs.ts';
import { updateName } from './update-name.ts';
import { updatePrefs } from './update-prefs.ts';

export const teamsRouter = router({
  create,
  get,
  updateName,
  delete: deleteProcedure,
  getPrefs,
  updatePrefs,
});
