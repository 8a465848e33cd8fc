// Transient messages for the reviewer (a failed save, an undo), announced to screen readers.
import { create } from 'zustand';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  message: string;
}

interface NoticeState {
  notices: Notice[];
  push: (notice: Omit<Notice, 'id'>) => void;
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useNotices = create<NoticeState>()((set) => ({
  notices: [],
  push: (notice) => {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.slice(-4), { ...notice, id }] }));
    if (notice.kind === 'info') setTimeout(() => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })), 4_000);
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

export function NoticeArea() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  return (
    <div className="notice-area" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`toast toast-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.message}</span>
          <button type="button" className="icon-button" onClick={() => dismiss(n.id)} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
