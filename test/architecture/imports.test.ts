// The layering of DESIGN.md ("Parts and boundaries"), read from the source: dependencies point
// one way, cli -> infra -> project -> src, and the runtime (src/, bundled into every Lambda)
// depends on nothing but itself, path-to-regexp and Node's built-ins.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findCycles, importEdges, layerOf, type ImportEdge } from '../helpers/import-graph.js';
import { repoRoot } from '../helpers/project.js';

const LAYERS = ['src', 'project', 'infra', 'cli'];
/** Packages the runtime may load at run time. Type-only imports of other packages are erased. */
const RUNTIME_PACKAGES = ['path-to-regexp'];
/** Loaded only by `await import(…)` at call time (Lambda's Node runtime provides the AWS SDK; the bundle leaves it external). */
const CALL_TIME_PACKAGES = /^@aws-sdk\/client-[a-z0-9-]+$/;

/** Each layering rule broken by an edge, as "from -> specifier: rule". */
function violations(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    const to = e.to ? layerOf(e.to) : undefined;
    const say = (rule: string) => out.push(`${e.from} -> ${e.specifier}: ${rule}`);
    // The package importing itself by name would hide a layer behind an export path.
    if (from !== 'cli' && /^calix(\/|$)/.test(e.specifier)) say(`${from}/ imports the calix package by name`);
    if ((from === 'infra' || from === 'project') && to === 'cli') say(`${from}/ imports cli/`);
    if (from === 'project' && to === 'infra') say('project/ imports infra/');
    if (from === 'src') {
      if (e.to && to !== 'src') say('src/ imports a file outside src/');
      const callTime = e.dynamic === true && CALL_TIME_PACKAGES.test(e.specifier);
      if (!e.to && e.runtime && !callTime && !e.specifier.startsWith('node:') && !RUNTIME_PACKAGES.includes(e.specifier)) {
        say('src/ loads a package other than path-to-regexp (an AWS SDK client only by await import() at call time)');
      }
    }
  }
  return out;
}

describe('the import graph', () => {
  const edges = importEdges(repoRoot, LAYERS);

  test('every layer exists and is read', () => {
    for (const layer of LAYERS) expect(edges.filter((e) => layerOf(e.from) === layer).length, `imports read in ${layer}/`).toBeGreaterThan(3);
  });

  test('dependencies point one way: cli -> infra -> project -> src', () => {
    expect(violations(edges)).toEqual([]);
  });

  test('src/ has no import cycle', () => {
    expect(findCycles(edges.filter((e) => layerOf(e.from) === 'src')).map((c) => c.join(' -> '))).toEqual([]);
  });
});

describe('the checker itself', () => {
  const fixture = (files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'calix-import-graph-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
  };

  test('finds a cycle through runtime imports and ignores one closed only by a type import', () => {
    const f = fixture({
      'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;",
      'src/b.ts': "import { c } from './c.js';\nexport const b = c;",
      'src/c.ts': "export { a } from './a.js';\nexport const c = 1;",
      'src/d.ts': "import type { E } from './e.js';\nexport type D = E;",
      'src/e.ts': "import type { D } from './d.js';\nexport type E = D | 1;",
    });
    try {
      expect(findCycles(importEdges(f.root, ['src'])).map((c) => c.join(' -> '))).toEqual(['src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts']);
    } finally {
      f.remove();
    }
  });

  test('names each layering rule an import breaks; type-only package imports in src/ are allowed, and AWS SDK clients imported at call time', () => {
    const f = fixture({
      'src/ok.ts': "import { match } from 'path-to-regexp';\nimport type { StandardSchemaV1 } from '@standard-schema/spec';\nimport { randomUUID } from 'node:crypto';\nexport const x = [match, randomUUID];",
      'src/bad.ts': "import { CliError } from '../cli/errors.js';\nimport { z } from 'zod';\nimport { SQSClient } from '@aws-sdk/client-sqs';\nexport const y = [CliError, z, SQSClient];",
      'src/late.ts': "export const send = async () => (await import('@aws-sdk/client-lambda')).LambdaClient;",
      'project/p.ts': "import { Stack } from '../infra/stack.js';\nexport const p = () => import('../cli/main.js');\nexport { Stack };",
      'infra/i.ts': "import type { Ui } from '../cli/ui.js';\nimport { app } from 'calix';\nexport type I = Ui;\nexport const i = app;",
      'cli/ui.ts': 'export type Ui = 1;',
      'cli/errors.ts': 'export class CliError extends Error {}',
      'cli/main.ts': 'export {};',
      'infra/stack.ts': 'export class Stack {}',
    });
    try {
      expect(violations(importEdges(f.root, LAYERS)).sort()).toEqual(
        [
          'src/bad.ts -> ../cli/errors.js: src/ imports a file outside src/',
          'src/bad.ts -> zod: src/ loads a package other than path-to-regexp (an AWS SDK client only by await import() at call time)',
          'src/bad.ts -> @aws-sdk/client-sqs: src/ loads a package other than path-to-regexp (an AWS SDK client only by await import() at call time)',
          'project/p.ts -> ../infra/stack.js: project/ imports infra/',
          'project/p.ts -> ../cli/main.js: project/ imports cli/',
          'infra/i.ts -> ../cli/ui.js: infra/ imports cli/',
          'infra/i.ts -> calix: infra/ imports the calix package by name',
        ].sort(),
      );
    } finally {
      f.remove();
    }
  });
});
