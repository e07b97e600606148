// The one rule every Calix command that writes follows: never delete or overwrite what Calix
// did not create. An output folder is used only when it is missing, empty, or holds a previous
// Calix output recognised by its marker file; anything else is refused before anything changes.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CliError } from '../errors.js';

/** Written into every folder Calix fills (a cloud assembly); lists the entries Calix wrote. */
export const OUTPUT_MARKER = '.calix-assembly';

/** How a path is shown in messages: relative to the working folder when inside it. */
export function showPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || rel.startsWith(sep) ? path : rel;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'it is busy',
};

/** A Node file-system error as words (`permission denied`), or its message when not one. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
}

/** `cannot <doing> <path>: <reason>; <fix>` as a CliError. */
export function fsError(doing: string, path: string, e: unknown, fix = 'check the path and its permissions'): CliError {
  return new CliError(`cannot ${doing} ${showPath(path)}: ${fsReason(e)}; ${fix}`);
}

type Kind = 'missing' | 'file' | 'dir' | 'other';
function kindOf(path: string): Kind {
  try {
    const s = statSync(path); // follows symbolic links: a link to a folder is a folder
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
}

/**
 * Creates `dir` and its missing parents one level at a time and returns the folders it created
 * (outermost first). Node 20's `mkdir({ recursive: true })` loops forever when the kernel answers
 * ENOENT for a path whose parent exists (`/proc/nope`); creating each level ourselves fails instead.
 */
export function makeDirs(dir: string, what = 'create the folder'): string[] {
  const target = resolve(dir);
  const missing: string[] = [];
  let p = target;
  for (;;) {
    let k: Kind;
    try {
      k = kindOf(p);
    } catch (e) {
      throw fsError(what, target, e);
    }
    if (k === 'dir') break;
    if (k !== 'missing') throw new CliError(`cannot ${what} ${showPath(target)}: ${showPath(p)} is a file, not a folder; choose another path`);
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  const created: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      removeCreated(created);
      // ENOENT although the parent exists: a file system that allows no new folders (/proc).
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`cannot ${what} ${showPath(target)}: the file system refuses to create ${showPath(d)}; choose a path on a writable disk`);
      throw fsError(what, target, e);
    }
    created.push(d);
  }
  return created;
}

/** Removes folders `makeDirs` created (innermost first), only while they are empty. */
export function removeCreated(created: string[]): void {
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (someone else wrote there) or gone: leave it
    }
  }
}

// What the CDK toolkit writes into a cloud assembly folder besides the stack files: lock files
// while the assembly is in use, cdk-assets' `.cache` of packaged assets, written while a deploy
// publishes them (after the marker was committed), and `.hotswap-cache`, the template a hotswap
// deploy last applied. They are the toolkit's own, not the user's.
const TOOLKIT_OWN = /^((synth|read\.\d+\.\d+)\.lock|\.cache|\.hotswap-cache)$/;
// A cloud assembly written before Calix wrote markers: only CDK assembly files.
const CDK_ASSEMBLY_ENTRY = /^(manifest\.json|\.cache|\.hotswap-cache|tree\.json|cdk\.out|[\w.-]+\.(template|assets)\.json|asset\.[0-9a-f]{64}(\.\w+)?|(synth|read\.\d+\.\d+)\.lock)$/;

function markedEntries(dir: string): string[] | undefined {
  const file = join(dir, OUTPUT_MARKER);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
    return Array.isArray(data.entries) ? data.entries.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A claimed output folder: `commit` records what Calix wrote, `abandon` removes it again. */
export interface OutputDir {
  readonly dir: string;
  /** Records every entry now in the folder as Calix's (call after a successful write). */
  commit(): void;
  /** After a failed write: removes what this run wrote, and the folder itself if this run created it. */
  abandon(): void;
}

/**
 * Claims `dir` for a Calix output (a cloud assembly): creates it when missing; uses it when
 * empty; when it holds a previous Calix output (its marker), removes exactly the entries the
 * marker lists. Refuses, without changing anything, a file, a folder holding anything Calix did
 * not write, and a folder that contains `protect` (the project: `--out .`).
 */
export function claimOutputDir(dir: string, opts: { option?: string; protect?: string } = {}): OutputDir {
  return useOutputDir(dir, opts, false)!;
}

/**
 * Refuses `dir` the way {@link claimOutputDir} would, without creating or removing anything:
 * for commands that check `--out` before their slow work.
 */
export function checkOutputDir(dir: string, opts: { option?: string; protect?: string } = {}): void {
  useOutputDir(dir, opts, true);
}

function useOutputDir(dir: string, opts: { option?: string; protect?: string }, dryRun: boolean): OutputDir | undefined {
  const target = resolve(dir);
  const option = opts.option ?? '--out';
  const name = showPath(target);
  const refuse = (why: string) =>
    new CliError(`refusing to write the cloud assembly to ${name}: ${why}. Nothing was changed; pass ${option} a missing or empty folder (or one an earlier \`calix package\` wrote)`);
  if (opts.protect) {
    const p = resolve(opts.protect);
    if (p === target || p.startsWith(target.endsWith(sep) ? target : target + sep)) throw refuse(p === target ? 'it is the project folder' : `it holds the project ${showPath(p)}`);
  }
  let kind: Kind;
  try {
    kind = kindOf(target);
  } catch (e) {
    throw fsError('use the folder', target, e);
  }
  if (kind === 'file' || kind === 'other') throw refuse('it is a file, not a folder');
  let created: string[] = [];
  let previous: string[] = [];
  if (kind === 'missing') {
    if (dryRun) {
      // The nearest existing ancestor must be a folder.
      let up = dirname(target);
      while (dirname(up) !== up && !existsSync(up)) up = dirname(up);
      try {
        if (!statSync(up).isDirectory()) throw new CliError(`cannot create the folder ${name}: ${showPath(up)} is a file, not a folder; choose another path`);
      } catch (e) {
        throw e instanceof CliError ? e : fsError('create the folder', target, e);
      }
      return undefined;
    }
    created = makeDirs(target, 'create the folder');
  } else {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (e) {
      throw fsError('read the folder', target, e);
    }
    const marked = markedEntries(target);
    const ours = (e: string) => e === OUTPUT_MARKER || TOOLKIT_OWN.test(e) || (marked ? marked.includes(e) : CDK_ASSEMBLY_ENTRY.test(e));
    const legacy = !marked && entries.includes('manifest.json') && entries.every((e) => CDK_ASSEMBLY_ENTRY.test(e));
    if (entries.length && !marked && !legacy) {
      throw refuse(`it is not empty and holds no ${OUTPUT_MARKER} marker, so Calix did not write it (it holds ${listSome(entries)})`);
    }
    const foreign = entries.filter((e) => !ours(e));
    if (foreign.length) throw refuse(`besides an earlier assembly it holds ${listSome(foreign)}, which Calix did not write`);
    previous = entries.filter((e) => e !== OUTPUT_MARKER);
    if (dryRun) return undefined;
    for (const e of previous) {
      try {
        rmSync(join(target, e), { recursive: true, force: true });
      } catch (err) {
        throw fsError('clear the earlier assembly in', target, err);
      }
    }
  }
  const writeMarker = (entries: string[]) => {
    try {
      writeFileSync(join(target, OUTPUT_MARKER), JSON.stringify({ writtenBy: 'calix', entries }, null, 2) + '\n');
    } catch (e) {
      throw fsError('write to', target, e);
    }
  };
  writeMarker([]);
  return {
    dir: target,
    commit: () => writeMarker(readdirSync(target).filter((e) => e !== OUTPUT_MARKER && !TOOLKIT_OWN.test(e)).sort()),
    abandon: () => {
      try {
        for (const e of readdirSync(target)) if (e !== OUTPUT_MARKER) rmSync(join(target, e), { recursive: true, force: true });
        if (created.length) {
          rmSync(join(target, OUTPUT_MARKER), { force: true });
          removeCreated(created);
        }
      } catch {
        // best effort: the original error matters more
      }
    },
  };
}

function listSome(entries: string[]): string {
  const shown = entries.slice(0, 3).map((e) => `"${e}"`).join(', ');
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}

/**
 * Writes a generated file (`--out FILE`). The parent folder must exist; an existing file is
 * replaced only when `mayReplace(existingText)` says it is an earlier output of the same command.
 * The text goes to a temporary file first and is renamed over the target, so a failed write
 * leaves the old file as it was.
 */
export function writeOutputFile(file: string, text: string, opts: { what: string; mayReplace: (existing: string) => boolean; option?: string }): void {
  const target = resolve(file);
  const option = opts.option ?? '--out';
  const name = showPath(target);
  const parent = dirname(target);
  let parentKind: Kind;
  try {
    parentKind = kindOf(parent);
  } catch (e) {
    throw fsError('write', target, e);
  }
  if (parentKind === 'missing') throw new CliError(`cannot write ${name}: the folder ${showPath(parent)} does not exist; create it first or pass ${option} a path in an existing folder`);
  if (parentKind !== 'dir') throw new CliError(`cannot write ${name}: ${showPath(parent)} is a file, not a folder; pass ${option} a path in an existing folder`);
  let kind: Kind;
  try {
    kind = kindOf(target);
  } catch (e) {
    throw fsError('write', target, e);
  }
  if (kind === 'dir') throw new CliError(`cannot write ${name}: it is a folder; pass ${option} a file path such as ${showPath(join(target, 'openapi.json'))}`);
  if (kind === 'other') throw new CliError(`cannot write ${name}: it is not a regular file; pass ${option} a file path`);
  if (kind === 'file') {
    let existing: string;
    try {
      existing = readFileSync(target, 'utf8');
    } catch (e) {
      throw fsError('read', target, e, `pass ${option} another path`);
    }
    if (!opts.mayReplace(existing)) {
      throw new CliError(`refusing to overwrite ${name}: it exists and is not ${opts.what}. Nothing was changed; remove it or pass ${option} another path`);
    }
  }
  const temp = join(parent, `.${Math.random().toString(36).slice(2)}.calix-tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw fsError('write', target, e);
  }
}
