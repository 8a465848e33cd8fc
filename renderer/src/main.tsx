// Renderer entry: mounts the app. Runs the same in Electron and in a plain browser.
// First of all, the page policy's preparations (Trusted Types, zod without eval).
import './platform/page-policy';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ErrorBoundary } from './components/error-boundary';
import { db } from './db/database';
import { prefetchLibraryRecords } from './db/overview';
import './styles/tokens.css';
import './styles/app.css';
import './styles/dialog.css';
import './styles/annotate.css';
import './styles/pages.css';
import './styles/fields.css';
import './styles/table.css';
import './styles/import.css';
import './styles/error-boundary.css';
import './styles/search.css';
import './styles/review.css';
import './styles/sync.css';
import './styles/assistant.css';

// The library's rows are the first screen: their database open and reads start now, while React
// builds the desk's first frame, not after it (db/overview.ts hands them to the library).
prefetchLibraryRecords(db);

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary view="Margin">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
