/**
 * What a summary download is before it is drawn (./render-xlsx.ts,
 * ./render-pdf.ts): kept apart from export.ts so the Students export
 * (./students-export.ts), which export.ts calls, can name it too.
 */
import type { ReportRun } from './custom-report';
import type { StudentsRun } from './students-report';

export type ExportFormat = 'xlsx' | 'pdf';

export interface ReportExport {
  run: ReportRun | StudentsRun;
  title: string;
  filters: [label: string, value: string][];
  schoolName: string;
  timeZone: string;
  generatedBy: string;
  generatedAt: Date;
}
