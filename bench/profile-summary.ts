/** Summarises a V8 CPU profile by self time (bench/profile.ts, docs/performance.md). */

/** The parts of a V8 .cpuprofile that the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
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

/** A part of the app to charge time to, by the script URLs of its functions. */
export interface CostOwner {
  name: string;
  url: RegExp;
}

/**
 * The share of busy time spent in each owner's code: a sample counts for the owner of the frame
 * nearest the top of its stack that any owner claims (a native call such as a socket write is
 * charged to the JavaScript that made it), and for nobody when no frame on it is claimed. Claim
 * the framework and Node's own modules too, or a hook that calls `done()` is charged for the rest
 * of the request that runs inside that call.
 */
export function inclusiveShares(profile: CpuProfile, owners: readonly CostOwner[]): Map<string, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const micros = new Map<string, number>(owners.map((owner) => [owner.name, 0]));
  let busy = 0;
  profile.samples.forEach((leaf, index) => {
    const frame = byNode.get(leaf);
    if (!frame || frame.functionName === '(idle)' || frame.functionName === '(program)') {
      return;
    }
    const delta = profile.timeDeltas[index] ?? 0;
    busy += delta;
    let claimed: string | undefined;
    for (let id: number | undefined = leaf; id !== undefined && !claimed; id = parent.get(id)) {
      const url = byNode.get(id)?.url ?? '';
      claimed = owners.find((owner) => owner.url.test(url))?.name;
    }
    if (claimed) {
      micros.set(claimed, (micros.get(claimed) ?? 0) + delta);
    }
  });
  return new Map([...micros].map(([name, time]) => [name, busy > 0 ? (time / busy) * 100 : 0]));
}
