// How the renderer's JavaScript is cut into files, for the web build and the desktop renderer alike.
//
// Left to itself the bundler split the start's own code into nine files (every module the lazy parts
// also import became a shared chunk of its own), and a browser fetches six files at a time from one
// host; it also gave every lazy import() the list of all the chunks beneath it to preload, 2 KB gzip
// of file names in the start's JavaScript. So: everything the entry imports statically goes into the
// entry's one chunk (the bundler's runtime helpers stay beside it, preloaded by the page), and a lazy
// part's own imports are fetched as its code asks for them. The lazy parts load after the first
// screen (components/first-screen.tsx), and those reached first are preloaded then, so their few
// extra round trips fall off the start's path.
import type { BuildOptions } from 'vite';

/** The output options: one chunk for the entry's static imports. */
export const START_CHUNKS = {
  codeSplitting: { groups: [{ name: 'first-screen', tags: ['$initial' as const] }] },
};

/** Preload what the page's entry imports (the runtime chunk); a lazy import() preloads nothing. */
export const START_PRELOAD: BuildOptions['modulePreload'] = {
  polyfill: false,
  resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []),
};
