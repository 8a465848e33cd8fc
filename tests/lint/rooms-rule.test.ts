// @vitest-environment node
// The rooms are enforced by the lint config itself: these run ESLint with the project's config on small
// sources placed in the renderer's rooms, so removing the rule (or the Dexie ban) from the config fails here.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule ids ESLint reports for `code` as if it were the file at `path` (relative to the repository). */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const importing = (source: string) => `import { thing } from '${source}';\nexport const used = thing;\n`;

describe('a feature never imports another feature', () => {
  it.each([
    ['renderer/src/features/table/probe.ts', '../reader/reader-pane'],
    ['renderer/src/features/table/probe.ts', '../../features/reader/reader-pane'],
    ['renderer/src/features/export/probe.tsx', '../annotate/color-names'],
    ['renderer/src/features/import/parsers/probe.ts', '../../library/library-panel'],
    ['renderer/src/features/library/probe.ts', '../import'],
    ['renderer/src/features/reader/probe.ts', '../../app'],
  ])('%s importing %s is an error', async (path, source) => {
    const found = await problems(path, importing(source));
    expect(found.filter((p) => p.startsWith('margin/rooms:'))).toHaveLength(1);
    expect(found.join('\n')).toMatch(/must not import/);
  });

  it('also for re-exports and dynamic imports', async () => {
    const found = await problems('renderer/src/features/table/probe.ts', "export { thing } from '../reader/x';\nexport const later = () => import('../fields/y');\n");
    expect(found.filter((p) => p.startsWith('margin/rooms:'))).toHaveLength(2);
  });

  it('lets a feature import the shared rooms, @shared and its own folder', async () => {
    const code = [
      "import { a } from '../../components/menu-button';",
      "import { b } from '../../db/settings';",
      "import { c } from '../../store/app-store';",
      "import { d } from '../../platform';",
      "import { e } from '../../document/panes';",
      "import { f } from './grid-keys';",
      "import { g } from '@shared/model';",
      'export const all = [a, b, c, d, e, f, g];',
      '',
    ].join('\n');
    expect(await problems('renderer/src/features/table/probe.ts', code)).toEqual([]);
  });

  it('keeps document/ and components/ below the features', async () => {
    expect((await problems('renderer/src/document/probe.ts', importing('../features/annotate/color-names'))).join('\n')).toMatch(/^margin\/rooms:/);
    expect((await problems('renderer/src/components/probe.ts', importing('../document/panes'))).join('\n')).toMatch(/^margin\/rooms:/);
    expect(await problems('renderer/src/document/probe.ts', importing('../db/annotations'))).toEqual([]);
  });

  it('lets app.tsx compose the features', async () => {
    expect(await problems('renderer/src/app.tsx', importing('./features/annotate/annotation-layer'))).toEqual([]);
  });
});

describe('only db/ touches Dexie', () => {
  it.each(['dexie', 'dexie-react-hooks'])('a feature or document/ importing %s is an error', async (pkg) => {
    for (const path of ['renderer/src/features/library/probe.ts', 'renderer/src/document/probe.ts', 'renderer/src/components/probe.ts']) {
      const found = await problems(path, importing(pkg));
      expect(found.filter((p) => p.startsWith('no-restricted-imports:')), path).toHaveLength(1);
    }
  });

  it('db/ may', async () => {
    expect(await problems('renderer/src/db/probe.ts', importing('dexie-react-hooks'))).toEqual([]);
  });
});

describe('only db/ touches the database', () => {
  it.each([
    ['renderer/src/features/export/probe.ts', "export const read = (db: { transaction: (m: string) => void }) => db.transaction('r');\n"],
    ['renderer/src/features/table/probe.ts', "export const write = (db: { settings: { put: (v: unknown) => void } }) => db.settings.put({});\n"],
    ['renderer/src/document/probe.ts', "export const count = (db: { annotations: { count: () => number } }) => db.annotations.count();\n"],
  ])('%s using a table or transaction is an error', async (path, code) => {
    const found = await problems(path, code);
    expect(found.filter((p) => p.startsWith('no-restricted-syntax:') && /Only renderer\/src\/db\//.test(p))).toHaveLength(1);
  });

  it('lets db/ use them', async () => {
    const found = await problems('renderer/src/db/probe.ts', "export const count = (db: { annotations: { count: () => number } }) => db.annotations.count();\n");
    expect(found.filter((p) => p.startsWith('no-restricted-syntax:'))).toEqual([]);
  });
});
