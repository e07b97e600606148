import { cpSync, existsSync, readdirSync, realpathSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CliError } from '../errors.js';
import { fsError, makeDirs, removeCreated, showPath } from '../fs/safe-output.js';
import { blueprintsDir, calixVersion, packageRoot } from '../paths.js';
import { out } from '../ui.js';

export const PROJECT_NAME_RULE = 'a project name is 1-63 characters: lowercase letters, digits and "-", starting with a letter and not ending with "-" (it names the npm package and the <name>-<stage> stack)';

export function listBlueprints(): { name: string; description: string }[] {
  return readdirSync(blueprintsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(blueprintsDir, d.name, 'blueprint.json')))
    .map((d) => ({ name: d.name, description: JSON.parse(readFileSync(join(blueprintsDir, d.name, 'blueprint.json'), 'utf8')).description as string }))
    .sort((a, b) => (a.name === 'hello' ? -1 : b.name === 'hello' ? 1 : a.name.localeCompare(b.name)));
}

export const NEW_PROJECT_USAGE = 'usage: calix new-project [name] [--blueprint NAME]  (the name is asked on a terminal)';

/**
 * The `calix` dependency a new project gets. A CLI installed from the registry lives in a
 * `node_modules` folder: `^<version>`. Anywhere else it runs from a checkout (a clone, `npm link`ed
 * or run by path): `file:<checkout>`, so the project's `npm install` links that checkout instead
 * of asking the registry for a package it does not have.
 */
export function calixDependency(root = packageRoot, version = calixVersion): string {
  return root.split(sep).includes('node_modules') ? `^${version}` : `file:${root}`;
}

/**
 * Questions on the terminal, answered line by line from one reader: answers typed (or pasted)
 * ahead are kept for the next question instead of being lost between two readline prompts.
 */
class Prompt {
  private lines: AsyncIterator<string> | undefined;
  private rl: ReturnType<typeof createInterface> | undefined;
  async ask(question: string): Promise<string> {
    if (!this.lines) {
      this.rl = createInterface({ input: process.stdin, terminal: false });
      this.lines = this.rl[Symbol.asyncIterator]();
    }
    process.stdout.write(question);
    const next = await this.lines.next();
    if (next.done) throw new CliError('no answer (the input ended); nothing was written', 2);
    return String(next.value).trim();
  }
  close(): void {
    this.rl?.close();
  }
}

async function askBlueprint(prompt: Prompt, choices: { name: string; description: string }[]): Promise<string> {
  {
    process.stdout.write(choices.map((c, i) => `  ${i + 1}) ${c.name.padEnd(10)} ${c.description}`).join('\n') + '\n');
    const answer = await prompt.ask(`Blueprint [1-${choices.length}, default 1]: `);
    if (answer === '') return choices[0]!.name;
    const byNumber = choices[Number(answer) - 1];
    const picked = byNumber ?? choices.find((c) => c.name === answer);
    if (!picked) throw new CliError(`no blueprint "${answer}"; choose one of: ${choices.map((c) => c.name).join(', ')}`, 2);
    return picked.name;
  }
}

const TEXT = /\.(ts|js|mjs|json|md|txt|yml|yaml)$|^_gitignore$/;

function render(dir: string, vars: Record<string, string>): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) render(p, vars);
    else if (TEXT.test(d.name)) {
      const text = readFileSync(p, 'utf8').replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m);
      writeFileSync(p, text);
    }
    // npm drops .gitignore files from packages, so blueprints ship them as _gitignore.
    if (d.name === '_gitignore') renameSync(p, join(dir, '.gitignore'));
  }
}

export interface NewProjectOptions {
  blueprint?: string;
  /** Parent folder of the new project. @default cwd */
  dir?: string;
  interactive?: boolean;
}

/** Creates `<dir>/<name>` from `blueprints/<blueprint>`. Returns the project path. */
export async function newProject(name: string | undefined, o: NewProjectOptions = {}): Promise<string> {
  const prompt = new Prompt();
  try {
    return await create(prompt, name, o);
  } finally {
    prompt.close();
  }
}

async function create(prompt: Prompt, name: string | undefined, o: NewProjectOptions): Promise<string> {
  if (!name && o.interactive) name = await prompt.ask('Project name: ');
  if (!name) throw new CliError(`missing project name (it is asked only on a terminal); ${NEW_PROJECT_USAGE}`, 2);
  if (!/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new CliError(`invalid project name "${name}": ${PROJECT_NAME_RULE}`, 2);
  const choices = listBlueprints();
  let blueprint = o.blueprint;
  if (!blueprint) blueprint = o.interactive ? await askBlueprint(prompt, choices) : 'hello';
  if (!choices.some((c) => c.name === blueprint)) {
    throw new CliError(`unknown blueprint "${blueprint}"; available: ${choices.map((c) => c.name).join(', ')}`, 2);
  }
  const target = resolve(o.dir ?? process.cwd(), name);
  // Written only into a missing or empty folder; a failure removes exactly what was written.
  const shown = showPath(target);
  let existed = false;
  if (existsSync(target)) {
    let entries: string[];
    try {
      entries = readdirSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new CliError(`${shown} exists and is a file; nothing was written. Choose another name or remove it.`);
      throw fsError('read', target, e);
    }
    if (entries.length > 0) throw new CliError(`${shown} exists and is not empty; nothing was written. Choose another name or remove it.`);
    existed = true;
  }
  const created = existed ? [] : makeDirs(target, 'create the project folder');
  // A link to an empty folder is that folder (cpSync would refuse to copy over the link).
  const dest = existed ? realpathSync(target) : target;
  try {
    cpSync(join(blueprintsDir, blueprint), dest, { recursive: true, filter: (src) => !src.endsWith('blueprint.json') && !src.includes('node_modules') && !src.includes(`${join('.calix', 'build')}`) });
    render(dest, { name, calixVersion, calixDependency: calixDependency() });
  } catch (e) {
    for (const entry of readdirSync(dest)) rmSync(join(dest, entry), { recursive: true, force: true });
    removeCreated(created);
    throw e instanceof CliError ? e : fsError('write the project to', target, e);
  }
  return target;
}

export async function newProjectCommand(name: string | undefined, o: { blueprint?: string }): Promise<void> {
  const interactive = !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;
  const target = await newProject(name, { blueprint: o.blueprint, interactive });
  const rel = relative(process.cwd(), target) || '.';
  process.stdout.write(
    `${out.green('Created')} ${rel}\n\nNext:\n  cd ${rel}\n  npm install\n  npx calix local      # http://127.0.0.1:8000\n  npm test\n`,
  );
}
