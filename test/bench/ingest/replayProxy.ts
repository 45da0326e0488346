/**
 * A loopback HTTP proxy in front of the real sandboxes that records export downloads (Amplitude
 * `/api/2/export`, Mixpanel `/api/2.0/export`) to files the first time and replays them byte for
 * byte afterwards. The timed syncs then measure Pulse, not the sandbox generating events on the
 * other core; every other request is forwarded live. The recorded files are also the bytes that
 * DuckDB and the gunzip floor read.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface RecordedExport {
  vendor: 'amplitude' | 'mixpanel';
  url: string;
  file: string;
  contentEncoding: string | null;
}

export interface ReplayProxy {
  baseUrl: string;
  recorded: RecordedExport[];
  close(): Promise<void>;
}

function exportVendor(path: string): RecordedExport['vendor'] | null {
  if (path.endsWith('/api/2/export')) return 'amplitude';
  if (path.endsWith('/api/2.0/export')) return 'mixpanel';
  return null;
}

export async function startReplayProxy(targetBaseUrl: string, dir: string): Promise<ReplayProxy> {
  const target = new URL(targetBaseUrl);
  const byUrl = new Map<string, RecordedExport & { status: number; headers: Record<string, string> }>();
  const recorded: RecordedExport[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const vendor = exportVendor(new URL(url, 'http://x').pathname);
    const hit = vendor ? byUrl.get(url) : undefined;
    if (hit) {
      res.writeHead(hit.status, hit.headers);
      pipeline(createReadStream(hit.file, { highWaterMark: 1 << 20 }), res).catch(() => res.destroy());
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: url, headers: req.headers },
      (up) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(up.headers)) if (typeof v === 'string') headers[k] = v;
        res.writeHead(up.statusCode ?? 502, headers);
        if (!vendor || up.statusCode !== 200) {
          pipeline(up, res).catch(() => res.destroy());
          return;
        }
        const file = join(dir, `${vendor}-${String(recorded.length).padStart(4, '0')}.bin`);
        const out = createWriteStream(file);
        up.on('data', (chunk: Buffer) => {
          out.write(chunk);
          res.write(chunk);
        });
        up.on('end', () => {
          out.end(() => {
            const entry = {
              vendor,
              url,
              file,
              contentEncoding: headers['content-encoding'] ?? null,
              status: 200,
              headers: { ...headers, 'transfer-encoding': 'chunked' },
            };
            delete (entry.headers as Record<string, string>)['content-length'];
            byUrl.set(url, entry);
            recorded.push(entry);
            res.end();
          });
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    pipeline(req, upstream).catch(() => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
