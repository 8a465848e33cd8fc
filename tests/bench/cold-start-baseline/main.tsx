// The cold-start bench's baseline: the least a React app does to show the library's rows — open
// Margin's own IndexedDB with Dexie, read the documents and sort them in the library's order, render a title line per
// row for the first screen's worth of rows. No layout library, no store, no lazy parts.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Dexie } from 'dexie';

interface Row {
  id: string;
  title: string;
  journal: string | null;
  addedAt: string;
  origin: string;
  fileName?: string;
}

/** The library's order (db/document-list.ts): bundled documents first by file name, then the rest by date added. */
function libraryOrder(a: Row, b: Row): number {
  if (a.origin !== b.origin) return a.origin === 'bundled' ? -1 : 1;
  return a.origin === 'bundled' ? (a.fileName ?? '').localeCompare(b.fileName ?? '') : a.addedAt.localeCompare(b.addedAt);
}

const FIRST_SCREEN = 40;

function Library() {
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    // No version: opens the database as Margin left it, whatever its schema version.
    const db = new Dexie('margin');
    void db.open().then(async () => setRows((await db.table<Row>('documents').toArray()).sort(libraryOrder)));
  }, []);
  if (rows === null) return <p>Loading…</p>;
  return (
    <ul aria-label="Library">
      {rows.slice(0, FIRST_SCREEN).map((row) => (
        <li key={row.id}>
          <span className="library-title">{row.title}</span> <span>{row.journal ?? 'Unknown source'}</span>
        </li>
      ))}
    </ul>
  );
}

createRoot(document.getElementById('root')!).render(<Library />);
