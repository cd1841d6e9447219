/**
 * The import-graph rules (scripts/import-graph.ts, run over the repository by
 * `npm run lint`) proved on throwaway trees: a small tree that keeps every rule
 * passes, and each deliberate violation fails with the rule that forbids it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImportGraph, hasDirective, LAYERS } from '@/scripts/import-graph';

type Tree = Record<string, string>;

/** A tree shaped like the repository: areas in their layers, entries, a client component, a server action. */
const CLEAN: Tree = {
  // baseUrl: without it the path mapping is resolved from the working directory, the repository.
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'esnext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      baseUrl: '.',
      paths: { '@/*': ['./*'] },
    },
  }),
  'node_modules/server-only/package.json': JSON.stringify({
    name: 'server-only',
    version: '0.0.1',
    main: 'index.js',
    exports: { '.': { 'react-server': './empty.js', default: './index.js' } },
  }),
  'node_modules/server-only/index.js': "throw new Error('server only');\n",
  'node_modules/server-only/empty.js': '',
  'db/scoped.ts': 'export const inSchool = async () => 1;\nexport type Tx = { tx: true };\n',
  'lib/errors.ts': 'export class UserError extends Error {}\n',
  'lib/tenancy/context.ts':
    "import type { Tx } from '@/db/scoped';\nexport interface Ctx { run(fn: (tx: Tx) => Promise<number>): Promise<number> }\n",
  'lib/crypto/index.ts': "import 'server-only';\nexport const seal = (s: string) => s;\n",
  'lib/access/index.ts':
    "import 'server-only';\nimport { inSchool } from '@/db/scoped';\nimport type { Ctx } from '@/lib/tenancy/context';\nexport const decide = (_ctx: Ctx) => inSchool();\n",
  'lib/students/names.ts': 'export const formatPupilName = (n: string) => n.trim();\n',
  'lib/students/service.ts':
    "import 'server-only';\nimport { decide } from '@/lib/access';\nimport { UserError } from '@/lib/errors';\nexport const findPupil = () => decide({ run: async () => 1 }) ?? new UserError();\n",
  'lib/students/index.ts':
    "import 'server-only';\nexport { findPupil } from './service';\nexport { formatPupilName } from './names';\nexport interface PupilView { name: string }\n",
  'lib/students/client.ts': "export { formatPupilName } from './names';\n",
  'lib/incidents/create.ts':
    "import 'server-only';\nimport { findPupil } from '@/lib/students';\nimport { formatPupilName } from '@/lib/students/names';\nexport const createIncident = () => [findPupil(), formatPupilName(' a ')];\n",
  'lib/incidents/index.ts': "import 'server-only';\nexport { createIncident } from './create';\n",
  'app/page.tsx':
    "import { createIncident } from '@/lib/incidents';\nimport { Form } from './form';\nexport default function Page() { createIncident(); return <Form />; }\n",
  'app/actions.ts':
    "'use server';\nimport { createIncident } from '@/lib/incidents';\nexport async function save() { createIncident(); }\n",
  // A client component may import its server actions and the types of a server entry; values come from client.ts.
  'app/form.tsx':
    "'use client';\nimport type { PupilView } from '@/lib/students';\nimport { formatPupilName } from '@/lib/students/client';\nimport { save } from './actions';\nexport function Form(p: { pupil?: PupilView }) { return <form action={save}>{formatPupilName(p.pupil?.name ?? '')}</form>; }\n",
};

let root: string;
let counter = 0;

/** Writes the clean tree with the given files changed (null removes one) into a fresh folder. */
function tree(changes: Record<string, string | null> = {}): string {
  const dir = path.join(root, `tree-${counter++}`);
  const files: Record<string, string | null> = { ...CLEAN, ...changes };
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function brokenRules(changes: Record<string, string | null>) {
  const { violations } = await checkImportGraph(tree(changes));
  return violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-import-graph-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the import-graph rules', () => {
  it('pass on a tree that keeps them', async () => {
    const { violations, report } = await checkImportGraph(tree());
    expect(report).toContain('0 import-graph violations.');
    expect(violations).toEqual([]);
  }, 60_000);

  it('refuse a cycle, even one made only of types', async () => {
    const broken = await brokenRules({
      'lib/students/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
      'lib/students/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
    });
    expect(broken).toContain('no-circular: lib/students/a.ts → lib/students/b.ts');
  }, 60_000);

  it('refuse an area importing one above it', async () => {
    const broken = await brokenRules({
      'lib/students/names.ts':
        "import type { createIncident } from '@/lib/incidents/create';\nexport type C = typeof createIncident;\nexport const formatPupilName = (n: string) => n.trim();\n",
    });
    expect(broken).toContain('layer-students: lib/students/names.ts → lib/incidents/create.ts');
  }, 60_000);

  it('refuse a lib folder that has no place in the layers', async () => {
    const broken = await brokenRules({
      'lib/unplaced/run.ts': "import { UserError } from '@/lib/errors';\nexport const run = () => new UserError();\n",
    });
    expect(broken).toContain('lib-area-in-a-layer: lib/unplaced/run.ts → lib/errors.ts');
  }, 60_000);

  it('refuse lib importing the routes', async () => {
    const broken = await brokenRules({
      'lib/students/names.ts':
        "import { save } from '@/app/actions';\nexport const formatPupilName = (n: string) => (save, n.trim());\n",
    });
    expect(broken).toContain('lib-not-upwards: lib/students/names.ts → app/actions.ts');
  }, 60_000);

  it('refuse a route importing an area past its entry, or the database', async () => {
    const broken = await brokenRules({
      'app/page.tsx':
        "import { createIncident } from '@/lib/incidents/create';\nimport { inSchool } from '@/db/scoped';\nexport default function Page() { createIncident(); inSchool(); return null; }\n",
    });
    expect(broken).toContain('app-through-entries: app/page.tsx → lib/incidents/create.ts');
    expect(broken).toContain('app-not-db: app/page.tsx → db/scoped.ts');
  }, 60_000);

  it('refuse a client component that reaches a server-only module, directly or through a helper', async () => {
    const broken = await brokenRules({
      'app/helper.ts':
        "import { formatPupilName } from '@/lib/students';\nexport const label = (n: string) => formatPupilName(n);\n",
      'app/form.tsx':
        "'use client';\nimport { label } from './helper';\nexport function Form() { return <p>{label(' x ')}</p>; }\n",
    });
    expect(broken).toContain('client-not-server: app/form.tsx → node_modules/server-only/index.js');
  }, 60_000);

  it("refuse a lib module that reaches the database or key material without import 'server-only'", async () => {
    const broken = await brokenRules({
      'lib/students/lookup.ts':
        "import { decide } from '@/lib/access';\nexport const lookup = () => decide({ run: async () => 1 });\n",
      'lib/students/seal.ts': "import { seal } from '@/lib/crypto';\nexport const sealed = seal('x');\n",
    });
    expect(broken).toContain('server-only-where-data-is: lib/students/lookup.ts → db/scoped.ts');
    expect(broken).toContain('server-only-where-data-is: lib/students/seal.ts → lib/crypto/index.ts');
  }, 60_000);
});

describe('the rules themselves', () => {
  it('list every lib folder of the repository in a layer', () => {
    const listed = new Set(LAYERS.flatMap((l) => l.areas));
    const areas = fs.readdirSync(path.resolve('lib'), { withFileTypes: true }).map((e) => e.name.replace(/\.ts$/, ''));
    expect(areas.filter((a) => !listed.has(a))).toEqual([]);
  });

  it('read a directive only as the first statement', () => {
    expect(hasDirective("/** A form. */\n'use client';\nimport x from 'y';", 'use client')).toBe(true);
    expect(hasDirective("import x from 'y';\n'use client';", 'use client')).toBe(false);
    expect(hasDirective('"use server";\n', 'use server')).toBe(true);
  });
});
