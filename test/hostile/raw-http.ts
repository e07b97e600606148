// Raw HTTP/1.1 over node:net, so names and bytes Node's client would refuse or normalize
// (`constructor` headers, odd request targets) reach `calix local` exactly as written.
import { connect } from 'node:net';

export interface RawAnswer {
  statusLine: string;
  status: number;
  reason: string;
  /** Lower-case name -> values, in order. */
  headers: Map<string, string[]>;
  body: Buffer;
}

/** Sends one request on its own connection (`Connection: close`) and reads the whole answer. */
export function rawRequest(url: string, head: string, body: Buffer = Buffer.alloc(0)): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no complete answer to ${JSON.stringify(head.slice(0, 200))}: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`));
      const lines = all.subarray(0, end).toString('latin1').split('\r\n');
      const statusLine = lines[0]!;
      const m = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine);
      const headers = new Map<string, string[]>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).toLowerCase();
        headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
      }
      let rest = all.subarray(end + 4);
      const length = headers.get('content-length')?.[0];
      if (length !== undefined) rest = rest.subarray(0, Number(length));
      resolve({ statusLine, status: m ? Number(m[1]) : -1, reason: m ? m[2]! : '', headers, body: rest });
    });
    socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
  });
}

/** A request head: request line, Host, Connection: close, the given header lines, Content-Length. */
export function head(method: string, target: string, headers: readonly (readonly [string, string])[], bodyLength: number): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (bodyLength || method === 'POST' || method === 'PUT' || method === 'PATCH') lines.push(`Content-Length: ${bodyLength}`);
  return lines.join('\r\n') + '\r\n\r\n';
}
