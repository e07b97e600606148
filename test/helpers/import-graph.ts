// Reads the project's import graph from source with the TypeScript parser: which module imports
// which, and whether the import survives compilation (`import type` / `export type` are erased,
// so they cannot make a runtime cycle or pull a layer into another). Used by
// test/architecture/imports.test.ts to hold the layering of DESIGN.md ("Parts and boundaries").
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Importing file, relative to the root, with "/" separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** The imported file relative to the root when the specifier is relative; undefined for packages. */
  to?: string;
  /** False for imports the compiler erases. */
  runtime: boolean;
  /** True for `import('…')` expressions: loaded when the code runs, not when the module loads. */
  dynamic?: boolean;
}

const sourceFile = (name: string) => /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return sourceFile(e.name) ? [p] : [];
  });
}

/** `./x.js` written in ESM TypeScript names `./x.ts` (or a folder's index). */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, base.replace(/\.(m?js)$/, (m) => (m === '.mjs' ? '.mts' : '.ts')), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
}

const posix = (p: string) => p.split(sep).join('/');

/** Every import in the `.ts` files under `dirs` (relative to `root`). */
export function importEdges(root: string, dirs: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const dir of dirs) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const file of walk(abs)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
      const add = (specifier: string, runtime: boolean, dynamic = false) =>
        edges.push({ from: posix(relative(root, file)), specifier, runtime, ...(dynamic ? { dynamic } : {}), to: specifier.startsWith('.') ? posix(relative(root, resolveRelative(file, specifier))) : undefined });
      const visit = (node: ts.Node) => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
          add(node.moduleSpecifier.text, !node.importClause?.isTypeOnly);
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          add(node.moduleSpecifier.text, !node.isTypeOnly);
        } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
          add(node.arguments[0].text, true, true);
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
          add(node.argument.literal.text, false);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return edges;
}

/** Each cycle among the runtime edges, as the list of files around it (first file repeated at the end). */
export function findCycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.runtime || !e.to) continue;
    graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** The first path segment of a root-relative file: its layer (src, project, infra, cli, ...). */
export const layerOf = (file: string) => file.split('/')[0]!;
