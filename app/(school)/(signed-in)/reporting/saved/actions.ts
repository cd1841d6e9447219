'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { action } from '@/lib/http';
import {
  changeSavedReportExpiry,
  deleteSavedReport,
  publishReportInput,
  publishSavedReport,
  reportExpiryInput,
  saveReport,
  saveReportInput,
  savedReportRef,
} from '@/lib/reports';

function back(done: string, reportId?: string): never {
  revalidatePath('/reporting/saved');
  redirect(`/reporting/saved?done=${done}${reportId ? `#saved-report-${reportId}` : ''}`);
}

export const saveReportAction = action(
  {
    auth: 'signed-in',
    input: saveReportInput,
    opaque: {
      definition: 'This report could not be saved as it was: generate it again, then save it.',
      submissionKey: 'This form could not be sent as it was: reload the page and save the report again.',
    },
  },
  async (ctx, data) => {
    const { reportId } = await saveReport(ctx, data);
    back('saved', reportId);
  },
);

export const publishReportAction = action.button(
  { auth: 'signed-in', input: publishReportInput },
  async (ctx, data) => {
    const published = data.published === 'true';
    await publishSavedReport(ctx, data.reportId, published);
    back(published ? 'published' : 'unpublished', data.reportId);
  },
);

export const changeReportExpiryAction = action.button(
  { auth: 'signed-in', input: reportExpiryInput },
  async (ctx, data) => {
    await changeSavedReportExpiry(ctx, data.reportId, data.expiry);
    back('expiry', data.reportId);
  },
);

export const deleteReportAction = action.button({ auth: 'signed-in', input: savedReportRef }, async (ctx, data) => {
  await deleteSavedReport(ctx, data.reportId);
  back('deleted');
});
