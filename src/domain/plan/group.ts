import { type MinimalItem, strongIdKeys } from '../items';
import { idKeys, showPositionKeys, strongIdEntries } from '../keys';

export interface ItemGroups<K extends string, T> {
  /** One entry per title, with that title's records from each list. */
  groups: Array<Record<K, T[]>>;
  /** Records without any strong ID: nothing to match them by. */
  unidentified: Record<K, T[]>;
}

/**
 * Sorts the records of several lists into titles in one pass (union-find over match keys), so
 * 50,000 records against 50,000 costs a few map operations each. Groups are the transitive closure
 * of `sameItem`: if A shares an imdb ID with B and B a tmdb ID with C, all three are one title.
 * A show position (show ID + numbers) joins records only when their ID kinds do not overlap, as in
 * `sameItem`; when it is claimed by titles whose IDs disagree, only the ID-less records join each other.
 */
export function groupByItem<K extends string, T>(lists: Record<K, readonly T[]>, itemOf: (record: T) => MinimalItem): ItemGroups<K, T> {
  // Object.keys loses the key type; the keys are exactly K.
  const labels = Object.keys(lists) as K[];
  const nodes: Array<{ label: K; record: T; item: MinimalItem }> = [];
  for (const label of labels) for (const record of lists[label]) nodes.push({ label, record, item: itemOf(record) });

  const forest = new DisjointSets(nodes.map(({ item }) => idKindMask(item)));
  const identified = new Uint8Array(nodes.length);
  const firstNodeById = new Map<string, number>();
  const nodesByPosition = new Map<string, number[]>();
  nodes.forEach(({ item }, node) => {
    for (const key of idKeys(item)) {
      identified[node] = 1;
      const first = firstNodeById.get(key);
      if (first === undefined) firstNodeById.set(key, node);
      else forest.union(first, node);
    }
    for (const key of showPositionKeys(item)) {
      identified[node] = 1;
      const sharing = nodesByPosition.get(key);
      if (sharing) sharing.push(node);
      else nodesByPosition.set(key, [node]);
    }
  });
  for (const sharing of nodesByPosition.values()) joinByPosition(forest, sharing);

  const emptyLists = (): Record<K, T[]> => {
    const empty = {} as Record<K, T[]>;
    for (const label of labels) empty[label] = [];
    return empty;
  };
  const unidentified = emptyLists();
  const groupByRoot = new Map<number, Record<K, T[]>>();
  nodes.forEach(({ label, record }, node) => {
    if (!identified[node]) {
      unidentified[label].push(record);
      return;
    }
    const root = forest.find(node);
    let group = groupByRoot.get(root);
    if (!group) {
      group = emptyLists();
      groupByRoot.set(root, group);
    }
    group[label].push(record);
  });
  return { groups: [...groupByRoot.values()], unidentified };
}

function joinByPosition(forest: DisjointSets, nodes: number[]): void {
  const firstRoot = forest.find(nodes[0]!);
  if (nodes.every((node) => forest.find(node) === firstRoot)) return; // the usual case: already one title by ID
  const roots = [...new Set(nodes.map((node) => forest.find(node)))];
  const idLess = roots.filter((root) => forest.mask(root) === 0);
  const identified = roots.filter((root) => forest.mask(root) !== 0);
  for (const root of idLess.slice(1)) forest.union(idLess[0]!, root);
  let seenKinds = 0;
  for (const root of identified) {
    if ((seenKinds & forest.mask(root)) !== 0) return; // two titles with different IDs claim this position
    seenKinds |= forest.mask(root);
  }
  for (const root of roots.slice(1)) forest.union(roots[0]!, root);
}

/** Bit per strong ID kind the item carries, to tell cheaply whether two titles' IDs overlap in kind. */
function idKindMask(item: MinimalItem): number {
  return strongIdEntries(item.ids).reduce((mask, [kind]) => mask | (1 << strongIdKeys.indexOf(kind)), 0);
}

/** Union-find with path halving; each root also carries the ID kinds of its whole set. */
class DisjointSets {
  private readonly parent: number[];
  private readonly kinds: number[];

  constructor(kindMasks: number[]) {
    this.parent = kindMasks.map((_, node) => node);
    this.kinds = [...kindMasks];
  }

  find(node: number): number {
    let current = node;
    while (this.parent[current] !== current) {
      const grandparent = this.parent[this.parent[current]!]!;
      this.parent[current] = grandparent;
      current = grandparent;
    }
    return current;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    this.parent[rootB] = rootA;
    this.kinds[rootA] = this.mask(rootA) | this.mask(rootB);
  }

  mask(root: number): number {
    return this.kinds[root]!;
  }
}
