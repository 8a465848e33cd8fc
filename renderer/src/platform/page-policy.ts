// Runs before every other renderer module (main.tsx imports it first, and imports run in order):
// creates the Trusted Types policies and tells zod not to probe `new Function` when its schemas are
// built, a probe the page's no-eval policy would report as a violation. Nothing meets it unprepared.
// zod keeps its config on globalThis.__zod_globalConfig and adopts an object already there
// (`globalThis.__zod_globalConfig ??= {}` in zod/v4/core/core.js), so the flag is set on that object
// directly: importing zod's `config` would put about 4 KB gzip of zod's core on the start path.
import { installTrustedTypes } from './trusted-types';

installTrustedTypes();
const zodHost = globalThis as typeof globalThis & { __zod_globalConfig?: { jitless?: boolean } };
(zodHost.__zod_globalConfig ??= {}).jitless = true;
