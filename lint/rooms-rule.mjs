// The renderer's rooms as a lint rule: a feature folder never imports another feature, and the rooms
// below the features never import them. Imports are resolved to files, so "../table/x" and
// "../../features/table/x" are caught alike, which path patterns on the import string cannot do.
import { dirname, relative, resolve, sep } from 'node:path';

const RENDERER_SRC = resolve(import.meta.dirname, '../renderer/src');

/** What each room may import inside renderer/src (besides itself). Anything outside (shared/, packages) is left to other rules. */
const ALLOWED = new Map([
  ['features', ['components', 'db', 'store', 'platform', 'document']],
  ['document', ['components', 'db', 'store', 'platform']],
  ['components', []],
  // The search index is derived from the database and kept by a worker: db/ feeds it and asks it.
  ['db', ['platform', 'workers']],
  ['workers', []],
  ['store', []],
  ['platform', []],
]);

/**
 * "features/table" for a file in a feature folder, "document", "db"…; "app" for app.tsx, main.tsx and
 * other top-level files (which compose everything); null outside renderer/src.
 */
function roomOf(file) {
  const parts = relative(RENDERER_SRC, file).split(sep);
  if (parts[0] === '..' || parts[0] === '') return null;
  // A room imported as a folder ("../../platform" is platform/index.ts) is that room.
  if (parts.length === 1) return ALLOWED.has(parts[0]) ? parts[0] : 'app';
  if (parts[0] === 'features') return parts.length > 2 ? `features/${parts[1]}` : 'features';
  return parts[0];
}

function allowed(from, to) {
  if (from === to) return true;
  const fromBase = from.split('/')[0];
  const toBase = to.split('/')[0];
  if (fromBase === 'features' && toBase === 'features') return false;
  return (ALLOWED.get(fromBase) ?? []).includes(toBase);
}

function describeRoom(room) {
  if (room === 'app') return 'app.tsx (the composition of the features)';
  return room.startsWith('features/') ? `the ${room.slice('features/'.length)} feature` : `${room}/`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const roomsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the renderer rooms apart: features never import each other; lower rooms never import features.' },
    schema: [],
    messages: {
      crossing:
        '{{from}} must not import {{to}}. A feature may import components/, db/, store/, platform/, document/, @shared/ and its own folder; what two features share belongs in document/ or components/, and app.tsx composes features.',
    },
  },
  create(context) {
    const file = resolve(context.filename);
    const from = roomOf(file);
    if (from === null || from === 'app') return {};
    const check = (node) => {
      const source = node?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = roomOf(resolve(dirname(file), source));
      if (to === null || allowed(from, to)) return;
      context.report({ node, messageId: 'crossing', data: { from: describeRoom(from), to: describeRoom(to) } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
