import { cpSync, existsSync, readdirSync, realpathSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CliError } from '../errors.js';
import { fsError, makeDirs, removeCreated, showPath } from '../fs/safe-output.js';
import { blueprintsDir, calixVersion } from '../paths.js';
import { out } from '../ui.js';

export const PROJECT_NAME_RULE = 'a project name is 1-63 characters: lowercase letters, digits and "-", starting with a letter and not ending with "-" (it names the npm package and the <name>-<stage> stack)';

export function listBlueprints(): { name: string; description: string }[] {
  return readdirSync(blueprintsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(blueprintsDir, d.name, 'blueprint.json')))
    .map((d) => ({ name: d.name, description: JSON.parse(readFileSync(join(blueprintsDir, d.name, 'blueprint.json'), 'utf8')).description as string }))
    .sort((a, b) => (a.name === 'hello' ? -1 : b.name === 'hello' ? 1 : a.name.localeCompare(b.name)));
}

async function askBlueprint(choices: { name: string; description: string }[]): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    process.stdout.write(choices.map((c, i) => `  ${i + 1}) ${c.name.padEnd(10)} ${c.description}`).join('\n') + '\n');
    const answer = (await rl.question(`Blueprint [1-${choices.length}, default 1]: `)).trim();
    if (answer === '') return choices[0]!.name;
    const byNumber = choices[Number(answer) - 1];
    const picked = byNumber ?? choices.find((c) => c.name === answer);
    if (!picked) throw new CliError(`no blueprint "${answer}"; choose one of: ${choices.map((c) => c.name).join(', ')}`, 2);
    return picked.name;
  } finally {
    rl.close();
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
  if (!name) throw new CliError('missing project name: calix new-project <name> [--blueprint NAME]', 2);
  if (!/^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) throw new CliError(`invalid project name "${name}": ${PROJECT_NAME_RULE}`, 2);
  const choices = listBlueprints();
  let blueprint = o.blueprint;
  if (!blueprint) blueprint = o.interactive ? await askBlueprint(choices) : 'hello';
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
    render(dest, { name, calixVersion });
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
