import { StackSelectionStrategy, Toolkit, type CachedCloudAssembly, type IIoHost } from '@aws-cdk/toolkit-lib';
import { Annotations, App, type CfnElement } from 'aws-cdk-lib';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from '../../src/manifest.js';
import { ProjectError } from '../../project/errors.js';
import { CliError } from '../errors.js';
import { claimOutputDir } from '../fs/safe-output.js';
import { CalixStack, type CalixOutputKeys, type RouteAuthorizationFinding } from '../../infra/index.js';
import type { StageConfig } from '../../project/types.js';

export const ALL_STACKS = { strategy: StackSelectionStrategy.ALL_STACKS };

export interface AssemblySummary {
  stackName: string;
  dir: string;
  templateFile: string;
  templateBytes: number;
  resources: number;
  resourceTypes: Record<string, number>;
  functions: number;
  routes: number;
  triggers: number;
  /** Routes without an authorizer that are not declared public (`publicRoutes` in the config). */
  unprotectedRoutes: RouteAuthorizationFinding[];
  outputKeys: CalixOutputKeys;
  /** Each Calix function's logical ID in the template, by Calix name (`deploy --hotswap` finds the deployed function by it). */
  functionLogicalIds: Record<string, string>;
}

export interface Synthesized {
  toolkit: Toolkit;
  cx: CachedCloudAssembly;
  summary: AssemblySummary;
}

/**
 * Synthesizes the app's stack offline (no lookups, no default environment resolution) into
 * `outDir` with the CDK toolkit library. `autoSynth: false` keeps a failed synth from
 * re-running (and crashing the process) at exit.
 */
export async function synthesize(opts: {
  manifest: Manifest;
  bundleDir: string;
  stage: StageConfig;
  outDir: string;
  ioHost?: IIoHost;
  /** CloudFormation template validation at synth (~1.5 s on the first synth in a process). @default true */
  validation?: boolean;
  /** A folder the assembly must not contain (the project: `--out .` is refused). */
  protect?: string;
  /** The option that named `outDir`, for messages. @default '--out' */
  outOption?: string;
}): Promise<Synthesized> {
  // Never `rm -rf` the folder: only a missing, empty or earlier-Calix folder is used (cli/fs/safe-output.ts).
  const out = claimOutputDir(opts.outDir, { protect: opts.protect, option: opts.outOption });
  const outDir = out.dir;
  const toolkit = new Toolkit({ ioHost: opts.ioHost, color: false, emojis: false });
  let stack: CalixStack | undefined;
  const source = await toolkit.fromAssemblyBuilder(
    async (props) => {
      const app = new App({
        outdir: props.outdir,
        context: props.context,
        autoSynth: false,
        ...(opts.validation === false ? { builtinCloudFormationValidation: false } : {}),
      } as ConstructorParameters<typeof App>[0]);
      stack = new CalixStack(app, { manifest: opts.manifest, bundleDir: opts.bundleDir, stage: opts.stage, publicRoutes: opts.stage.publicRoutes });
      // The command prints these findings in its own summary; CDK need not print them again.
      for (const id of ['@calix/infra:unauthorizedRoute', '@calix/infra:stalePublicRoute']) Annotations.of(stack).acknowledgeWarning(id, 'summarized by the calix CLI');
      return app.synth();
    },
    { outdir: outDir, resolveDefaultEnvironment: false, lookups: false },
  );
  let cx: CachedCloudAssembly;
  try {
    cx = await toolkit.synth(source);
  } catch (e) {
    out.abandon();
    throw synthesisError(e);
  }
  out.commit();
  const name = stack!.stackName;
  const artifact = cx.cloudAssembly.stacks.find((s) => s.stackName === name);
  if (!artifact) throw new CliError(`synthesis produced no stack named ${name}`);
  const templateFile = join(cx.cloudAssembly.directory, artifact.templateFile);
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources?: Record<string, { Type: string }> };
  const resources = Object.values(template.Resources ?? {});
  const resourceTypes: Record<string, number> = {};
  for (const r of resources) resourceTypes[r.Type] = (resourceTypes[r.Type] ?? 0) + 1;
  return {
    toolkit,
    cx,
    summary: {
      stackName: name,
      dir: cx.cloudAssembly.directory,
      templateFile,
      templateBytes: statSync(templateFile).size,
      resources: resources.length,
      resourceTypes,
      // The router, one per trigger and one per custom authorizer; CDK's own helpers are not the app's.
      functions: Object.keys(stack!.calix.outputKeys().functions).length,
      routes: opts.manifest.routes.reduce((n, r) => n + r.methods.length, 0),
      triggers: opts.manifest.triggers.length,
      unprotectedRoutes: stack!.calix.routeAuthorization.findings,
      outputKeys: stack!.calix.outputKeys(),
      functionLogicalIds: Object.fromEntries(
        Object.entries(stack!.calix.functions).map(([fn, f]) => [fn, stack!.getLogicalId(f.node.defaultChild as CfnElement)]),
      ),
    },
  };
}


/**
 * The toolkit wraps whatever the assembly builder threw ("Assembly builder failed"); the reason
 * is in the `cause` chain: CDK's "Validation failed with the following errors: [path] message" list
 * (Calix's input checks, one per line, with the fix), or what a construct threw.
 */
export function synthesisError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof ProjectError) return new CliError(e.message, e.exitCode);
  const messages: string[] = [];
  for (let c: unknown = e, depth = 0; c && depth < 10; c = (c as { cause?: unknown }).cause, depth++) {
    const m = c instanceof Error ? c.message : String(c);
    if (c instanceof CliError) return c;
    messages.push(m);
  }
  // The innermost message is the reason; the toolkit's wrappers only say where it surfaced.
  const reason = messages.filter((m) => m && m !== 'Assembly builder failed').pop() ?? messages[0] ?? String(e);
  const lines = reason
    .replace(/^Validation failed with the following errors:\s*/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return new CliError(`synthesis failed:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
