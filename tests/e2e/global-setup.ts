// Serves the web build (built by `npm run test:e2e` before this runs) on a free loopback port.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../scripts/serve-web.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const root = resolve(import.meta.dirname, '../../dist/web');
  if (!existsSync(resolve(root, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first.');
  const { server, url } = await startServer({ root });
  project.provide('baseUrl', url);
  return () => new Promise<void>((done) => server.close(() => done()));
}
