/**
 * CPU time the local runtime (`workerd` processes) has used, from /proc: what a run of requests
 * costs the machine, whatever the load generator's timing. Linux only; null elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

/** Linux reports process times in clock ticks of 10 ms (USER_HZ = 100 on every mainstream build). */
const MS_PER_TICK = 10;

/**
 * CPU milliseconds of every `workerd` process, or with `groupId` only those of that process group
 * (a Worker started by local-worker.ts leads its own group): on a machine shared with other runs,
 * their runtimes stay out of the figure.
 */
export function runtimeCpuMs(groupId?: number): number | null {
  const byProcess = runtimeCpuByProcess(groupId);
  return byProcess && [...byProcess.values()].reduce((sum, ms) => sum + ms, 0);
}

/**
 * The runtime's CPU milliseconds since `before` (a runtimeCpuByProcess reading), process by process:
 * a process that exited meanwhile takes its count with it, which would make a plain difference of
 * sums negative; its share since `before` is lost instead (`exited` says so). Null off Linux.
 */
export function runtimeCpuSince(before: Map<string, number> | null, groupId?: number): { ms: number; exited: boolean } | null {
  const now = runtimeCpuByProcess(groupId);
  if (!before || !now) return null;
  let ms = 0;
  for (const [pid, cpuMs] of now) ms += cpuMs - (before.get(pid) ?? 0);
  return { ms, exited: [...before.keys()].some((pid) => !now.has(pid)) };
}

/** CPU milliseconds of each `workerd` process (of `groupId` when given), by process id; null off Linux. */
export function runtimeCpuByProcess(groupId?: number): Map<string, number> | null {
  if (!existsSync("/proc/self/stat")) return null;
  const byProcess = new Map<string, number>();
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone since the listing
    }
    const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    if (name !== "workerd") continue;
    // After the name: state (0), ppid (1), pgrp (2), … utime is the 12th field (11) and stime the 13th (12).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (groupId !== undefined && Number(fields[2]) !== groupId) continue;
    byProcess.set(pid, (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK);
  }
  return byProcess;
}
