import { readFileSync } from 'node:fs';

export interface MemoryReading {
  /** Resident set size now, in MB. */
  rssMb: number;
  /** Peak resident set size since the process started (VmHWM), in MB. */
  peakMb: number;
}

/** Reads a process's current and peak RSS from /proc (Linux); zeros when it is not readable. */
export function readMemory(pid: number): MemoryReading {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}
