import type { Server } from 'node:http';
export const HEADERS_FILE: string;
export interface HeaderRule {
  pattern: string;
  headers: [name: string, value: string][];
}
export function parseHeadersFile(text: string): HeaderRule[];
export function headersFor(rules: HeaderRule[], pathname: string): [name: string, value: string][];
export function startServer(options: { root: string; port?: number; host?: string }): Promise<{ server: Server; url: string }>;
