// Running deployed functions through the emulator's Lambda (launcher patch 9 runs their code
// under node): a request to the router as API Gateway's REST (v1) event, and waiting for a line
// in a function's log group through `calix logs`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { restApiEvent } from '../../src/emulation/http-events.js';
import type { CliResult, Moto } from './moto.js';

export type Calix = (args: string[]) => Promise<CliResult>;

/** Sends `method path` (route template `resource`) to the deployed router with `calix invoke api --remote`; resolves to its result. */
export async function invokeRouter(calix: Calix, dir: string, moto: Moto, method: string, path: string, resource: string, pathParameters: Record<string, string>) {
  const file = join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(restApiEvent({ method, path, resource, pathParameters })));
  const r = await calix(['invoke', 'api', '--remote', '--event', file]);
  expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nemulator:\n${moto.output().slice(-3000)}`).toBe(0);
  const out = JSON.parse(r.stdout) as { statusCode: number; body: string };
  return { status: out.statusCode, json: JSON.parse(out.body) as unknown };
}

/**
 * `calix logs --function fn` until its output matches `re`: an Event invocation runs in the
 * background, so the line appears some time after the sender returned. Gives up after 40 tries.
 */
export async function logsMatching(calix: Calix, moto: Moto, fn: string, re: RegExp): Promise<string> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const r = await calix(['logs', '--function', fn, '--since', '1h']);
    last = r.stdout + r.stderr;
    if (re.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`calix logs --function ${fn} never showed ${re}; last output:\n${last}\nemulator:\n${moto.output().slice(-3000)}`);
}
