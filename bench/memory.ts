/**
 * Where a run's memory is, sampled every 50 ms while it runs: the peaks of RSS, V8 heap used
 * and reserved (heap total), and memory outside the heap (external, of which ArrayBuffers:
 * sockets, TLS, undici and axios buffers). Peaks are per run, in MB. Also what the GC cost the
 * run: its pauses on the main thread, all and the full (mark-compact) ones.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';

export interface MemoryPeaks {
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly externalMB: number;
  readonly arrayBuffersMB: number;
  readonly gcPauseMs: number;
  readonly fullGcs: number;
}

const MB = 2 ** 20;

export function sampleMemory(everyMs = 50): () => MemoryPeaks {
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  };
  const gc = { ms: 0, full: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.ms += e.duration;
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.full += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  sample();
  const timer = setInterval(sample, everyMs);
  return () => {
    clearInterval(timer);
    observer.disconnect();
    sample();
    return {
      rssMB: Math.round(peak.rss / MB),
      heapUsedMB: Math.round(peak.heapUsed / MB),
      heapTotalMB: Math.round(peak.heapTotal / MB),
      externalMB: Math.round(peak.external / MB),
      arrayBuffersMB: Math.round(peak.arrayBuffers / MB),
      gcPauseMs: Math.round(gc.ms),
      fullGcs: gc.full,
    };
  };
}
