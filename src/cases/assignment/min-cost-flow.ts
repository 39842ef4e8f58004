// Minimum-cost maximum flow with integer capacities and costs: successive shortest paths in the
// primal-dual form. Each phase runs one Dijkstra (binary heap, Johnson potentials so reduced costs are
// never negative), then pushes a blocking flow (Dinic: BFS levels, current-arc DFS) through every arc of
// reduced cost zero, so all shortest augmenting paths of the same length go in one phase rather than one
// Dijkstra per unit of flow. Stopping only when no augmenting path is left gives a maximum flow, and
// augmenting along shortest paths only keeps it the cheapest among maximum flows.
//
// Negative arc costs are allowed (potentials start from Bellman–Ford) as long as no cycle of negative
// cost can be reached from the source.

export interface FlowResult {
  flow: number;
  cost: number;
  /** Dijkstra runs: one per distinct shortest-path length met on the way. */
  phases: number;
}

export class MinCostFlow {
  readonly nodeCount: number;
  // Arc 2k is the k-th added edge, arc 2k+1 its reverse; the tail of arc a is the head of a ^ 1.
  #head: number[] = [];
  #capacity: number[] = [];
  #cost: number[] = [];
  #residual: Float64Array | undefined;

  constructor(nodeCount: number) {
    if (!Number.isInteger(nodeCount) || nodeCount < 2) throw new RangeError('a flow network needs two nodes');
    this.nodeCount = nodeCount;
  }

  /** Adds an edge and returns its id, for flowOn. */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    if (this.#residual) throw new Error('the network was already solved');
    this.#node(from);
    this.#node(to);
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`bad capacity ${capacity}`);
    if (!Number.isSafeInteger(cost)) throw new RangeError(`costs must be integers, got ${cost}`);
    const id = this.#head.length / 2;
    this.#head.push(to, from);
    this.#capacity.push(capacity, 0);
    this.#cost.push(cost, -cost);
    return id;
  }

  /** The flow through an edge after solve. */
  flowOn(edge: number): number {
    if (!this.#residual) throw new Error('solve first');
    const capacity = this.#capacity[2 * edge];
    if (capacity === undefined) throw new RangeError(`no edge ${edge}`);
    return capacity - this.#residual[2 * edge]!;
  }

  /** Sends as much flow as possible (at most maxFlow) from source to sink, at least cost. Once only. */
  solve(source: number, sink: number, maxFlow = Number.POSITIVE_INFINITY): FlowResult {
    if (this.#residual) throw new Error('the network was already solved');
    this.#node(source);
    this.#node(sink);
    if (source === sink) throw new RangeError('the source is the sink');
    const n = this.nodeCount;
    const arcCount = this.#head.length;
    const head = Int32Array.from(this.#head);
    const cost = Float64Array.from(this.#cost);
    const residual = Float64Array.from(this.#capacity);
    this.#residual = residual;

    // Arcs grouped by tail (CSR): the arcs leaving v are out[first[v]] … out[first[v + 1] - 1].
    const first = new Int32Array(n + 1);
    for (let a = 0; a < arcCount; a++) first[head[a ^ 1]! + 1]!++;
    for (let v = 0; v < n; v++) first[v + 1]! += first[v]!;
    const out = new Int32Array(arcCount);
    const fill = first.slice(0, n);
    for (let a = 0; a < arcCount; a++) out[fill[head[a ^ 1]!]!++] = a;

    const potential = new Float64Array(n);
    if (this.#cost.some((c, a) => c < 0 && residual[a]! > 0))
      bellmanFord(source, n, first, out, head, cost, residual, potential);

    const dist = new Float64Array(n);
    const done = new Uint8Array(n);
    const heap = new BinaryHeap(arcCount + 1);
    const level = new Int32Array(n);
    const queue = new Int32Array(n);
    const current = new Int32Array(n);
    const path = new Int32Array(n);
    let flow = 0;
    let phases = 0;

    while (flow < maxFlow) {
      // Dijkstra on reduced costs, stopped once the sink is settled.
      phases++;
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      dist[source] = 0;
      heap.clear();
      heap.push(0, source);
      while (heap.size > 0) {
        const d = heap.topKey();
        const u = heap.pop();
        if (done[u]) continue;
        done[u] = 1;
        if (u === sink) break;
        const pu = potential[u]!;
        for (let i = first[u]!, end = first[u + 1]!; i < end; i++) {
          const a = out[i]!;
          if (residual[a]! <= 0) continue;
          const v = head[a]!;
          if (done[v]) continue;
          const nd = d + cost[a]! + pu - potential[v]!;
          if (nd < dist[v]!) {
            dist[v] = nd;
            heap.push(nd, v);
          }
        }
      }
      const toSink = dist[sink]!;
      if (toSink === Number.POSITIVE_INFINITY) break;
      // Capping at the sink's distance keeps every reduced cost non-negative, settled or not.
      for (let v = 0; v < n; v++) potential[v]! += Math.min(dist[v]!, toSink);

      // Blocking flows over the arcs of reduced cost zero, until none is left from source to sink.
      for (;;) {
        level.fill(-1);
        level[source] = 0;
        let qHead = 0;
        let qTail = 0;
        queue[qTail++] = source;
        while (qHead < qTail) {
          const u = queue[qHead++]!;
          const pu = potential[u]!;
          for (let i = first[u]!, end = first[u + 1]!; i < end; i++) {
            const a = out[i]!;
            const v = head[a]!;
            if (level[v] !== -1 || residual[a]! <= 0 || cost[a]! + pu - potential[v]! !== 0) continue;
            level[v] = level[u]! + 1;
            queue[qTail++] = v;
          }
        }
        if (level[sink] === -1) break;

        current.set(first.subarray(0, n));
        let depth = 0;
        let u = source;
        while (flow < maxFlow) {
          if (u === sink) {
            let push = maxFlow - flow;
            for (let k = 0; k < depth; k++) push = Math.min(push, residual[path[k]!]!);
            for (let k = 0; k < depth; k++) {
              const a = path[k]!;
              residual[a]! -= push;
              residual[a ^ 1]! += push;
            }
            flow += push;
            depth = 0;
            u = source;
            continue;
          }
          let advanced = false;
          const pu = potential[u]!;
          for (const end = first[u + 1]!; current[u]! < end; current[u]!++) {
            const a = out[current[u]!]!;
            const v = head[a]!;
            if (residual[a]! > 0 && level[v] === level[u]! + 1 && cost[a]! + pu - potential[v]! === 0) {
              path[depth++] = a;
              u = v;
              advanced = true;
              break;
            }
          }
          if (advanced) continue;
          if (u === source) break;
          level[u] = -1; // a dead end for the rest of this blocking flow
          const back = path[--depth]!;
          u = head[back ^ 1]!;
          current[u]!++;
        }
        if (flow >= maxFlow) break;
      }
    }

    let total = 0;
    for (let a = 0; a < arcCount; a += 2) total += (this.#capacity[a]! - residual[a]!) * cost[a]!;
    return { flow, cost: total, phases };
  }

  #node(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v >= this.nodeCount) throw new RangeError(`no node ${v}`);
  }
}

// Shortest distances from the source with negative costs (queue-based Bellman–Ford), as potentials.
// Nodes the source cannot reach keep 0: no augmenting path ever goes through them.
function bellmanFord(
  source: number,
  n: number,
  first: Int32Array,
  out: Int32Array,
  head: Int32Array,
  cost: Float64Array,
  residual: Float64Array,
  potential: Float64Array,
): void {
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const queued = new Uint8Array(n);
  const enqueued = new Int32Array(n);
  const queue: number[] = [source];
  dist[source] = 0;
  queued[source] = 1;
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q]!;
    queued[u] = 0;
    for (let i = first[u]!, end = first[u + 1]!; i < end; i++) {
      const a = out[i]!;
      if (residual[a]! <= 0) continue;
      const v = head[a]!;
      const nd = dist[u]! + cost[a]!;
      if (nd >= dist[v]!) continue;
      dist[v] = nd;
      if (queued[v]) continue;
      // Without a negative cycle a node is queued at most once per round, and there are n - 1 rounds.
      if (++enqueued[v]! >= n) throw new Error('a cycle of negative cost is reachable from the source');
      queued[v] = 1;
      queue.push(v);
    }
  }
  for (let v = 0; v < n; v++) if (dist[v]! < Number.POSITIVE_INFINITY) potential[v] = dist[v]!;
}

// A min-heap of (key, node) with stale entries left in place (lazy deletion).
class BinaryHeap {
  #keys: Float64Array;
  #values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.#keys = new Float64Array(capacity);
    this.#values = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.#keys[0]!;
  }

  push(key: number, value: number): void {
    if (this.size === this.#keys.length) this.#grow();
    const keys = this.#keys;
    const values = this.#values;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  pop(): number {
    const keys = this.#keys;
    const values = this.#values;
    const top = values[0]!;
    const last = --this.size;
    const key = keys[last]!;
    const value = values[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      values[i] = values[child]!;
      i = child;
    }
    keys[i] = key;
    values[i] = value;
    return top;
  }

  #grow(): void {
    const keys = new Float64Array(this.#keys.length * 2);
    const values = new Int32Array(this.#values.length * 2);
    keys.set(this.#keys);
    values.set(this.#values);
    this.#keys = keys;
    this.#values = values;
  }
}
