/**
 * chart.js is large for a cheap phone, so it reaches the browser only with a
 * chart: the modules that import it are loaded through `next/dynamic`, and no
 * other module imports them directly. The scan reads every source file under
 * app/ and lib/; the second test proves it notices a direct import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const CHART_LIBRARIES = /from\s+'(chart\.js|react-chartjs-2)(\/[^']*)?'/;

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Files that import a chart library, and the problems: any static import of such a file. */
function scan(files: Record<string, string>): { chartModules: string[]; problems: string[] } {
  const chartModules = Object.keys(files).filter((f) => CHART_LIBRARIES.test(files[f]!));
  const problems: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    for (const chart of chartModules) {
      const base = path.basename(chart).replace(/\.tsx?$/, '');
      // A static import of the chart module (by any relative or aliased path ending in its name).
      const staticImport = new RegExp(`(^|\\n)\\s*import[^;]*from\\s+'[^']*/${base}'`);
      if (file !== chart && staticImport.test(text)) problems.push(`${file} imports ${chart} directly`);
    }
  }
  return { chartModules, problems };
}

describe('chart.js', () => {
  it('is imported only by modules that are loaded lazily', () => {
    const files = Object.fromEntries(
      [...sources('app'), ...sources('lib')].map((f) => [f, readFileSync(path.join(root, f), 'utf8')]),
    );
    const { chartModules, problems } = scan(files);
    expect(chartModules.sort()).toEqual([
      'app/(school)/(signed-in)/reporting/_components/report-chart.tsx',
      'app/(school)/(signed-in)/students/[studentId]/_components/incident-chart-canvas.tsx',
    ]);
    expect(problems).toEqual([]);
    // Each is reached through next/dynamic somewhere, so it is on a page at all.
    for (const chart of chartModules) {
      const base = path.basename(chart).replace(/\.tsx?$/, '');
      const lazy = Object.values(files).some((t) => t.includes(`dynamic(() => import('./${base}')`));
      expect(lazy, `${chart} is loaded with next/dynamic`).toBe(true);
    }
  });

  it('notices a page that imports a chart module directly', () => {
    const { problems } = scan({
      'app/x/chart.tsx': "import { Chart } from 'chart.js';\n",
      'app/x/page.tsx': "import Chart from './chart';\n",
    });
    expect(problems).toEqual(['app/x/page.tsx imports app/x/chart.tsx directly']);
  });
});
