// A fresh, uniquely named database per test on fake-indexeddb.
import { openDatabase } from '../../renderer/src/db/database';
import type { MarginDatabase } from '../../renderer/src/db/database';

let counter = 0;

export function freshDatabase(): MarginDatabase {
  counter += 1;
  return openDatabase(`margin-test-${counter}-${Math.random().toString(36).slice(2)}`);
}
