/**
 * The goals of issue 11, from one bench's runs: each printed as goal, measured, met. CPU is
 * what each process spent (from /proc), so the numbers hold on a shared machine; wall time is
 * compared with the machine's floor for the same work (all processes' CPU / cores, or the metric
 * reads' latency at the bench's concurrency when that is longer).
 */
export interface MeasuredRun {
  readonly wallMs: number;
  readonly maxRssMB: number;
  readonly summary: Readonly<Record<string, number>>;
  readonly cpu?: Readonly<Record<string, number>>;
}

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** The machine floor of a run: every process's CPU over the cores. */
export function floorMs(r: MeasuredRun, cores: number): number | undefined {
  if (!r.cpu) return undefined;
  return Object.values(r.cpu).reduce((a, b) => a + b, 0) / cores;
}

/**
 * What no run can beat: the CPU floor, or the metric reads' own latency when that is longer
 * (every resource's read waits `latencyMs`, at most `concurrency` at once: the bench's settings).
 */
export function runFloor(
  r: MeasuredRun,
  cores: number,
  latency?: { readonly n: number; readonly concurrency: number; readonly latencyMs: number },
): { ms: number; why: string } | undefined {
  const cpu = floorMs(r, cores);
  if (cpu === undefined) return undefined;
  const waves = latency ? Math.ceil(latency.n / latency.concurrency) : 0;
  const reads = latency ? waves * latency.latencyMs : 0;
  return reads > cpu
    ? {
        ms: reads,
        why: `metric latency: ${waves} x ${latency!.latencyMs} ms; CPU ${Math.round(cpu)} ms`,
      }
    : { ms: cpu, why: `CPU on ${cores} cores` };
}

export function evaluateGoals(
  runs: { calm: MeasuredRun; rescaled: readonly MeasuredRun[]; all: readonly MeasuredRun[] },
  n: number,
  cores: number,
  metrics?: { readonly concurrency: number; readonly latencyMs: number },
): Goal[] {
  const goals: Goal[] = [];
  const peak = Math.max(...runs.all.map((r) => r.maxRssMB));
  goals.push({ goal: 'peak RSS <= 256 MB', measured: `${peak} MB`, met: peak <= 256 });
  const calmCpu = runs.calm.cpu?.reconciler;
  if (calmCpu !== undefined) {
    const per = calmCpu / n;
    goals.push({
      goal: 'reconciler CPU, nothing changed <= 0.4 ms/resource',
      measured: ms(per),
      met: per <= 0.4,
    });
  }
  for (const r of runs.rescaled) {
    const scaled = r.summary.scaled ?? 0;
    if (!r.cpu || scaled === 0) continue;
    const per = (r.cpu.reconciler ?? 0) / scaled;
    goals.push({
      goal: 'reconciler CPU <= 1.0 ms per rescaled resource',
      measured: `${ms(per)} (${scaled} rescaled)`,
      met: per <= 1.0,
    });
    const api = (r.cpu['kube-apiserver'] ?? 0) / scaled;
    const etcd = (r.cpu.etcd ?? 0) / scaled;
    goals.push({
      goal: 'API server CPU <= 4 ms per rescaled resource',
      measured: `${ms(api)} (+ etcd ${ms(etcd)})`,
      met: api <= 4,
    });
  }
  for (const [i, r] of runs.all.entries()) {
    const floor = runFloor(r, cores, metrics && { n, ...metrics });
    if (floor === undefined) continue;
    const ratio = (r.wallMs / floor.ms).toFixed(2);
    goals.push({
      goal: `run ${i + 1} wall <= 1.15 x machine floor`,
      measured: `${r.wallMs} ms vs floor ${Math.round(floor.ms)} ms (${floor.why}) (${ratio}x)`,
      met: r.wallMs <= 1.15 * floor.ms,
    });
  }
  return goals;
}

export function formatGoals(goals: readonly Goal[], n: number): string[] {
  return goals.map(
    (g) =>
      `  goal at ${n}: ${g.goal.padEnd(52)} measured ${g.measured}: ${g.met ? 'met' : 'MISSED'}`,
  );
}
