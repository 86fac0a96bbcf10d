/**
 * Disjoint sets over 0..n−1 in typed arrays (Tarjan 1975): union by size, path halving, so any
 * sequence of m operations costs O(m · α(n)). Ties keep the smaller index as root, so the result does
 * not depend on anything but the order of unions (deterministic).
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      const gp = p[p[x]!]!;
      p[x] = gp;
      x = gp;
    }
    return x;
  }

  /** Joins the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    const sa = this.size[ra]!;
    const sb = this.size[rb]!;
    if (sa < sb || (sa === sb && rb < ra)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = sa + sb;
    return true;
  }
}
