// Starts and stops the real sync server as a child process (built once from scripts/sync-server.ts)
// for the node and end-to-end tests; reads the port from its "listening" line.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the server into a fresh folder inside the project (so Node finds its packages); returns its module. */
export function buildSyncServer(): string {
  mkdirSync(join(ROOT, 'node_modules/.tmp'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'node_modules/.tmp/sync-server-'));
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.sync-server.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, MARGIN_SYNC_SERVER_OUT: out },
    encoding: 'utf8',
  });
  const file = join(out, 'sync-server.mjs');
  if (built.status !== 0 || !existsSync(file)) throw new Error(`building the sync server failed: ${built.stderr}`);
  return file;
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export function startServerProcess(file: string, options: { dataDir: string; token: string; port?: number }): Promise<ServerProcess> {
  const child = spawn(process.execPath, [file, '--port', String(options.port ?? 0), '--host', '127.0.0.1', '--data', options.dataDir], {
    env: { ...process.env, MARGIN_SYNC_TOKEN: options.token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the sync server did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (ws:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        done({
          url,
          port: Number(new URL(url).port),
          child,
          output: () => output,
          stop: () =>
            new Promise<void>((stopped) => {
              if (child.exitCode !== null) return stopped();
              child.once('exit', () => stopped());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the sync server exited with ${String(code)}: ${output}`));
    });
  });
}
