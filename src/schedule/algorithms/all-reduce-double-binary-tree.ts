/**
 * AllReduce, double binary tree (NCCL's tree algorithm, after Sanders,
 * Speck & Träff 2009, "Two-tree algorithms for full bandwidth broadcast,
 * reduction and scan"): two binary trees over the same cards, each carrying
 * half of the buffer — reduce up to the tree's root, then broadcast back
 * down — pipelined by `pipeline` slices. A card that is interior in one
 * tree is a leaf in the other, so every card receives about one tree's
 * worth of reductions and the two halves use different links.
 *
 * Trees, as NCCL builds them (src/graph/trees.cc, ncclGetBtree and
 * ncclGetDtree, read at commit 5067397 of github.com/NVIDIA/nccl):
 *   Tree A, on ranks = cards: let b be the lowest set bit of rank r (r > 0).
 *     Parent: (r ^ b) | (b << 1), or r ^ b if that is ≥ p. Children:
 *     r − b/2 and the largest r + b/2^i < p (i ≥ 1), none when b = 1 (odd
 *     ranks are leaves). Rank 0 is the root; its one child is the largest
 *     power of two below p. Illustration for p = 14:
 *         0 ─ 8;  8: 4, 12;  4: 2, 6;  12: 10, 13;  2: 1, 3;  6: 5, 7;  10: 9, 11
 *   Tree B: for even p the mirror image (card r plays rank p − 1 − r of
 *     tree A), so A's interior cards (even ranks) are B's leaves; for odd p
 *     tree A shifted by one (card r plays rank r − 1 mod p), so card 0 is
 *     interior in both.
 * Halves: tree A carries chunk 0 of 2 of the buffer, tree B chunk 1.
 * Slices: each half is cut into `pipeline` slices (chunk q of P), each
 * sent as its own transfer, so a slice can move on while the next is still
 * being reduced.
 *
 * Steps: in step h every non-root card of height h (0 for leaves, else one
 * more than its tallest child) sends its reduced slices to its parent,
 * which reduces them; with H the larger tree height, in step H + d every
 * card at depth d with children copies the finished slices down to them.
 * Within a step: tree A, then tree B; cards by id; slices in order; for a
 * slice, the children in NCCL's order (down0, down1). Reduction order at a card: its own
 * data, then its children's contributions in step order, by card id within
 * a step; the root's result is copied down, so every card ends bitwise
 * identical within each half.
 */
import { checkAlgorithmInput, type AlgorithmInput, type CostParameters } from '../algorithm.js';
import { chunkBounds, ScheduleBuilder, type Schedule } from '../schedule.js';
import { GrowableInt32 } from '../../growable-int32.js';
import { dedicatedLinksSeconds, type TransferList } from './dedicated-links-seconds.js';

/** One binary tree over p cards. */
interface Tree {
  readonly root: number;
  /** Parent card, −1 for the root. */
  readonly parent: Int32Array;
  /** Child cards, NCCL's down0 then down1. */
  readonly children: readonly (readonly number[])[];
  /** 0 for leaves, else 1 + the tallest child's height. */
  readonly height: Int32Array;
  /** Edges from the root. */
  readonly depth: Int32Array;
}

/** NCCL's ncclGetBtree for one rank: [parent, down0, down1], −1 for none. */
function btree(p: number, rank: number): [number, number, number] {
  let bit = 1;
  for (; bit < p; bit <<= 1) if ((bit & rank) !== 0) break;
  if (rank === 0) return [-1, -1, p > 1 ? bit >> 1 : -1];
  let up = (rank ^ bit) | (bit << 1);
  if (up >= p) up = rank ^ bit;
  let lowbit = bit >> 1;
  const down0 = lowbit === 0 ? -1 : rank - lowbit;
  let down1 = lowbit === 0 ? -1 : rank + lowbit;
  while (down1 >= p) {
    down1 = lowbit === 0 ? -1 : rank + lowbit;
    lowbit >>= 1;
  }
  return [up, down0, down1];
}

/** Tree A (which = 0) or tree B (which = 1) of NCCL's double binary tree on p cards. */
function doubleTree(p: number, which: 0 | 1): Tree {
  // Card ↔ rank of tree A's shape: identity, mirror (even p) or shift by one (odd p).
  const rankOf = (card: number) => (which === 0 ? card : p % 2 === 0 ? p - 1 - card : (card - 1 + p) % p);
  const cardOf = (rank: number) => (which === 0 ? rank : p % 2 === 0 ? p - 1 - rank : (rank + 1) % p);
  const parent = new Int32Array(p);
  const children: number[][] = [];
  let root = 0;
  for (let card = 0; card < p; card++) {
    const [up, d0, d1] = btree(p, rankOf(card));
    parent[card] = up < 0 ? -1 : cardOf(up);
    if (up < 0) root = card;
    children.push([d0, d1].filter((r) => r >= 0).map(cardOf));
  }
  const height = new Int32Array(p);
  const depth = new Int32Array(p);
  const visit = (card: number, d: number): number => {
    depth[card] = d;
    let h = 0;
    for (const child of children[card]!) h = Math.max(h, visit(child, d + 1) + 1);
    height[card] = h;
    return h;
  };
  visit(root, 0);
  return { root, parent, children, height, depth };
}

/** The schedule's transfers as flat arrays, with their dependencies and where each step starts. */
interface TreeTransfers extends TransferList {
  /** Element ranges: float64, exact past 2³¹ elements. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Transfers of step s: [stepStart[s], stepStart[s + 1]). */
  readonly stepStart: readonly number[];
}

/**
 * The double binary tree's transfers in schedule order, each with the
 * transfers it depends on by the rules of sim/dependencies.ts (the writers
 * of the same slice on the card in the latest earlier step that wrote it),
 * so the schedule and its closed form come from one list:
 *   - up from card v: the up transfers of v's tallest children (v's own
 *     copy is final once they are reduced in); into parent u, the up
 *     transfers of u's children in the latest earlier step (u's copy);
 *   - down from the root: the up transfers of its tallest children; down
 *     from any other card: the down copy into it.
 */
function treeTransfers(p: number, count: number, pipeline: number, bytesPerElement: number): TreeTransfers {
  const trees = [doubleTree(p, 0), doubleTree(p, 1)];
  const H = Math.max(trees[0]!.height[trees[0]!.root]!, trees[1]!.height[trees[1]!.root]!);
  const maxDepth = Math.max(...trees.map((t) => t.depth.reduce((a, b) => Math.max(a, b), 0)));
  // Index of the up transfer from card c (slice q) and of the down copy into it, per tree; −1 for none.
  const upFrom = trees.map(() => new Int32Array(p * pipeline).fill(-1));
  const downInto = trees.map(() => new Int32Array(p * pipeline).fill(-1));
  const src = new GrowableInt32();
  const dst = new GrowableInt32();
  const start: number[] = [];
  const end: number[] = [];
  const reduce = new GrowableInt32();
  const after = new GrowableInt32();
  const afterStart = new GrowableInt32();
  const dstAfter = new GrowableInt32();
  const dstAfterStart = new GrowableInt32();
  const stepStart: number[] = [];
  /** Up transfers (slice q) from the children of `card` of the greatest height below `below`. */
  const tallestChildren = (t: number, tree: Tree, card: number, q: number, below: number, out: GrowableInt32) => {
    let best = -1;
    for (const child of tree.children[card]!) if (tree.height[child]! < below) best = Math.max(best, tree.height[child]!);
    for (const child of tree.children[card]!) if (tree.height[child] === best) out.push(upFrom[t]![child * pipeline + q]!);
  };
  const add = (from: number, to: number, a: number, z: number, isReduce: boolean) => {
    src.push(from);
    dst.push(to);
    start.push(a);
    end.push(z);
    reduce.push(isReduce ? 1 : 0);
    afterStart.push(after.length);
    dstAfterStart.push(dstAfter.length);
    return src.length - 1;
  };
  // Cards by height and by depth, ascending, per tree; slice bounds per tree.
  const byLevel = (levels: Int32Array, count: number) => {
    const lists: number[][] = Array.from({ length: count }, () => []);
    levels.forEach((level, card) => lists[level]?.push(card));
    return lists;
  };
  const byHeight = trees.map((tree) => byLevel(tree.height, H));
  const byDepth = trees.map((tree) => byLevel(tree.depth, maxDepth));
  const slices = trees.map((_, t) => {
    const [hs, he] = chunkBounds(count, 2, t);
    return Array.from({ length: pipeline }, (_, q) => chunkBounds(he - hs, pipeline, q).map((x) => hs + x) as [number, number]);
  });
  for (let s = 0; s < H + maxDepth; s++) {
    stepStart.push(src.length);
    trees.forEach((tree, t) => {
      const cards = s < H ? byHeight[t]![s]! : byDepth[t]![s - H]!;
      for (const card of cards) {
        for (let q = 0; q < pipeline; q++) {
          const [a, z] = slices[t]![q]!;
          if (z <= a) continue;
          if (s < H && card !== tree.root) {
            const parent = tree.parent[card]!;
            const i = add(card, parent, a, z, true);
            tallestChildren(t, tree, card, q, Infinity, after);
            tallestChildren(t, tree, parent, q, s, dstAfter);
            upFrom[t]![card * pipeline + q] = i;
          }
          if (s >= H) {
            for (const child of tree.children[card]!) {
              const i = add(card, child, a, z, false);
              if (card === tree.root) tallestChildren(t, tree, card, q, Infinity, after);
              else after.push(downInto[t]![card * pipeline + q]!);
              downInto[t]![child * pipeline + q] = i;
            }
          }
        }
      }
    });
  }
  stepStart.push(src.length);
  afterStart.push(after.length);
  dstAfterStart.push(dstAfter.length);
  const bytes = Float64Array.from(start, (a, i) => (end[i]! - a) * bytesPerElement);
  return {
    src: src.trimmed(), dst: dst.trimmed(), start: Float64Array.from(start), end: Float64Array.from(end), bytes,
    reduce: Uint8Array.from(reduce.trimmed()),
    afterStart: afterStart.trimmed(), after: after.trimmed(), dstAfterStart: dstAfterStart.trimmed(), dstAfter: dstAfter.trimmed(),
    stepStart,
  };
}

/** Build the double-binary-tree AllReduce schedule. */
export function allReduceDoubleBinaryTree(input: AlgorithmInput): Schedule {
  checkAlgorithmInput('allReduce', 'doubleBinaryTree', input);
  const { nSails: p, count, pipeline } = input;
  const b = new ScheduleBuilder('allReduce', 'doubleBinaryTree', p, count);
  if (p === 1 || count === 0) return b.build();
  const list = treeTransfers(p, count, pipeline, 1);
  for (let s = 0; s + 1 < list.stepStart.length; s++) {
    b.step();
    for (let i = list.stepStart[s]!; i < list.stepStart[s + 1]!; i++) b.send(list.src[i]!, list.dst[i]!, [[list.start[i]!, list.end[i]!]], list.reduce[i] === 1);
  }
  return b.build();
}

/**
 * Seconds on a full mesh (every tree edge has its own link each way; the
 * two trees may still meet on a link — A's reduce and B's broadcast over
 * the same pair — and on a reducer, card 0 being interior in both trees
 * when p is odd). No simple expression covers those meetings for every p,
 * so the transfers are evaluated one by one under the registry's model
 * (dedicated-links-seconds.ts) — O(p·P log(p·P)) — which makes the result
 * exact on a full mesh for every count and pipeline. The shape of it, for
 * pipeline P, half h = count/2·bytes, tree height H and depth D ≈ lg p:
 *     ≈ (H + D)(α + (h/P)β) + H·2(h/P)γ + (P − 1)·max(2(h/P)γ, 2(h/P)β)
 * — fill and drain of a pipeline of depth H + D whose slowest stage is a
 * card reducing two children's slices or sending a slice to two children.
 */
export function allReduceDoubleBinaryTreeCost(p: number, count: number, bytesPerElement: number, c: CostParameters, pipeline = 1): number {
  if (p === 1 || count === 0) return 0;
  return dedicatedLinksSeconds(treeTransfers(p, count, pipeline, bytesPerElement), p, c);
}
