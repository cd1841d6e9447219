/**
 * Every permission decision is made in lib/access: code elsewhere asks the
 * engine (`decide`, `can`, the SQL conditions, the named helpers such as
 * `keyStatus` or `mayBeAssigned`) and never reads a person's permissions,
 * key-holder status or elevation itself, where a rule could quietly diverge
 * from the engine's (as "who may assign" once did). This scans lib/ and app/
 * for such reads; the few deliberate ones are listed below, in this one
 * place, each with its reason.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** What counts as a raw read, each with what it reads. */
const RAW_READS: { pattern: RegExp; reads: string }[] = [
  { pattern: /\bhasPermission\b/, reads: 'a system permission (hasPermission)' },
  { pattern: /\bisKeyHolder\b/, reads: 'key-holder status (isKeyHolder)' },
  { pattern: /\bNON_KEY_PERMISSIONS\b/, reads: 'the non-key baseline, to restate who holds a key' },
  // `.elevated` as a property, not inside a string such as the audit event 'auth.elevated'.
  { pattern: /(?<!['"`][\w.]*)\.elevated\b/, reads: 'the session’s elevation (.elevated)' },
  { pattern: /\.mayElevate\b/, reads: 'key-holder status from the session (.mayElevate)' },
  {
    pattern: /\.(systemPermissions|categoryPermissions|classRestriction|alertedIncidentIds)\b/,
    reads: 'the access subject’s permissions, restrictions or alerts',
  },
  {
    pattern: /\.rules\.(studentSearchOnAddIncident|libraryForNonKeyUsers)\b/,
    reads: 'the school rules the engine applies',
  },
  // Handing the list to the engine is how it should be used; looking into it is deciding.
  { pattern: /\buser\.permissions\s*(\.|\[)/, reads: 'the signed-in person’s group permissions (user.permissions)' },
];

/**
 * The deliberate exceptions. lib/auth is where the session's elevation is set
 * and carried, and it guards the keys themselves: those rules are about the
 * key, which the engine takes as given, not about records.
 */
const EXCEPTIONS: Record<string, string> = {
  'lib/auth/keys.ts':
    'Elevating with an authenticator needs a group that may use a key (mayElevate, set from lib/access groupMayUseKey), and changing keys needs the key in use when the person has one: the keys guard themselves.',
  'lib/auth/webauthn-keys.ts':
    'Elevating with a security key or passkey needs a group that may use a key (mayElevate, as in keys.ts).',
  'lib/auth/school-switch.ts':
    'Moving to another school carries the session’s elevation with the one-time code: session mechanics, not a decision.',
};

export interface RawRead {
  file: string;
  line: number;
  reads: string;
  text: string;
}

/** Comments say why, and may name what they explain: only code counts. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .split('\n')
    .map((line) => (/^\s*\/\//.test(line) ? '' : line))
    .join('\n');
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...sourceFiles(root, rel));
    } else if (/\.tsx?$/.test(entry.name)) {
      out.push(rel);
    }
  }
  return out;
}

/** Raw reads in lib/ and app/ under `root`, outside lib/access (the engine itself). */
export function findRawReads(root: string): RawRead[] {
  const found: RawRead[] = [];
  for (const top of ['lib', 'app']) {
    let files: string[];
    try {
      files = sourceFiles(root, top);
    } catch {
      continue;
    }
    for (const file of files) {
      if (file.startsWith('lib/access/')) continue;
      const lines = withoutComments(readFileSync(path.join(root, file), 'utf8')).split('\n');
      lines.forEach((text, i) => {
        for (const { pattern, reads } of RAW_READS) {
          if (pattern.test(text)) found.push({ file, line: i + 1, reads, text: text.trim() });
        }
      });
    }
  }
  return found;
}

const repoRoot = path.resolve(__dirname, '../..');

describe('permission reads outside lib/access', () => {
  const reads = findRawReads(repoRoot);

  it('none, apart from the listed exceptions', () => {
    const offenders = reads
      .filter((r) => !(r.file in EXCEPTIONS))
      .map((r) => `${r.file}:${r.line} reads ${r.reads}: ${r.text}`);
    expect(offenders).toEqual([]);
  });

  it('every listed exception is still needed (a stale one would hide the next read there)', () => {
    const used = new Set(reads.map((r) => r.file));
    expect(Object.keys(EXCEPTIONS).filter((file) => !used.has(file))).toEqual([]);
  });
});

describe('the scanner', () => {
  const fixture = mkdtempSync(path.join(tmpdir(), 'haven-permission-reads-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (file: string, source: string) => {
    mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
    writeFileSync(path.join(fixture, file), source);
  };

  write(
    'lib/incidents/sneaky.ts',
    [
      "import { hasPermission, isKeyHolder } from '@/lib/access';",
      'export const mayEdit = (s) => s.elevated && hasPermission(s, "incidents.edit");',
      'export const keyHolder = (s) => isKeyHolder(s);',
      "export const lists = (s) => s.systemPermissions.has('students.list');",
    ].join('\n'),
  );
  write(
    'lib/auth/offer.ts',
    'export const offer = (user) => groupMayUseKey(parseSystemPermissions(user.permissions));\n',
  );
  write(
    'app/(school)/page.tsx',
    "export default function P({ ctx }) { return ctx.user.permissions.includes('administration') ? 'admin' : ctx.user.mayElevate; }\n",
  );
  write('lib/access/engine.ts', "export const inEngine = (s) => s.elevated && s.systemPermissions.has('files');\n");
  write(
    'lib/auth/labels.ts',
    [
      "/** The session's elevation (ctx.user.elevated) is set in sessions.ts. */",
      "export const LABEL = { 'auth.elevated': 'Elevated with key' };",
      '// user.elevated is not read here',
      'export const at = (row) => row.elevatedAt;',
    ].join('\n'),
  );

  it('finds each kind of raw read in a violating file, line by line', () => {
    const found = findRawReads(fixture);
    expect(found.filter((r) => r.file === 'lib/incidents/sneaky.ts').map((r) => [r.line, r.reads])).toEqual([
      [1, 'a system permission (hasPermission)'],
      [1, 'key-holder status (isKeyHolder)'],
      [2, 'a system permission (hasPermission)'],
      [2, 'the session’s elevation (.elevated)'],
      [3, 'key-holder status (isKeyHolder)'],
      [4, 'the access subject’s permissions, restrictions or alerts'],
    ]);
    expect(found.filter((r) => r.file === 'app/(school)/page.tsx').map((r) => r.reads)).toEqual([
      'key-holder status from the session (.mayElevate)',
      'the signed-in person’s group permissions (user.permissions)',
    ]);
  });

  it('leaves the engine, comments, strings and look-alike names alone', () => {
    const files = new Set(findRawReads(fixture).map((r) => r.file));
    expect(files.has('lib/access/engine.ts')).toBe(false);
    expect(files.has('lib/auth/labels.ts')).toBe(false);
    expect(files.has('lib/auth/offer.ts')).toBe(false);
  });
});
