/**
 * The goals of issue 11, from one bench's runs: each printed as goal, measured, met. CPU is
 * what each process spent (from /proc), so the numbers hold on a shared machine; wall time is
 * compared with the machine's floor for the same work (all processes' CPU / cores).
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

export function evaluateGoals(
  runs: { calm: MeasuredRun; rescaled: readonly MeasuredRun[]; all: readonly MeasuredRun[] },
  n: number,
  cores: number,
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
    const floor = floorMs(r, cores);
    if (floor === undefined) continue;
    goals.push({
      goal: `run ${i + 1} wall <= 1.15 x machine floor`,
      measured: `${r.wallMs} ms vs floor ${Math.round(floor)} ms (${(r.wallMs / floor).toFixed(2)}x)`,
      met: r.wallMs <= 1.15 * floor,
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
