/**
 * Symbolic verification of a schedule: run it on *sets of contributions*
 * instead of numbers and check that every card ends holding what its
 * collective promises (working-buffer.ts).
 *
 * State. The working buffer is cut into *ranges* at every segment boundary
 * the schedule uses and at every block boundary of its collective, so every
 * segment is a whole number of ranges and every range lies in one block.
 * For each (card, range) we keep the set of cards whose original data has
 * been combined into it, as a bitset of ⌈n/32⌉ words; the empty set means
 * the card holds no data for that range yet ("undefined").
 *
 * Start. allReduce, reduce, reduceScatter: card c holds {c} everywhere.
 * broadcast: the root holds {root}, the others nothing. allGather: card c
 * holds {c} on block c only. allToAll: card s holds {s} on blocks (s, *).
 *
 * Steps, with the message semantics of schedule.ts: first every transfer
 * reads its source's sets (as they were when the step began), then the
 * transfers are applied in schedule order — a copy replaces the
 * destination's sets, a reduce unions them. Rejected, with the step,
 * transfer, cards and element range named:
 *   - a transfer from or to a card that does not exist, to itself, or with a
 *     segment outside the working buffer;
 *   - a copy or reduce of a range its source holds no data for;
 *   - a reduce into a range its destination holds no data for;
 *   - a reduce whose incoming set meets the destination's (a contribution
 *     would be counted twice).
 *
 * End. allReduce: every card, every range = all cards. reduce: the root,
 * every range = all cards. broadcast: every card, every range = {root}.
 * allGather: every card, block b = {b}. reduceScatter: card c, block c = all
 * cards. allToAll: card d, block (s, d) = {s}.
 *
 * Cost: O(ranges touched × ⌈n/32⌉) per transfer; a 64-card schedule of
 * any algorithm here verifies in milliseconds.
 */
import type { CollectiveKind, Schedule } from './schedule.js';

/** Sorted distinct boundaries: range k is [bounds[k], bounds[k + 1]). */
function rangeBoundaries(schedule: Schedule, blockSize: number, blocks: number): Float64Array {
  const W = schedule.workingLength;
  const extra = blockSize > 0 ? blocks + 1 : 0;
  // The distinct ranges have every boundary the segments have.
  const D = schedule.rangeStart.length;
  const all = new Float64Array(D * 2 + 2 + extra);
  all.set(schedule.rangeStart, 0);
  all.set(schedule.rangeEnd, D);
  let k = D * 2;
  all[k++] = 0;
  all[k++] = W;
  for (let b = 0; b < extra; b++) all[k++] = b * blockSize;
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) {
    const v = all[i]!;
    if (v < 0 || v > W) continue; // reported per transfer, with context
    if (unique === 0 || v !== all[unique - 1]) all[unique++] = v;
  }
  return all.slice(0, unique);
}

/** Index k with bounds[k] = offset (offset must be a boundary). */
function rangeAt(bounds: Float64Array, offset: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per-card element count implied by the working length (working-buffer.ts), or NaN if it does not divide. */
function countOf(collective: CollectiveKind, n: number, W: number): number {
  switch (collective) {
    case 'allReduce':
    case 'broadcast':
    case 'reduce':
      return W;
    case 'allGather':
    case 'reduceScatter':
      return W % n === 0 ? W / n : NaN;
    case 'allToAll':
      return W % (n * n) === 0 ? W / (n * n) : NaN;
  }
}

function describeSet(words: Uint32Array, at: number, w: number, n: number): string {
  const members: number[] = [];
  for (let c = 0; c < n; c++) if ((words[at + (c >>> 5)]! >>> (c & 31)) & 1) members.push(c);
  if (members.length === 0) return 'no data';
  if (members.length === n && n > 1) return `all ${n} cards`;
  return `{${members.join(', ')}}`;
}

/**
 * Check `schedule` symbolically (see the module comment). Returns normally
 * when the schedule is correct; otherwise throws an Error whose message
 * names the step, the transfer, the cards and the element range at fault,
 * or for a wrong final state the card, the range, what it holds and what
 * it should hold.
 */
export function verifySchedule(schedule: Schedule): void {
  const n = schedule.nSails;
  const W = schedule.workingLength;
  const collective = schedule.collective;
  const who = `${collective}/${schedule.algorithm} on ${n} cards`;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${who}: nSails must be ≥ 1`);
  if (schedule.root < 0 || schedule.root >= n) throw new Error(`${who}: root ${schedule.root} is not a card`);
  const count = countOf(collective, n, W);
  if (Number.isNaN(count)) throw new Error(`${who}: working length ${W} is not a whole number of blocks`);
  // Block layout, for the start and end states (and range cuts).
  const blockSize = collective === 'allGather' || collective === 'reduceScatter' || collective === 'allToAll' ? count : 0;
  const blocks = collective === 'allToAll' ? n * n : n;
  const bounds = rangeBoundaries(schedule, blockSize, blocks);
  const R = Math.max(bounds.length - 1, 0);
  const w = (n + 31) >>> 5;
  const state = new Uint32Array(n * R * w);
  const at = (card: number, range: number) => (card * R + range) * w;
  const full = new Uint32Array(w);
  for (let c = 0; c < n; c++) full[c >>> 5]! |= 1 << (c & 31);
  const single = (card: number, range: number, member: number) => {
    state[at(card, range) + (member >>> 5)]! |= 1 << (member & 31);
  };
  const blockOf = (range: number) => (blockSize > 0 ? Math.floor(bounds[range]! / blockSize) : 0);

  // Start state.
  for (let c = 0; c < n; c++) {
    for (let k = 0; k < R; k++) {
      switch (collective) {
        case 'allReduce':
        case 'reduce':
        case 'reduceScatter':
          single(c, k, c);
          break;
        case 'broadcast':
          if (c === schedule.root) single(c, k, c);
          break;
        case 'allGather':
          if (blockOf(k) === c) single(c, k, c);
          break;
        case 'allToAll':
          if (Math.floor(blockOf(k) / n) === c) single(c, k, c);
          break;
      }
    }
  }

  // Steps.
  const T = schedule.transferCount;
  let payload = new Uint32Array(1024);
  const label = (i: number) => {
    const src = schedule.transferSrc[i]!;
    const dst = schedule.transferDst[i]!;
    return `${who}: step ${schedule.transferStep[i]}, transfer ${i} (card ${src} → card ${dst}, ${schedule.transferReduce[i] === 1 ? 'reduce' : 'copy'})`;
  };
  const rangeText = (k: number) => `elements [${bounds[k]}, ${bounds[k + 1]})`;
  let begin = 0;
  while (begin < T) {
    const step = schedule.transferStep[begin]!;
    let end = begin;
    while (end < T && schedule.transferStep[end] === step) end++;
    // Phase 1: read every source as it was when the step began.
    let used = 0;
    for (let i = begin; i < end; i++) {
      const src = schedule.transferSrc[i]!;
      const dst = schedule.transferDst[i]!;
      if (!Number.isInteger(src) || src < 0 || src >= n || !Number.isInteger(dst) || dst < 0 || dst >= n) {
        throw new Error(`${label(i)}: card out of range 0 … ${n - 1}`);
      }
      if (src === dst) throw new Error(`${label(i)}: a card cannot send to itself`);
      for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
        const a = schedule.segmentStart[s]!;
        const z = schedule.segmentEnd[s]!;
        if (!(a >= 0 && z <= W && a < z)) throw new Error(`${label(i)}: segment [${a}, ${z}) is empty or outside the working buffer [0, ${W})`);
        const k0 = rangeAt(bounds, a);
        const k1 = rangeAt(bounds, z);
        if ((k1 - k0) * w + used > payload.length) {
          const grown = new Uint32Array(Math.max(payload.length * 2, (k1 - k0) * w + used));
          grown.set(payload.subarray(0, used));
          payload = grown;
        }
        for (let k = k0; k < k1; k++) {
          const from = at(src, k);
          let any = 0;
          for (let x = 0; x < w; x++) any |= payload[used + x] = state[from + x]!;
          if (any === 0) throw new Error(`${label(i)}: card ${src} holds no data for ${rangeText(k)}`);
          used += w;
        }
      }
    }
    // Phase 2: apply in schedule order.
    used = 0;
    for (let i = begin; i < end; i++) {
      const dst = schedule.transferDst[i]!;
      const reduce = schedule.transferReduce[i] === 1;
      for (let s = schedule.transferSegments[i]!; s < schedule.transferSegments[i + 1]!; s++) {
        const k0 = rangeAt(bounds, schedule.segmentStart[s]!);
        const k1 = rangeAt(bounds, schedule.segmentEnd[s]!);
        for (let k = k0; k < k1; k++) {
          const to = at(dst, k);
          if (reduce) {
            let held = 0;
            let overlap = 0;
            for (let x = 0; x < w; x++) {
              held |= state[to + x]!;
              overlap |= state[to + x]! & payload[used + x]!;
            }
            if (held === 0) throw new Error(`${label(i)}: card ${dst} holds no data for ${rangeText(k)} to reduce into`);
            if (overlap !== 0) {
              const twice = new Uint32Array(w);
              for (let x = 0; x < w; x++) twice[x] = state[to + x]! & payload[used + x]!;
              throw new Error(`${label(i)}: ${rangeText(k)} would count ${describeSet(twice, 0, w, n)} twice (card ${dst} holds ${describeSet(state, to, w, n)}, incoming ${describeSet(payload, used, w, n)})`);
            }
            for (let x = 0; x < w; x++) state[to + x]! |= payload[used + x]!;
          } else {
            for (let x = 0; x < w; x++) state[to + x] = payload[used + x]!;
          }
          used += w;
        }
      }
    }
    begin = end;
  }

  // End state.
  const expected = new Uint32Array(w);
  const check = (card: number, k: number) => {
    const from = at(card, k);
    for (let x = 0; x < w; x++) {
      if (state[from + x] !== expected[x]) {
        throw new Error(`${who}: at the end card ${card} ${rangeText(k)} hold ${describeSet(state, from, w, n)}, expected ${describeSet(expected, 0, w, n)}`);
      }
    }
  };
  const setExpected = (member: number | 'all') => {
    if (member === 'all') expected.set(full);
    else {
      expected.fill(0);
      expected[member >>> 5] = 1 << (member & 31);
    }
  };
  for (let c = 0; c < n; c++) {
    for (let k = 0; k < R; k++) {
      switch (collective) {
        case 'allReduce':
          setExpected('all');
          break;
        case 'reduce':
          if (c !== schedule.root) continue;
          setExpected('all');
          break;
        case 'broadcast':
          setExpected(schedule.root);
          break;
        case 'allGather':
          setExpected(blockOf(k));
          break;
        case 'reduceScatter':
          if (blockOf(k) !== c) continue;
          setExpected('all');
          break;
        case 'allToAll': {
          const block = blockOf(k);
          if (block % n !== c) continue;
          setExpected(Math.floor(block / n));
          break;
        }
      }
      check(c, k);
    }
  }
}
