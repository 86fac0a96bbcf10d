/**
 * The parts of V8's `.cpuprofile` format (`node --cpu-prof`, Chrome's Profiler domain) that the
 * benches read: the call tree's nodes, and the sampled node and time step of each sample (µs).
 */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
