/**
 * Every server action goes through the one wrapper (lib/http/action.ts): its
 * Origin check, context, strict parsing and error mapping. The scan reads the
 * source with the TypeScript parser; the second test proves it catches each
 * way of bypassing the wrapper, in a throwaway tree.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanServerActions } from '../support/server-actions';

const root = path.resolve(__dirname, '../..');

describe('server actions', () => {
  it('are all made by the action wrapper', () => {
    const { actions, problems } = scanServerActions(root, ['app', 'lib']);
    expect(problems).toEqual([]);
    const names = actions.map((a) => a.name);
    // The scan finds them at all (a scan that finds nothing would pass the line above) …
    expect(actions.length).toBeGreaterThanOrEqual(58);
    expect(new Set(names).size).toBe(names.length);
    // … including the button actions that once parsed their own input or none.
    expect(names).toEqual(
      expect.arrayContaining([
        'pinIncidentAction',
        'restoreIncidentAction',
        'restoreActionAction',
        'markAlertReadAction',
        'openSchoolAction',
        'rootSignOutAction',
        'switchSchoolAction',
        'toggleHideNamesAction',
        'signOutAction',
        'startAddKeyAction',
        'startKeyElevationAction',
        'signInAction',
      ]),
    );
  });

  it('all load, each export a function: the wrapper refused no lax schema when they were defined', async () => {
    const files = [...new Set(scanServerActions(root, ['app', 'lib']).actions.map((a) => a.file))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const loaded: Record<string, unknown> = await import(path.join(root, file));
      const exported = Object.entries(loaded).filter(([, v]) => typeof v !== 'function');
      expect(exported, file).toEqual([]);
    }
  }, 120_000);

  it('the scan fails on every way of bypassing the wrapper', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haven-actions-'));
    try {
      const write = (rel: string, text: string) => {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      };
      write(
        'app/things/actions.ts',
        `'use server';
import { z } from 'zod';
import { action } from '@/lib/http/action';
import { action as other } from './somewhere-else';
export type Kept = { a: string };
export interface AlsoKept { b: string }
export const wrapped = action({ auth: 'signed-in', input: z.strictObject({}) }, async () => {});
export const button = action.button({ auth: 'signed-in', input: z.strictObject({}) }, async () => {});
export const rogue = async (formData: FormData) => { void formData; };
export async function bare(formData: FormData) { void formData; }
export const lookalike = other({ auth: 'signed-in' }, async () => {});
export const wrongShape = action.bind(null);
const hidden = action({ auth: 'signed-in', input: z.strictObject({}) }, async () => {});
export { hidden };
export default async function fallback() {}
`,
      );
      write('app/things/star.ts', `"use server";\nexport * from './actions';\n`);
      write('app/things/default.ts', `'use server';\nconst anonymous = async () => {};\nexport default anonymous;\n`);
      write(
        'app/things/page.tsx',
        `export default function Page() {
  async function inline() { 'use server'; }
  return <form action={inline} />;
}
`,
      );
      // Not a 'use server' module: its exports are ordinary functions, not actions.
      write('lib/plain.ts', `export async function helper() { return 1; }\n`);

      const { actions, problems } = scanServerActions(dir, ['app', 'lib']);
      expect(actions.map((a) => a.name).sort()).toEqual(['button', 'wrapped']);
      expect(problems.map((p) => `${p.file}:${p.name}`).sort()).toEqual(
        [
          'app/things/actions.ts:bare',
          'app/things/default.ts:default',
          'app/things/actions.ts:fallback',
          'app/things/actions.ts:hidden',
          'app/things/actions.ts:lookalike',
          'app/things/actions.ts:rogue',
          'app/things/actions.ts:wrongShape',
          'app/things/page.tsx:inline',
          'app/things/star.ts:*',
        ].sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
