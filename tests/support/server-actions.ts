/**
 * Finds every server action in a source tree with the TypeScript compiler's
 * parser, and every one not made by the action wrapper (lib/http/action.ts).
 * A server action is an export of a module that starts with 'use server'
 * (types excepted: they are erased), or a function with its own 'use server'
 * directive, which would bypass the wrapper entirely and is always a problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The wrapper's module, and lib/http's entry, through which the routes import it. */
const WRAPPER_MODULES = new Set(['@/lib/http', '@/lib/http/action']);
const WRAPPER_EXPORT = 'action';
const WRAPPER_SHAPES = new Set(['button', 'result']);
const SKIPPED_DIRS = new Set(['node_modules', '.next']);
const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.tsx': ts.ScriptKind.TSX,
  '.jsx': ts.ScriptKind.JSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
};

export interface FoundAction {
  file: string;
  name: string;
}
export interface ActionProblem extends FoundAction {
  reason: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(path.join(dir, entry.name)));
    } else if (/\.(ts|tsx|mts|js|jsx|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path.join(dir, entry.name));
    }
  }
  return out;
}

function hasUseServer(statements: readonly ts.Statement[]): boolean {
  for (const s of statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) return false; // directives come first
    if (s.expression.text === 'use server') return true;
  }
  return false;
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The local names under which this module imported the wrapper. */
function wrapperNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const s of file.statements) {
    if (
      !ts.isImportDeclaration(s) ||
      !ts.isStringLiteral(s.moduleSpecifier) ||
      !WRAPPER_MODULES.has(s.moduleSpecifier.text)
    )
      continue;
    const bindings = s.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || s.importClause?.isTypeOnly) continue;
    for (const el of bindings.elements) {
      if (!el.isTypeOnly && (el.propertyName ?? el.name).text === WRAPPER_EXPORT) names.add(el.name.text);
    }
  }
  return names;
}

function madeByWrapper(init: ts.Expression | undefined, wrappers: Set<string>): boolean {
  if (!init || !ts.isCallExpression(init)) return false;
  const callee = init.expression;
  if (ts.isIdentifier(callee)) return wrappers.has(callee.text);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    wrappers.has(callee.expression.text) &&
    WRAPPER_SHAPES.has(callee.name.text)
  );
}

function inlineDirectives(file: ts.SourceFile, rel: string): ActionProblem[] {
  const problems: ActionProblem[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionLike(node) &&
      'body' in node &&
      node.body &&
      ts.isBlock(node.body as ts.Node) &&
      hasUseServer((node.body as ts.Block).statements)
    ) {
      const name =
        'name' in node && node.name && ts.isIdentifier(node.name as ts.Node)
          ? (node.name as ts.Identifier).text
          : '(anonymous)';
      problems.push({
        file: rel,
        name,
        reason: "a function with its own 'use server': make it an export of an actions module, through the wrapper",
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return problems;
}

function moduleExports(file: ts.SourceFile, rel: string): { actions: FoundAction[]; problems: ActionProblem[] } {
  const actions: FoundAction[] = [];
  const problems: ActionProblem[] = [];
  const wrappers = wrapperNames(file);
  const problem = (name: string, reason: string) => problems.push({ file: rel, name, reason });
  for (const s of file.statements) {
    if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) continue;
    if (ts.isExportDeclaration(s)) {
      if (s.isTypeOnly) continue;
      if (!s.exportClause || !ts.isNamedExports(s.exportClause)) problem('*', 're-exports a whole module');
      else
        for (const el of s.exportClause.elements)
          if (!el.isTypeOnly) problem(el.name.text, 'exported by name: declare it as `export const … = action(…)`');
      continue;
    }
    if (ts.isExportAssignment(s)) {
      problem('default', 'a default export');
      continue;
    }
    if (!isExported(s)) continue;
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const name = ts.isIdentifier(d.name) ? d.name.text : d.name.getText(file);
        if (madeByWrapper(d.initializer, wrappers)) actions.push({ file: rel, name });
        else problem(name, `not made by ${WRAPPER_EXPORT}() from @/lib/http`);
      }
    } else {
      const name =
        'name' in s && s.name && ts.isIdentifier(s.name as ts.Node) ? (s.name as ts.Identifier).text : 'default';
      problem(name, `not made by ${WRAPPER_EXPORT}() from @/lib/http`);
    }
  }
  return { actions, problems };
}

/** Every server action under the given folders (relative to `base`), and every one that bypasses the wrapper. */
export function scanServerActions(
  base: string,
  folders: readonly string[],
): { actions: FoundAction[]; problems: ActionProblem[] } {
  const actions: FoundAction[] = [];
  const problems: ActionProblem[] = [];
  for (const folder of folders) {
    for (const abs of sourceFiles(path.join(base, folder))) {
      const rel = path.relative(base, abs);
      const kind = SCRIPT_KINDS[path.extname(abs)] ?? ts.ScriptKind.TS;
      const file = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true, kind);
      problems.push(...inlineDirectives(file, rel));
      if (!hasUseServer(file.statements)) continue;
      const found = moduleExports(file, rel);
      actions.push(...found.actions);
      problems.push(...found.problems);
    }
  }
  return { actions, problems };
}
