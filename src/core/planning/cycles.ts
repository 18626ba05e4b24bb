// Cycles in "points to" relations (parent, blockedBy), for `check`. Every cycle lies inside one
// strongly connected component, so one cycle is reported per component: a knot of blockers is
// one thing to fix, not the exponentially many loops through it.

/** One cycle per strongly connected component with a loop, each as ids from its smallest id back to it (first id not repeated). */
export function findCycles(nodes: Iterable<string>, next: (id: string) => readonly string[]): string[][] {
  const components = stronglyConnected(nodes, next);
  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort()[0];
    if (component.length === 1 && !next(start).includes(start)) continue;
    cycles.push(shortestLoop(start, members, next));
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Breadth-first from `start` back to it, inside its component: the shortest loop, so the message stays readable. */
function shortestLoop(start: string, members: ReadonlySet<string>, next: (id: string) => readonly string[]): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const n of next(id)) {
      if (!members.has(n)) continue;
      if (n === start) {
        const path = [id];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
        return path;
      }
      if (!cameFrom.has(n)) {
        cameFrom.set(n, id);
        queue.push(n);
      }
    }
  }
  return [start];
}

/** Tarjan's algorithm, iterative: a backlog's chains can be longer than the call stack is deep. */
function stronglyConnected(nodes: Iterable<string>, next: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { id: string; edges: readonly string[]; at: number }[] = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: next(id), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.edges.length) {
        const n = frame.edges[frame.at++];
        if (!index.has(n)) open(n);
        else if (onStack.has(n)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(n)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        out.push(component);
      }
    }
  }
  return out;
}
