// The Lambda entry Calix writes itself: every bundle (`package`, `deploy`, `local`, `routes`,
// `invoke`, CalixApp({ projectDir })) starts from this generated module, which imports the
// user's app module and exports its app and its handler. So a deployed function's
// `index.handler` exists whether or not the app module says `export const handler = app.handler`,
// and the CLI reads the app through the very code Lambda runs.
import type { StdinOptions } from 'esbuild';

/** The generated entry's name in stack traces and source maps. */
export const ENTRY_NAME = 'calix-entry.js';

/**
 * The name of the errors the entry throws when the app cannot serve: the module exports no single
 * Calix app, or a decorated instance method's class has no instance. The CLI prints their message.
 */
export const APP_LOAD_ERROR = 'CalixAppLoadError';

/**
 * The entry's source. Which app: the `app` export if it is a Calix app, else the default export
 * if it is one, else the only export that is one; none, or several without an `app` export, is an
 * error naming the module and the fix; so is a decorated instance method whose class has no
 * instance once the module has loaded. The handler: the module's own `handler` export when it is
 * a function (a wrapper the user chose), else the app's router handler.
 */
export function entrySource(entryFile: string, main: string, options: EntryOptions = {}): string {
  return `import * as mod from ${JSON.stringify(entryFile)};${options.streamHandler ? STREAM_IMPORT : ''}
// The module's own exports stay visible on the bundle; \`app\` and \`handler\` below take precedence.
export * from ${JSON.stringify(entryFile)};
const main = ${JSON.stringify(main)};
const isApp = (v) => !!v && typeof v === 'object' && typeof v.manifest === 'function' && typeof v.handler === 'function';
const fail = (message) => { const e = new Error(message); e.name = ${JSON.stringify(APP_LOAD_ERROR)}; throw e; };
function pickApp() {
  if (isApp(mod.app)) return mod.app;
  if (isApp(mod.default)) return mod.default;
  const apps = Object.keys(mod).filter((k) => isApp(mod[k]));
  if (apps.length === 1) return mod[apps[0]];
  if (apps.length === 0) fail(main + " exports no Calix app; export it: \`export const app = new Calix({ name: '…' })\`");
  fail(main + " exports several Calix apps (" + apps.join(", ") + "); export the one to serve and deploy as \`app\`");
}
export const app = pickApp();
// Decorated instance methods whose class got no instance while the module loaded (src/decorators.ts).
const unbound = globalThis[Symbol.for('calix.instanceMethodsWithoutInstance')]?.(app) ?? [];
if (unbound.length) fail(main + ": " + unbound.join("; "));
export const handler = typeof mod.handler === 'function' ? mod.handler : app.handler;
${options.streamHandler ? STREAM_EXPORT : ''}`;
}

export interface EntryOptions {
  /**
   * Also export `streamHandler`: the handler above wrapped for Lambda response streaming
   * (src/lambda-stream.ts), for a router behind a Function URL with `stream: true`
   * (the stage model's `entryExport`). Only such bundles load the streaming code. @default false
   */
  readonly streamHandler?: boolean;
}

// From the package, like the app module's own imports, so both share one copy of Calix.
const STREAM_IMPORT = `\nimport { streamHandler as calixStreamHandler } from 'calix';`;
// The module's own streamHandler export, when it has one, is the one Lambda calls.
const STREAM_EXPORT = `export const streamHandler = typeof mod.streamHandler === 'function' ? mod.streamHandler : calixStreamHandler({ handler });\n`;

/** esbuild's `stdin` for a bundle of the app whose module is `entryFile` (absolute). */
export function entryStdin(projectDir: string, entryFile: string, main: string, options: EntryOptions = {}): StdinOptions {
  return { contents: entrySource(entryFile, main, options), resolveDir: projectDir, sourcefile: ENTRY_NAME, loader: 'js' };
}
