/**
 * The rules of the import graph, checked with dependency-cruiser. `npm run lint`
 * runs this file over the repository; tests/unit/import-graph.test.ts runs the
 * same rules over throwaway trees to prove each one fails when broken.
 * docs/ARCHITECTURE.md ("Layout") draws the layers listed here.
 *
 * Two passes over the same files:
 * - the *structure* (every import, type-only ones included): no cycles; lib/
 *   areas form layers; app/ reaches lib/ only through an area's entry and never db/;
 * - what *runs* (imports as compiled, type-only ones gone): a client component
 *   reaches no module that imports 'server-only', and a lib module that reaches
 *   the database or key material (db/, lib/crypto) imports 'server-only' itself,
 *   so the build refuses it in a browser bundle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type ICruiseOptions, type IForbiddenRuleType, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * Bottom to top. An area may import the areas before it in this list, never one
 * after it; the tiers only group them for the reader. `db` is db/ without
 * db/seed/; `seed` is db/seed/, the demo generator, which installs through the
 * domains.
 */
export const LAYERS: { tier: string; areas: string[] }[] = [
  { tier: 'foundation', areas: ['net', 'config', 'errors', 'ids', 'time', 'settings'] },
  {
    tier: 'infrastructure',
    areas: ['db', 'tenancy', 'idempotency', 'rate-limit', 'crypto', 'storage', 'files', 'mail', 'pdf'],
  },
  { tier: 'permissions and audit', areas: ['access', 'audit'] },
  {
    tier: 'domains',
    areas: [
      'schools',
      'auth',
      'users',
      'attendance',
      'calendar',
      'agencies',
      'students',
      'monitoring',
      'maps',
      'incidents',
      'vault',
      'library',
      'reports',
      'profile',
      'planner',
      'alerts',
      'admin',
      'training',
      'mis',
      'transfers',
      'support',
      'platform',
    ],
  },
  { tier: 'entry points', areas: ['http', 'jobs', 'seed', 'cli', 'server-runtime'] },
];

/** Imports the layers refuse but that stand for now, each with its reason. An entry is a move still owed. */
export const LAYER_EXCEPTIONS: { from: string; to: string; reason: string }[] = [];

/** What the repository's check cruises. */
export const TARGETS = ['lib', 'app', 'db', 'scripts', 'proxy.ts', 'instrumentation.ts'];

const AREA_PATHS: Record<string, string> = { db: '^db/(?!seed/)', seed: '^db/seed/' };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const areaPath = (area: string) => AREA_PATHS[area] ?? `^lib/${escape(area)}(/|[.]ts$)`;
const anyOf = (patterns: string[]) => `(${patterns.map((p) => `(${p})`).join('|')})`;
const exactly = (files: string[]) => (files.length === 0 ? '^$' : `^(${files.map(escape).join('|')})$`);

/** Every .ts/.tsx file under the given folders, as paths relative to baseDir. */
function sourceFiles(baseDir: string, folders: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(baseDir, rel);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  for (const f of folders) walk(f);
  return out.sort();
}

/** Whether a module's first statement is the given directive ('use client', 'use server'); comments may come before it. */
export function hasDirective(text: string, directive: 'use client' | 'use server'): boolean {
  const body = text.replace(/^(\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, '');
  return body.startsWith(`'${directive}'`) || body.startsWith(`"${directive}"`);
}

const importsServerOnly = (text: string) => /^import\s+['"]server-only['"]/m.test(text);

/** Cycles, layers and the way app/ reaches lib/: every import counts, type-only ones included. */
export function structureRules(): IForbiddenRuleType[] {
  const order = LAYERS.flatMap((l) => l.areas);
  const layerRules = order.slice(0, -1).map((area, i): IForbiddenRuleType => {
    const exceptions = LAYER_EXCEPTIONS.filter((e) => new RegExp(e.from).test(area === 'db' ? 'db/' : `lib/${area}/`));
    return {
      name: `layer-${area}`,
      comment: `${area} may import only what is below it in LAYERS (scripts/import-graph.ts): ${order.slice(0, i).join(', ') || 'nothing'}.`,
      severity: 'error',
      from: { path: areaPath(area) },
      to: {
        path: anyOf(order.slice(i + 1).map(areaPath)),
        ...(exceptions.length > 0 ? { pathNot: anyOf(exceptions.map((e) => e.to)) } : {}),
      },
    };
  });
  return [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only imports included: move what both need down to a module both may import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'lib-area-in-a-layer',
      comment: 'Every lib/ area has its place in LAYERS (scripts/import-graph.ts).',
      severity: 'error',
      from: { path: '^lib/', pathNot: anyOf(order.map(areaPath)) },
      to: {},
    },
    {
      name: 'lib-not-upwards',
      comment: 'lib/ and db/ never import the routes, the scripts or the tests.',
      severity: 'error',
      from: { path: '^(lib|db)/' },
      to: { path: '^(app/|scripts/|tests/|proxy[.]ts$|instrumentation[.]ts$)' },
    },
    {
      name: 'app-through-entries',
      comment:
        'app/ imports a lib area only through its entry: lib/<area>/index.ts, or lib/<area>/client.ts in what runs in the browser; lib/config.ts, lib/errors.ts and lib/ids.ts are their own entries.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^lib/', pathNot: '^lib/([^/]+[.]ts|[^/]+/(index|client)[.]ts)$' },
    },
    {
      name: 'app-not-db',
      comment: 'Routes reach data only through lib/.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: '^db/' },
    },
  ];
}

/** What may run where: only imports that survive compilation count. */
export function runtimeRules(baseDir: string): IForbiddenRuleType[] {
  const files = sourceFiles(baseDir, ['app', 'lib']);
  const read = (f: string) => fs.readFileSync(path.join(baseDir, f), 'utf8');
  const clientModules = files.filter((f) => hasDirective(read(f), 'use client'));
  const serverOnlyModules = files.filter((f) => f.startsWith('lib/') && importsServerOnly(read(f)));
  return [
    {
      name: 'client-not-server',
      comment:
        "A 'use client' module reaches no module that imports 'server-only': take what the browser needs from lib/<area>/client.ts.",
      severity: 'error',
      from: { path: exactly(clientModules) },
      to: { path: '^node_modules/server-only/', reachable: true },
    },
    {
      name: 'server-only-where-data-is',
      comment: "A lib module that reaches db/ or lib/crypto, directly or through other modules, imports 'server-only'.",
      severity: 'error',
      from: { path: '^lib/', pathNot: exactly(serverOnlyModules) },
      to: { path: '^(db/(?!seed/)|lib/crypto/)', reachable: true },
    },
  ];
}

async function cruisePass(
  baseDir: string,
  targets: string[],
  forbidden: IForbiddenRuleType[],
  typeOnlyImports: boolean,
  excluded: string[] = [],
) {
  const tsConfigFile = path.join(baseDir, 'tsconfig.json');
  const options: ICruiseOptions = {
    baseDir,
    validate: true,
    ruleSet: { forbidden },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: excluded.length > 0 ? `^([.]next/|tests/)|${exactly(excluded)}` : '^([.]next|tests)/' },
    tsPreCompilationDeps: typeOnlyImports,
    tsConfig: { fileName: tsConfigFile },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  };
  const { output } = await cruise(targets, options, {}, { tsConfig: extractTSConfig(tsConfigFile) });
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return output.summary.violations;
}

/** One line per violation, with the path that makes it (the cycle, or the modules in between). */
export function describeViolation(v: IViolation): string {
  const chain = (v.cycle ?? v.via ?? []).map((d) => d.name);
  const route = chain.length > 0 ? `\n    via ${[v.from, ...chain].join(' → ')}` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${route}`;
}

/** Both passes over baseDir (a repository, or a throwaway tree in the tests). */
export async function checkImportGraph(
  baseDir: string,
  targets: string[] = TARGETS,
): Promise<{ violations: IViolation[]; report: string }> {
  const present = targets.filter((t) => fs.existsSync(path.join(baseDir, t)));
  const structure = await cruisePass(baseDir, present, structureRules(), true);
  // A client component that imports a 'use server' module receives references to its actions, not
  // the module: the runtime pass leaves those modules out, so reachability stops at them.
  const serverActionModules = sourceFiles(baseDir, ['app', 'lib']).filter((f) =>
    hasDirective(fs.readFileSync(path.join(baseDir, f), 'utf8'), 'use server'),
  );
  const runtime = await cruisePass(baseDir, present, runtimeRules(baseDir), false, serverActionModules);
  // A reachability rule names every module reached; one line per module that breaks it is enough.
  const seen = new Set<string>();
  const violations = [...structure, ...runtime].filter((v) => {
    if (v.type !== 'reachability') return true;
    const key = `${v.rule.name} ${v.from}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rules = new Map([...structureRules(), ...runtimeRules(baseDir)].map((r) => [r.name, r.comment]));
  const broken = [...new Set(violations.map((v) => v.rule.name))];
  const report = [
    ...violations.map(describeViolation),
    ...(broken.length > 0 ? ['', ...broken.map((name) => `${name}: ${rules.get(name) ?? ''}`)] : []),
    `${violations.length} import-graph violation${violations.length === 1 ? '' : 's'}.`,
  ].join('\n');
  return { violations, report: `${report}\n` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  process.chdir(root); // the tsconfig has no baseUrl, so its '@/' paths are resolved from here
  const { violations, report } = await checkImportGraph(root);
  process.stdout.write(report);
  process.exitCode = violations.some((v) => v.rule.severity === 'error') ? 1 : 0;
}
