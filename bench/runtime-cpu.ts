/**
 * CPU time the local runtime (every `workerd` process) has used, from /proc: what a run of requests
 * costs the machine, whatever the load generator's timing. Linux only; null elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Linux reports process times in clock ticks of 10 ms (USER_HZ = 100 on every mainstream build). */
const MS_PER_TICK = 10;

export function runtimeCpuMs(): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone since the listing
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (name !== "workerd") continue;
    // After the name: state, ppid, … utime is the 12th field and stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * MS_PER_TICK;
}
