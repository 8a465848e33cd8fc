// Gives components the database through context so tests can hand them their own instance.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { MarginDatabase } from './database';
import { db as appDb } from './database';

const DatabaseContext = createContext<MarginDatabase>(appDb);

export function DatabaseProvider({ db, children }: { db: MarginDatabase; children: ReactNode }) {
  return <DatabaseContext.Provider value={db}>{children}</DatabaseContext.Provider>;
}

export function useDatabase(): MarginDatabase {
  return useContext(DatabaseContext);
}
