// Runs before every other renderer module (main.tsx imports it first, and imports run in order):
// creates the Trusted Types policies and tells zod not to probe `new Function` when its schemas are
// built, a probe the page's no-eval policy would report as a violation. Nothing meets it unprepared.
// From zod's core, whose config every zod import shares (it lives on globalThis): the schemas
// themselves load with the code that uses them.
import { config } from 'zod/v4/core';
import { installTrustedTypes } from './trusted-types';

installTrustedTypes();
config({ jitless: true });
