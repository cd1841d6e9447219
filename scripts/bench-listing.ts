/**
 * The listing report's benchmarks (issue goals): the Excel listing of a
 * school's whole history (the reporting school's 120,000 incidents, so more
 * than the 100,000 the goal names), streamed: under 20 s with the process's
 * memory under 512 MB at its peak; and one pupil's full chronology as a
 * password-protected PDF with hidden names (the chronology pupil's 500
 * incidents and 1,500 actions): under 5 s. Both run through lib/reports'
 * downloads, as the routes call them: the guard, the permission-scoped
 * statements, hide names, the renderer, encryption and the audit row.
 *
 * Memory is the resident set of this process, sampled every 20 ms while the
 * file is made; with the embedded database it includes the database too, so
 * it is the whole of what a self-hosted server would hold.
 */
import { spawn } from 'node:child_process';
import { getConfig } from '@/lib/config';
import type { UserCtx } from '@/lib/tenancy/context';
import { downloadReportXlsx, downloadStudentReportPdf } from '@/lib/reports';
import { DEFAULT_NAME_STYLE } from '@/lib/students/names';

export interface OnceResult {
  case: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  rows: number | null;
  note?: string;
}

type Measure = (name: string, runs: number, fn: () => Promise<number | null>, note?: string) => Promise<OnceResult>;

const MB = 1024 * 1024;

/** Reads a file's body to its end, counting bytes (a browser saving the download). */
export async function drain(body: ReadableStream<Uint8Array> | Uint8Array): Promise<number> {
  if (body instanceof Uint8Array) return body.length;
  let bytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
  }
}

/** Runs `fn` once, sampling the resident set; the peak and the time taken. */
export async function withPeakMemory<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number; peakMb: number; baseMb: number }> {
  const baseMb = process.memoryUsage.rss() / MB;
  let peak = baseMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss() / MB);
  }, 20);
  const t = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage.rss() / MB);
    return { value, ms: performance.now() - t, peakMb: Math.round(peak), baseMb: Math.round(baseMb) };
  } finally {
    clearInterval(timer);
  }
}

export interface ExcelRun {
  ms: number;
  bytes: number;
  peakMb: number;
  baseMb: number;
}

/** Every incident of the school's history as an Excel listing with its actions (a DSL sees them all). */
export async function measureExcelListing(ctx: UserCtx): Promise<ExcelRun> {
  const query = {
    primary: 'category',
    display: 'listing',
    range: 'any',
    include: ['basicData', 'incidents', 'actions'],
  };
  const run = await withPeakMemory(async () => {
    const file = await downloadReportXlsx(ctx, query, DEFAULT_NAME_STYLE);
    return drain(file.body);
  });
  return { ms: Math.round(run.ms), bytes: run.value, peakMb: run.peakMb, baseMb: run.baseMb };
}

/**
 * The Excel listing's case. On PostgreSQL it runs in a process of its own
 * (scripts/bench-excel.ts, signed in with `sessionToken`), so the memory
 * measured is a server's: the modules and the export, not this benchmark's
 * school-building. The embedded database lives inside this process, so on
 * PGlite it runs here and the figure includes the database.
 */
export async function excelListingCase(
  ctx: UserCtx,
  expected: number,
  sessionToken: string,
  record: (r: OnceResult) => void,
): Promise<void> {
  const own = getConfig().database.driver === 'pg';
  const run = own ? await inOwnProcess(ctx.school.slug, sessionToken) : await measureExcelListing(ctx);
  const result: OnceResult = {
    case: `Excel listing, whole history (${expected.toLocaleString('en-GB')} incidents, streamed)`,
    runs: 1,
    medianMs: run.ms,
    p95Ms: run.ms,
    rows: expected,
    note: `${Math.round(run.bytes / MB)} MB file; peak memory ${run.peakMb} MB (${run.baseMb} MB before${own ? ', in a process of its own' : ', database included'}) (goals: < 20 s, < 512 MB)`,
  };
  record(result);
  console.log(`  ${result.case}: ${run.ms} ms; ${result.note}`);
}

function inOwnProcess(slug: string, sessionToken: string): Promise<ExcelRun> {
  return new Promise<ExcelRun>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=react-server', 'scripts/bench-excel.ts', slug],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_SESSION: sessionToken } },
    );
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(text.trim().split('\n').at(-1)!) as ExcelRun)
        : reject(new Error(`bench-excel exited ${code}: ${text}`)),
    );
  });
}

/** The pupil's full chronology (incidents and actions, basic data) as a password PDF with hidden names. */
export async function chronologyPdfCase(ctx: UserCtx, pupilId: string, measure: Measure): Promise<void> {
  const query = {
    primary: 'month',
    display: 'listing',
    range: 'any',
    include: ['basicData', 'incidents', 'actions'],
    hideStudents: '1',
    hideStaff: '1',
  };
  let bytes = 0;
  const r = await measure(
    'pupil’s full chronology PDF (500 incidents, 1,500 actions, hidden names, password)',
    3,
    async () => {
      const file = await downloadStudentReportPdf(ctx, pupilId, query, 'bench-password-1', DEFAULT_NAME_STYLE);
      bytes = await drain(file.body);
      return 500;
    },
  );
  r.note = `${Math.round((bytes / MB) * 10) / 10} MB; goal: < 5 s`;
}
