// CPU time of the calling thread, from Linux's /proc/thread-self/stat (user + system, in clock
// ticks of 10 ms): wall-clock figures on a shared 2-core machine say little about how much work a
// thread did, this does. Coarse, so the benchmark sums it over many calls or long ones.
import { readFileSync } from 'node:fs';

const TICK_MS = 10;

/** What the search benchmark posts a shard's thread to ask for its CPU time (answered with `{ cpuMs }`). */
export const CPU_REQUEST = 'bench-cpu';

export function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}
