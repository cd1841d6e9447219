'use server';

import { redirect } from 'next/navigation';
import { action } from '@/lib/http';
import {
  consoleCreateSchoolInput,
  createSchoolFromConsole,
  schoolAvailabilityInput,
  setSchoolAvailability,
} from '@/lib/platform';

export const createSchoolAction = action({ auth: 'console', input: consoleCreateSchoolInput }, async (ctx, data) => {
  const created = await createSchoolFromConsole(ctx.operator, data, ctx.meta);
  redirect(`/console?created=${encodeURIComponent(created.slug)}`);
});

export const schoolAvailabilityAction = action.button(
  { auth: 'console', input: schoolAvailabilityInput },
  async (ctx, data) => {
    await setSchoolAvailability(ctx.operator, data, ctx.meta);
    redirect('/console');
  },
);
