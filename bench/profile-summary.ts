/** Summarises a V8 CPU profile by self time (bench/profile.ts, docs/performance.md). */

/** The parts of a V8 .cpuprofile that the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One line of the summary: a function, where it lives, its share of the sampled time. */
export interface SelfTimeRow {
  functionName: string;
  where: string;
  percent: number;
}

/** Shortens a script URL to the package or source file it belongs to. */
function shorten(url: string, line: number): string {
  if (!url) {
    return '(native)';
  }
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (inModules) {
    return `${inModules[1]}/${inModules[2]}:${line + 1}`;
  }
  const inSource = /\/(src\/.*|bench\/.*)$/.exec(url);
  return `${inSource ? inSource[1] : url.replace(/^.*\//, '')}:${line + 1}`;
}

/** The `limit` functions with the most self time, idle time left out of the shares. */
export function topSelfTime(profile: CpuProfile, limit: number): SelfTimeRow[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, SelfTimeRow & { micros: number }>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') {
      return;
    }
    busy += micros;
    const where = shorten(frame.url, frame.lineNumber);
    const key = `${frame.functionName}@${where}`;
    const row = totals.get(key) ?? { functionName: frame.functionName || '(anonymous)', where, percent: 0, micros: 0 };
    row.micros += micros;
    totals.set(key, row);
  });
  return [...totals.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, limit)
    .map((row) => ({
      functionName: row.functionName,
      where: row.where,
      percent: busy > 0 ? (row.micros / busy) * 100 : 0,
    }));
}
