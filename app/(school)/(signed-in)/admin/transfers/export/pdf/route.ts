/**
 * POST → a pupil's whole chronology as a password-protected PDF, for a school
 * without Haven (the export page's form: the pupil, categories, names to hide
 * and the password, in the body). Decided, read and audited by lib/transfers;
 * a cross-site post is refused before anything is read.
 */
import { getNameStyle, userRouteCtx } from '@/lib/http';
import { exportChronologyPdf } from '@/lib/transfers';
import { readPdfForm, reportDownloadRefusal, reportFileResponse } from '../../../../reporting/report-file-response';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const ctx = await userRouteCtx({ stateChanging: true });
  if (ctx instanceof Response) return ctx;
  const form = await readPdfForm(request);
  if (form instanceof Response) return form;
  const input = {
    studentId: form.query.studentId?.[0] ?? '',
    categoryIds: form.query.category ?? [],
    hideStudents: form.query.hideStudents?.[0] === '1',
    hideStaff: form.query.hideStaff?.[0] === '1',
    password: form.password,
  };
  try {
    return reportFileResponse(await exportChronologyPdf(ctx, input, await getNameStyle(ctx)));
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
