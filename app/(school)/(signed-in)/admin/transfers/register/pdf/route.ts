/**
 * GET → the school's transfer register as a PDF (sent and received). Decided and
 * read by lib/transfers: administrators with their key; another school's
 * transfers never appear.
 */
import { getNameStyle, requireUserCtx } from '@/lib/http';
import { transferRegisterPdf } from '@/lib/transfers';
import { reportDownloadRefusal, reportFileResponse } from '../../../../reporting/report-file-response';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const ctx = await requireUserCtx();
  try {
    return reportFileResponse(await transferRegisterPdf(ctx, await getNameStyle(ctx)));
  } catch (e) {
    return reportDownloadRefusal(e);
  }
}
