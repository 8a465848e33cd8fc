// Runs before every other renderer module (main.tsx imports it first, and imports run in order):
// creates the Trusted Types policies and tells zod not to probe `new Function` when its schemas are
// built, a probe the page's no-eval policy would report as a violation. Nothing meets it unprepared.
import { z } from 'zod';
import { installTrustedTypes } from './trusted-types';

installTrustedTypes();
z.config({ jitless: true });
