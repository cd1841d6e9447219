'use server';

import { revalidatePath } from 'next/cache';
import {
  listUserGroupForEveryClass,
  updateClassRestriction,
  classRestrictionEverywhereInput,
  classRestrictionInput,
} from '@/lib/admin';
import { action, formDone } from '@/lib/http';

export const updateClassRestrictionAction = action(
  { auth: 'signed-in', input: classRestrictionInput, repeated: ['userGroupIds'] },
  async (ctx, data) => {
    const { added, removed } = await updateClassRestriction(ctx, data);
    revalidatePath('/admin/class-restrictions');
    return formDone(
      added + removed === 0 ? 'No changes to save.' : 'Saved. The change applies from each person’s next click.',
    );
  },
);

export const listUserGroupEverywhereAction = action(
  { auth: 'signed-in', input: classRestrictionEverywhereInput },
  async (ctx, data) => {
    const { added } = await listUserGroupForEveryClass(ctx, data);
    revalidatePath('/admin/class-restrictions');
    return formDone(
      added === 0
        ? 'That group is already listed for every class.'
        : `Listed for ${added === 1 ? '1 more class' : `${added} more classes`}.`,
    );
  },
);
