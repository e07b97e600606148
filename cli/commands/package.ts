import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { AssemblySummary } from '../deploy/assembly.js';
import { checkOutputDir } from '../fs/safe-output.js';
import { out } from '../ui.js';
import { loadProject } from '../../project/config.js';
import { loadApp } from '../../project/app-loader.js';

export interface PackageOptions {
  projectDir?: string;
  stage: string;
  out?: string;
}

export function formatSummary(s: AssemblySummary, bundleBytes: number): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const warnings = s.unprotectedRoutes.length
    ? [
        '',
        out.yellow(`Warning: ${s.unprotectedRoutes.length} route(s) have no authorizer and are not declared public:`),
        ...s.unprotectedRoutes.map((f) => `  ${f.methods.join(',').padEnd(7)} ${f.path} (${f.route})`),
        `  Give them an authorizer, or list their names in "publicRoutes" in .calix/config.json (or "publicRoutes": "*").`,
      ]
    : [];
  return [
    `${out.bold('Stack')}      ${s.stackName}`,
    `${out.bold('Functions')}  ${s.functions} (the router + ${s.functions - 1} more), bundle ${kb(bundleBytes)}`,
    `${out.bold('Routes')}     ${s.routes}`,
    `${out.bold('Triggers')}   ${s.triggers}`,
    `${out.bold('Resources')}  ${s.resources}`,
    `${out.bold('Template')}   ${kb(s.templateBytes)}`,
    ...warnings,
  ].join('\n');
}

/** `calix package`: bundle + synthesize to a cloud assembly; no credentials needed. */
export async function packageCommand(o: PackageOptions): Promise<void> {
  const outOption = o.out ? '--out' : '--out (the default is .calix/package/<stage>)';
  // A refused --out is reported before bundling and before loading the CDK (seconds).
  if (o.out) checkOutputDir(o.out, { protect: loadProject(o.projectDir).dir, option: outOption });
  const ctx = await loadApp(o.projectDir, o.stage, { forLambda: true });
  const outDir = resolve(o.out ?? resolve(ctx.project.dir, '.calix', 'package', o.stage));
  const [{ synthesize }, { ProgressIoHost }] = await Promise.all([import('../deploy/assembly.js'), import('../deploy/io-host.js')]);
  const ioHost = new ProgressIoHost({ tty: false });
  const { summary, cx } = await synthesize({
    manifest: ctx.manifest, bundleDir: dirname(ctx.outfile), stage: ctx.stage, outDir, ioHost, protect: ctx.project.dir, outOption,
  });
  await cx.dispose();
  process.stdout.write(`${formatSummary(summary, statSync(ctx.outfile).size)}\n\nCloud assembly written to ${relative(process.cwd(), outDir) || '.'} (template ${relative(process.cwd(), summary.templateFile)})\n`);
}
