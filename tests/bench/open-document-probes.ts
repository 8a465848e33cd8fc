// Code the open-document benchmark runs inside Chromium (playwright serialises each function, so each
// is self-contained): a log of long tasks and long animation frames from page start, a probe marking
// when the article's first block appears, and the plain Highlight API page used as the baseline.

export interface LongTask {
  start: number;
  duration: number;
}

export interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  /** The scripts Chromium attributes the frame to, longest first. */
  scripts: { invoker: string; source: string; duration: number }[];
}

export interface TaskLog {
  tasks: LongTask[];
  frames: LongFrame[];
}

export interface OpenRecord {
  /** performance.now() at the click on the library's Open button (capture phase, before the app). */
  clickAt: number;
  /** performance.now() when the first block of the article was in the DOM. */
  textShownAt: number;
  /** The window the blocking is summed over: [textShownAt, textShownAt + windowMs). */
  windowMs: number;
  tasks: LongTask[];
  frames: LongFrame[];
}

type BenchWindow = Window & {
  __taskLog?: TaskLog;
  __openRecord?: Promise<OpenRecord>;
  __plainText?: string;
  __plainHighlights?: Highlight[];
};

/**
 * Init script: observes long tasks (Chromium reports every task of 50 ms or more) and long animation
 * frames from the start of the page, buffered, into window.__taskLog.
 */
export function installTaskLog(): void {
  const log: TaskLog = { tasks: [], frames: [] };
  (window as BenchWindow).__taskLog = log;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) log.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  interface LoafEntry extends PerformanceEntry {
    blockingDuration: number;
    scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number }[];
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as LoafEntry[]) {
      log.frames.push({
        start: entry.startTime,
        duration: entry.duration,
        blocking: entry.blockingDuration,
        scripts: entry.scripts
          .map((s) => ({ invoker: s.invoker, source: `${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL.split('/').pop() ?? ''}:${s.sourceCharPosition}`, duration: s.duration }))
          .sort((a, b) => b.duration - a.duration),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

/**
 * Arms the probe before the click on `buttonLabel`: notes the click, then the moment the first
 * block of the left pane's article is in the DOM (a mutation observer, so the same task that
 * inserted it), and resolves `windowMs` after that (plus a margin for entries to be delivered)
 * with the long tasks and frames logged since the click. Nothing of the probe runs in between.
 */
export function armOpenProbe(arg: { buttonLabel: string; windowMs: number; timeoutMs: number }): void {
  const win = window as BenchWindow;
  const log = win.__taskLog!;
  win.__openRecord = new Promise<OpenRecord>((resolve, reject) => {
    let clickAt = -1;
    const onClick = (event: Event) => {
      const button = (event.target as Element | null)?.closest('button');
      if (button?.getAttribute('aria-label') !== arg.buttonLabel) return;
      document.removeEventListener('click', onClick, true);
      clickAt = performance.now();
    };
    document.addEventListener('click', onClick, true);
    const firstBlock = () => document.querySelector('[aria-label="Reader, left pane"] .document-text [data-start]');
    if (firstBlock()) {
      reject(new Error('the article is already shown'));
      return;
    }
    const timeout = setTimeout(() => {
      observer.disconnect();
      reject(new Error('the article never showed'));
    }, arg.timeoutMs);
    const observer = new MutationObserver(() => {
      if (!firstBlock()) return;
      const textShownAt = performance.now();
      observer.disconnect();
      clearTimeout(timeout);
      setTimeout(() => {
        const from = clickAt < 0 ? textShownAt : clickAt;
        resolve({
          clickAt,
          textShownAt,
          windowMs: arg.windowMs,
          tasks: log.tasks.filter((t) => t.start + t.duration > from),
          frames: log.frames.filter((f) => f.start + f.duration > from),
        });
      }, arg.windowMs + 500);
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

export function openRecord(): Promise<OpenRecord> {
  return (window as BenchWindow).__openRecord!;
}

/**
 * The baseline: a plain page that shows the same text as the same paragraphs and headings and
 * registers the same ranges on one Highlight per colour, nothing else. Resolves, like armOpenProbe,
 * `windowMs` after the text is in the DOM, with the long tasks logged since the call. The text
 * string is kept (window.__plainText) when `keepText`, as a page that maps offsets to ranges needs it.
 */
export function showPlainArticle(arg: {
  text: string;
  blocks: { start: number; end: number; heading: boolean }[];
  ranges: number[];
  colors: string[];
  keepText: boolean;
  windowMs: number;
}): Promise<OpenRecord> {
  const win = window as BenchWindow;
  const log = win.__taskLog!;
  const begin = performance.now();
  return new Promise((resolve) => {
    // The work runs in a task of the page's own, as a page's script would: work done inside the
    // DevTools call that handed the text over is not reported as a long task.
    setTimeout(() => {
      const article = document.getElementById('article')!;
      const elements: HTMLElement[] = [];
      for (const block of arg.blocks) {
        const element = document.createElement(block.heading ? 'h3' : 'p');
        element.textContent = arg.text.slice(block.start, block.end);
        elements.push(element);
      }
      article.append(...elements);
      const textShownAt = performance.now();
      const byColor: Range[][] = arg.colors.map(() => []);
      for (let i = 0; i < arg.ranges.length; i += 5) {
        const range = document.createRange();
        range.setStart(elements[arg.ranges[i]!]!.firstChild!, arg.ranges[i + 1]!);
        range.setEnd(elements[arg.ranges[i + 2]!]!.firstChild!, arg.ranges[i + 3]!);
        byColor[arg.ranges[i + 4]!]!.push(range);
      }
      win.__plainHighlights = byColor.map((list, i) => {
        const highlight = new Highlight(...list);
        highlight.priority = i;
        CSS.highlights.set(`plain-${arg.colors[i]}`, highlight);
        return highlight;
      });
      if (arg.keepText) win.__plainText = arg.text;
      setTimeout(
        () => resolve({ clickAt: begin, textShownAt, windowMs: arg.windowMs, tasks: log.tasks.filter((t) => t.start + t.duration > begin), frames: log.frames.filter((f) => f.start + f.duration > begin) }),
        arg.windowMs + 500,
      );
    }, 0);
  });
}

/** The plain page's CSS: the same measure and font as the reader, one highlight colour per layer. */
export function plainPageHtml(colors: readonly string[]): string {
  const swatches = ['#fde68a', '#fca5a5', '#86efac', '#93c5fd', '#c4b5fd', '#fdba74', '#f0abfc', '#d1d5db'];
  const style = [
    'body { margin: 0; font: 17px/1.6 Georgia, serif; }',
    '#article { max-width: 46rem; margin: 0 auto; padding: 1rem 2rem; height: 100vh; overflow: auto; }',
    ...colors.map((c, i) => `::highlight(plain-${c}) { background-color: ${swatches[i % swatches.length]}; }`),
  ].join('\n');
  return `<!doctype html><html><head><style>${style}</style></head><body><div id="article"></div></body></html>`;
}
