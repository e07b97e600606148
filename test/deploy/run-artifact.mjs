// Runs a deployed Lambda artifact the way the Node.js runtime does, outside any emulator:
// `node run-artifact.mjs CODE_DIR HANDLER` imports CODE_DIR/<module>.{js,mjs,cjs} for the
// Handler setting `<module>.<export>`, then reads a JSON array of [event, context] pairs on
// stdin and prints the JSON array of results (or {"error": ...} per failed invocation).
// The caller gives it the function's deployed environment and nothing else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [codeDir, handlerSetting] = process.argv.slice(2);
const dot = handlerSetting.lastIndexOf('.');
const modulePath = handlerSetting.slice(0, dot);
const exportName = handlerSetting.slice(dot + 1);
const file = ['.js', '.mjs', '.cjs'].map((ext) => join(codeDir, modulePath + ext)).find((f) => existsSync(f));
if (!file) throw new Error(`no ${modulePath}.js/.mjs/.cjs in ${codeDir}`);
const handler = (await import(pathToFileURL(file).href))[exportName];
if (typeof handler !== 'function') throw new Error(`${file} has no function export "${exportName}"`);
const invocations = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const [event, context] of invocations) {
  try {
    results.push(await handler(event, { ...context, getRemainingTimeInMillis: () => 29_000 }));
  } catch (e) {
    results.push({ error: String(e?.stack ?? e) });
  }
}
process.stdout.write(JSON.stringify(results));
