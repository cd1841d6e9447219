/** Sends a command to the process that owns the embedded database (see control-server.ts). */
import 'server-only';
import http from 'node:http';
import { controlSocketPath, EXIT_MARKER } from './control-server';

export async function forwardCommand(dataDir: string, argv: string[], out: (chunk: string) => void): Promise<number> {
  const socketPath = controlSocketPath(dataDir);
  // The owner may still be starting: retry a refused connection for a while.
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(socketPath, argv, out);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ECONNREFUSED' && code !== 'ENOENT') || attempt >= 60) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function once(socketPath: string, argv: string[], out: (chunk: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath, path: '/run', method: 'POST', headers: { 'content-type': 'application/json' } },
      (res) => {
        res.setEncoding('utf8');
        let tail = '';
        res.on('data', (chunk: string) => {
          tail += chunk;
          const i = tail.lastIndexOf('\n');
          if (i >= 0) {
            const ready = tail.slice(0, i + 1);
            tail = tail.slice(i + 1);
            for (const line of ready.split('\n').slice(0, -1)) {
              if (line.startsWith(EXIT_MARKER)) resolve(Number(line.slice(EXIT_MARKER.length)));
              else out(`${line}\n`);
            }
          }
        });
        res.on('end', () => resolve(1));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ argv }));
  });
}
