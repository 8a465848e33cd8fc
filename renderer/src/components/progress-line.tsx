// A long task's progress as the reviewer sees it (a backup, a restore): a labelled progress bar and
// the same progress in words, so it is read out and never shown by the bar's length alone.

export function ProgressLine({ label, done, total, unit }: { label: string; done: number; total: number | null; unit: string }) {
  const numbers = total === null ? `${done.toLocaleString('en')} ${unit}` : `${done.toLocaleString('en')} of ${total.toLocaleString('en')} ${unit}`;
  return (
    <div className="progress-line" role="status">
      <progress aria-label={`${label} progress`} max={total ?? undefined} value={total === null ? undefined : done} />
      <span>
        {label}… {numbers}
      </span>
    </div>
  );
}
