// The device's signing key: made once even when two windows ask at the same moment, never part of a
// backup, and the list of trusted signers stays this device's own through a restore.
import { afterEach, describe, expect, it } from 'vitest';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { deviceKey, trustSigner, TRUSTED_SIGNERS_KEY } from '../../../renderer/src/db/signing';
import { freshDatabase } from '../../helpers/db';

const opened: MarginDatabase[] = [];
function open(): MarginDatabase {
  const db = freshDatabase();
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('the device signing key', () => {
  it('is made once, even when asked for twice at the same moment', async () => {
    const db = open();
    const [a, b] = await Promise.all([deviceKey(db), deviceKey(db)]);
    expect(a.publicKey).toBe(b.publicKey);
    expect(await db.keys.count()).toBe(1);
    expect((await deviceKey(db)).publicKey).toBe(a.publicKey);
    // Its private half cannot be read out.
    expect(a.privateKey.extractable).toBe(false);
  });

  it('is in no backup, and a restore keeps this device’s trusted signers', async () => {
    const db = open();
    await deviceKey(db);
    await trustSigner(db, { publicKey: 'A'.repeat(43) + '=', name: 'Ana' });
    const backup = await readAllTables(db);
    expect(Object.keys(backup)).not.toContain('keys');
    expect(JSON.stringify(backup)).not.toContain((await db.keys.toArray())[0]!.publicKey);

    const other = open();
    await trustSigner(other, { publicKey: 'B'.repeat(43) + '=', name: 'Mallory' });
    await restoreBackup(db, await readAllTables(other), 'replace');
    const trusted = (await db.settings.get(TRUSTED_SIGNERS_KEY))?.value as { name: string }[];
    expect(trusted.map((t) => t.name)).toEqual(['Ana']);
  });
});
