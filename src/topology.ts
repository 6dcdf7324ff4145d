/**
 * Topology: a set of Sails (cards) and the directed links between them, and
 * the collectives that run across them.
 *
 * Today's topologies are mocks whose card memory lives in the wasm kernels'
 * linear memory; collectives run on that data for real. (The simulation
 * engine adds link models and more shapes; device enumeration comes with the
 * device-IO backend.)
 */
import { allocCardBuffers, type AllocOptions } from './alloc.js';
import type { CardBuffers } from './card-buffers.js';
import { allGatherInto, allGatherToArray } from './collectives/all-gather.js';
import { allReduce } from './collectives/all-reduce.js';
import type { CardInput } from './collectives/operands.js';
import type { DType, TypedArrayFor } from './dtype.js';
import { invalidArgumentError, noSailsError } from './errors.js';
import { resolveKernelChoice, sharedRuntime, type KernelChoice, type KernelRuntime, type KernelVariant } from './kernel-runtime.js';
import { LinkState, type Link } from './link.js';
import type { ReduceOp } from './reduce-op.js';
import type { CollectiveReport } from './report.js';

/**
 * Most cards a topology may have. Far above any planned system; it keeps the
 * i32 `avg` kernel exact (proof in assembly/ops.ts: needs n < 2²²).
 */
export const MAX_SAILS = 65536;

export interface TopologyOptions {
  /** Kernel build: `'auto'` (default) uses SIMD where the runtime has it, else the scalar build. */
  readonly kernels?: KernelChoice;
}

/** Result of the crate-form AllGather: the concatenation, and the report. */
export interface AllGatherResult<D extends DType = DType> {
  readonly data: TypedArrayFor<D>;
  readonly report: CollectiveReport;
}

export class Topology {
  private linkList: readonly Link[] | undefined;

  private constructor(
    /** Number of cards. */
    readonly nSails: number,
    private readonly runtime: KernelRuntime,
  ) {}

  /**
   * A fully meshed mock of `n` cards (the crate's `Topology::with_mock`):
   * n·(n−1) directed links, all Up. `n = 0` is NO_SAILS.
   */
  static async mock(n: number, options: TopologyOptions = {}): Promise<Topology> {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw invalidArgumentError('n', `expected a card count ≥ 1, got ${String(n)}`, String(n));
    }
    if (n === 0) throw noSailsError('Topology.mock(0) has no cards');
    if (n > MAX_SAILS) throw invalidArgumentError('n', `at most ${MAX_SAILS} cards, got ${n}`, n);
    const choice = options.kernels ?? 'auto';
    if (choice !== 'auto' && choice !== 'simd' && choice !== 'scalar') {
      throw invalidArgumentError('kernels', `expected 'auto', 'simd' or 'scalar', got ${JSON.stringify(choice)}`, String(choice));
    }
    return new Topology(n, await sharedRuntime(resolveKernelChoice(choice)));
  }

  /** Every directed link, ordered by local card then remote card. Built on first use. */
  get links(): readonly Link[] {
    this.linkList ??= Object.freeze(fullMeshLinks(this.nSails));
    return this.linkList;
  }

  /** Which kernel build runs this topology's collectives. */
  get kernels(): KernelVariant {
    return this.runtime.variant;
  }

  /** Shards a tensor- or model-parallel split uses: one per card (the crate's TensorParallel/ModelParallel). */
  shardCount(): number {
    return this.nSails;
  }

  /**
   * One buffer of `length` elements per card, in kernel memory (zero-copy for
   * collectives). Zero-filled unless `init: 'uninitialized'`. Call `free()`
   * when done. Throws INVALID_ARGUMENT for a bad dtype or length and
   * OUT_OF_MEMORY beyond the 4 GiB wasm32 memory; nothing is allocated then.
   */
  alloc<D extends DType>(dtype: D, length: number, options?: AllocOptions): CardBuffers<D> {
    return allocCardBuffers(this.runtime, dtype, this.nSails, length, options);
  }

  /**
   * In-place AllReduce: every card ends with the reduction, over all cards,
   * of its elements, combined in card order 0, 1, …, n−1 (bit-identical to a
   * scalar loop in that order, whatever the kernel build).
   *
   * `buffers`: CardBuffers from `alloc` (zero-copy), or one typed array per
   * card (copied into kernel memory and back).
   */
  allReduce<D extends DType>(buffers: CardInput<D>, op: ReduceOp): CollectiveReport {
    return allReduce(this.runtime, this.nSails, buffers, op);
  }

  /**
   * AllGather. Without `recv`: returns the concatenation of every card's
   * buffer in topology order as one typed array (the crate's form). With
   * `recv` (n·count elements per card): every card of `recv` receives that
   * concatenation (NCCL's form).
   */
  allGather<D extends DType>(buffers: CardInput<D>): AllGatherResult<D>;
  allGather<D extends DType>(buffers: CardInput<D>, recv: CardInput<D>): CollectiveReport;
  allGather<D extends DType>(buffers: CardInput<D>, recv?: CardInput<D>): AllGatherResult<D> | CollectiveReport {
    if (recv === undefined) return allGatherToArray(this.runtime, this.nSails, buffers) as AllGatherResult<D>;
    return allGatherInto(this.runtime, this.nSails, buffers, recv);
  }
}

function fullMeshLinks(n: number): Link[] {
  const links: Link[] = [];
  for (let local = 0; local < n; local++) {
    for (let remote = 0; remote < n; remote++) {
      if (remote !== local) links.push({ localSail: local, remoteSail: remote, state: LinkState.Up });
    }
  }
  return links;
}
