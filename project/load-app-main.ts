// `node load-app-main.js <projectDir> <stage>`: loadAppSync's child. Loads the app with the one
// loader (Lambda bundle) and writes `{ manifest, outfile }` as JSON on stdout, or the error
// message on stderr (exit 1). Whatever the app prints while loading goes to stderr.
import { loadApp } from './app-loader.js';

const [projectDir, stage] = process.argv.slice(2) as [string, string];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
try {
  const app = await loadApp(projectDir, stage, { forLambda: true });
  write(JSON.stringify({ manifest: app.manifest, outfile: app.outfile }));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
