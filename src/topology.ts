/**
 * Topology: Sails (cards), the directed links between them with their link
 * model, and the collectives that run across them — computed on real data in
 * the wasm kernels and priced on the links by the simulator.
 */
import { allocCardBuffers, type AllocOptions } from './alloc.js';
import type { CardBuffers } from './card-buffers.js';
import { allGatherToArray, runCollective, type CollectiveContext } from './collectives/run.js';
import {
  resolveEstimateRequest, type AlgorithmTableRequest, type CollectiveOptions, type EstimateInputs, type EstimateRequest,
  type RootedCollective,
} from './collectives/options.js';
import type { CardInput, DTypeOf } from './collectives/operands.js';
import type { DeviceSet } from './device/device-set.js';
import { enumerateSails, type EnumerateOptions } from './device/enumerate.js';
import type { SailDevice } from './device/sail-device.js';
import type { DType, TypedArrayFor } from './dtype.js';
import { argumentThrewError, describeKind, invalidArgumentError } from './errors.js';
import { resolveKernelChoice, sharedRuntime, type KernelChoice, type KernelRuntime, type KernelVariant } from './kernel-runtime.js';
import type { Link } from './link.js';
import { networkFromJSON } from './network/from-json.js';
import { MAX_CARDS, type LinkPatch, type Network, type NetworkOptions } from './network/network.js';
import type { CardModel } from './network/link-model.js';
import { meshNetwork } from './network/shapes/mesh.js';
import { multiDimNetwork, type DimensionSpec } from './network/shapes/multi-dim.js';
import { ringNetwork } from './network/shapes/ring.js';
import { switchNetwork } from './network/shapes/switch.js';
import { torus2dNetwork } from './network/shapes/torus2d.js';
import type { Reduction } from './reduce-op.js';
import type { CollectiveReport } from './report.js';
import type { CollectiveKind } from './schedule/schedule.js';
import { expectRecord } from './network/validate.js';
import { readOptionRecord } from './option-record.js';
import { collectiveLowerBound } from './sim/lower-bound.js';
import { Planner, type AlgorithmCandidate } from './sim/planner.js';
import { resolveFaultPlan } from './sim/faults/fault-plan.js';
import { estimatePointToPoint, type SendReport } from './sim/point-to-point.js';
import { buildReport } from './sim/report-builder.js';

/**
 * Most cards a topology may have (the network model's MAX_CARDS). Far above
 * any planned system; it keeps the i32 `avg` kernel exact (proof in
 * assembly/ops.ts: needs n < 2²²). A full mesh is further limited by its
 * n·(n−1) links (MAX_LINKS in src/network/network.ts: 2048 cards).
 */
export const MAX_SAILS = MAX_CARDS;

export interface TopologyOptions extends NetworkOptions {
  /** Kernel build: `'auto'` (default) uses SIMD where the runtime has it, else the scalar build. */
  readonly kernels?: KernelChoice;
}

/** Result of the crate-form AllGather: the concatenation, and the report. */
export interface AllGatherResult<D extends DType = DType> {
  /** Card 0's buffer, then card 1's, …: one array of n·length elements. */
  readonly data: TypedArrayFor<D>;
  /** What the AllGather cost on the links. */
  readonly report: CollectiveReport;
}

/** Options of rooted collectives (broadcast, reduce). */
export interface RootedOptions<C extends RootedCollective = RootedCollective> extends CollectiveOptions<C> {
  /** The root card: an integer 0 … nSails−1 (default 0). */
  readonly root?: number;
}

export type { EstimateRequest, AlgorithmTableRequest } from './collectives/options.js';

/**
 * Cards ("Sails") and the directed links between them: build one with a
 * shape (`mock`, `ring`, `torus2d`, `switch`, `multiDim`), from JSON
 * (`fromJSON`), or from the device nodes (`enumerate`); allocate buffers in
 * kernel memory (`alloc`); run the six collectives on real data, each
 * returning what it cost on the links; or price one without data
 * (`estimate`).
 *
 * @example
 * ```ts
 * const topo = await Topology.ring(8, { bidirectional: true });
 * const cards = topo.alloc('f32', 1 << 20);
 * for (let c = 0; c < topo.nSails; c++) cards.card(c).fill(c);
 * const report = topo.allReduce(cards, 'sum'); // every card now holds 0 + 1 + … + 7 = 28
 * console.log(report.algorithm, report.seconds, report.busBw);
 * cards.free();
 * ```
 */
export class Topology {
  private readonly planner: Planner;
  private readonly context: CollectiveContext;

  private constructor(
    /** The link model: cards, switches, links and card models. */
    readonly network: Network,
    private readonly runtime: KernelRuntime,
    /** The opened cards, for a topology from `enumerate`; undefined for simulated ones. */
    private readonly deviceSet: DeviceSet | undefined = undefined,
  ) {
    this.planner = new Planner(network);
    this.context = { runtime, planner: this.planner, nSails: network.nSails };
  }

  private static async build(network: Network, options: { readonly kernels?: KernelChoice } | undefined, deviceSet?: DeviceSet): Promise<Topology> {
    const choice = (options === undefined ? undefined : expectRecord(options, 'options', 'topology options').kernels) ?? 'auto';
    if (choice !== 'auto' && choice !== 'simd' && choice !== 'scalar') {
      throw invalidArgumentError('kernels', `expected 'auto', 'simd' or 'scalar', got ${describeKind(choice)}`, choice);
    }
    return new Topology(network, await sharedRuntime(resolveKernelChoice(choice)), deviceSet);
  }

  /**
   * A plain copy of a builder's options, each key read once (a getter or
   * proxy trap that throws is INVALID_ARGUMENT naming `options`); the copy is
   * what the builder and `build` then read.
   */
  private static copied<T extends object>(options: T | undefined): T | undefined {
    if (options === undefined) return undefined;
    const record = expectRecord(options, 'options', 'topology options ({ preset, link, card, kernels, … })');
    try {
      return { ...record } as T;
    } catch (cause) {
      throw argumentThrewError('options', cause);
    }
  }

  /** Shape options minus the kernel choice, for the network builders. */
  private static shape(options: TopologyOptions | undefined): NetworkOptions | undefined {
    if (options === undefined) return undefined;
    const { kernels: _kernels, ...rest } = options;
    return rest;
  }

  /**
   * A fully meshed mock of `n` cards (the crate's `Topology::with_mock`):
   * n·(n−1) directed links, all Up. `n = 0` is NO_SAILS.
   */
  static async mock(n: number, options?: TopologyOptions): Promise<Topology> {
    const copy = Topology.copied(options);
    return Topology.build(meshNetwork(n, Topology.shape(copy)), copy);
  }

  /** A ring of `n` cards: card c links to c+1 (and back, with `bidirectional`). Spanker's connector assumes a ring. */
  static async ring(n: number, options?: TopologyOptions & { readonly bidirectional?: boolean }): Promise<Topology> {
    const copy = Topology.copied(options);
    return Topology.build(ringNetwork(n, Topology.shape(copy)), copy);
  }

  /** A rows × cols torus: bidirectional rings along every row and column; card id = row·cols + col. */
  static async torus2d(rows: number, cols: number, options?: TopologyOptions): Promise<Topology> {
    const copy = Topology.copied(options);
    return Topology.build(torus2dNetwork(rows, cols, Topology.shape(copy)), copy);
  }

  /** `n` cards around one switch (node id n): every card has a link to and from it. */
  static async switch(n: number, options?: TopologyOptions): Promise<Topology> {
    const copy = Topology.copied(options);
    return Topology.build(switchNetwork(n, Topology.shape(copy)), copy);
  }

  /** ASTRA-sim-style multi-dimensional topology, e.g. rings of 4 joined by a switch. */
  static async multiDim(dims: readonly DimensionSpec[], options?: TopologyOptions): Promise<Topology> {
    const copy = Topology.copied(options);
    return Topology.build(multiDimNetwork(dims, Topology.shape(copy)), copy);
  }

  /** Any directed graph, from the documented JSON schema (src/network/from-json.ts). */
  static async fromJSON(spec: unknown, options?: { readonly kernels?: KernelChoice }): Promise<Topology> {
    return Topology.build(networkFromJSON(spec), readOptionRecord(options, ['kernels'], 'options') as { readonly kernels?: KernelChoice } | undefined);
  }

  /**
   * The real cards (the crate's `Topology::enumerate`): opens
   * `<devRoot>/spanker0`, `spanker1`, … up to `spanker255` read+write,
   * stopping at the first missing name (src/device/enumerate.ts). One card
   * per node, in that order, and no links: they stay empty until the link
   * protocol is fixed. Works in Node and Deno (read and write permission on
   * the device root; Deno grants /dev itself only with --allow-all);
   * elsewhere, and when no node exists, NO_SAILS. A node
   * that exists but cannot be opened is RUNTIME naming it, with the cause.
   * Collectives on the result are NOT_IMPLEMENTED until the driver has a
   * work-submit ioctl (src/device/transport.ts). Call `close()` when done.
   */
  static async enumerate(options?: EnumerateOptions): Promise<Topology> {
    const devices = await enumerateSails(options);
    try {
      return await Topology.build(networkFromJSON({ cards: devices.sails.length, links: [] }), options, devices);
    } catch (error) {
      devices.close();
      throw error;
    }
  }

  /** Number of cards. */
  get nSails(): number {
    return this.network.nSails;
  }

  /** Every directed link (endpoints are node ids: cards, then switches). */
  get links(): readonly Link[] {
    return this.network.links;
  }

  /** The open device nodes of an enumerated topology, one per card (index = card id); empty for a simulated one. */
  get devices(): readonly SailDevice[] {
    return this.deviceSet?.sails ?? [];
  }

  /** The control node (`<devRoot>/spankerctl`) of an enumerated topology, not opened; undefined for a simulated one. */
  get controlNode(): string | undefined {
    return this.deviceSet?.controlNode;
  }

  /**
   * Close the device nodes of an enumerated topology (copies made by
   * `withLink`/`withCard` share them). Harmless to repeat, and a no-op on a
   * simulated topology.
   */
  close(): void {
    this.deviceSet?.close();
  }

  /** @internal The kernel runtime whose memory holds this topology's buffers (src/sharding runs its matmuls there). */
  get kernelRuntime(): KernelRuntime {
    return this.runtime;
  }

  /** Which kernel build runs this topology's collectives. */
  get kernels(): KernelVariant {
    return this.runtime.variant;
  }

  /** Shards a tensor- or model-parallel split uses: one per card (the crate's TensorParallel/ModelParallel). */
  shardCount(): number {
    return this.nSails;
  }

  /** The same cards with one link changed (state, bandwidth, latency); this topology is unchanged. */
  withLink(from: number, to: number, patch: LinkPatch): Topology {
    return new Topology(this.network.withLink(from, to, patch), this.runtime, this.deviceSet);
  }

  /** The same topology with one card's model changed (γ, injection limit). */
  withCard(card: number, patch: Partial<CardModel>): Topology {
    return new Topology(this.network.withCard(card, patch), this.runtime, this.deviceSet);
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
   * AllReduce: every card ends with the reduction over all cards of its
   * elements. In place unless `options.recv` is given. With the default
   * canonical numerics the result is bit-identical to a scalar loop over
   * cards 0, 1, …, n−1, whatever the algorithm priced.
   */
  allReduce<B extends CardInput>(buffers: B, op: Reduction, options?: CollectiveOptions<'allReduce'> & { readonly recv?: CardInput<DTypeOf<B>> }): CollectiveReport {
    this.deviceSet?.transport.assertCanRun('allReduce');
    return runCollective(this.context, { collective: 'allReduce', send: buffers, op, options });
  }

  /**
   * AllGather. Without `recv` (`undefined`, with options after it): returns
   * the concatenation of every card's buffer in topology order as one typed
   * array (the crate's form). With
   * `recv` (n·count elements per card): every card of `recv` receives that
   * concatenation (NCCL's form); passing the same buffers as `recv` is NCCL's
   * in-place form (card c's data already at block c).
   */
  allGather<B extends CardInput>(buffers: B, recv?: undefined, options?: CollectiveOptions<'allGather'>): AllGatherResult<DTypeOf<B>>;
  allGather<B extends CardInput>(buffers: B, recv: CardInput<DTypeOf<B>>, options?: CollectiveOptions<'allGather'>): CollectiveReport;
  allGather<B extends CardInput>(buffers: B, recv?: CardInput<DTypeOf<B>>, options?: CollectiveOptions<'allGather'>): AllGatherResult<DTypeOf<B>> | CollectiveReport {
    this.deviceSet?.transport.assertCanRun('allGather');
    if (recv === undefined) return allGatherToArray(this.context, buffers, options) as AllGatherResult<DTypeOf<B>>;
    return runCollective(this.context, { collective: 'allGather', send: buffers, recv, options });
  }

  /**
   * ReduceScatter: card c receives the reduction over all cards of block c
   * (send: n·count elements per card). With `recv` (count per card) out of
   * place; without, in place: card c's result lands in block c of its buffer.
   */
  reduceScatter<B extends CardInput>(buffers: B, op: Reduction, options?: CollectiveOptions<'reduceScatter'> & { readonly recv?: CardInput<DTypeOf<B>> }): CollectiveReport {
    this.deviceSet?.transport.assertCanRun('reduceScatter');
    return runCollective(this.context, { collective: 'reduceScatter', send: buffers, op, options });
  }

  /** Broadcast: every card receives the root's buffer. In place unless `options.recv` is given. */
  broadcast<B extends CardInput>(buffers: B, options?: RootedOptions<'broadcast'> & { readonly recv?: CardInput<DTypeOf<B>> }): CollectiveReport {
    this.deviceSet?.transport.assertCanRun('broadcast');
    return runCollective(this.context, { collective: 'broadcast', send: buffers, options });
  }

  /** Reduce: the root receives the reduction over all cards; other cards' buffers are unchanged. */
  reduce<B extends CardInput>(buffers: B, op: Reduction, options?: RootedOptions<'reduce'> & { readonly recv?: CardInput<DTypeOf<B>> }): CollectiveReport {
    this.deviceSet?.transport.assertCanRun('reduce');
    return runCollective(this.context, { collective: 'reduce', send: buffers, op, options });
  }

  /**
   * AllToAll: card s sends block d of its buffer (n·count elements) to card
   * d, which stores it at block s. In place unless `options.recv` is given.
   */
  allToAll<B extends CardInput>(buffers: B, options?: CollectiveOptions<'allToAll'> & { readonly recv?: CardInput<DTypeOf<B>> }): CollectiveReport {
    this.deviceSet?.transport.assertCanRun('allToAll');
    return runCollective(this.context, { collective: 'allToAll', send: buffers, options });
  }

  /**
   * Price a collective without data: any card count, any size. `bytes` is
   * nccl-tests' S. The report has the simulated (or closed-form) time,
   * algbw/busbw and, when simulated, per-link traffic and the timeline.
   */
  estimate<C extends CollectiveKind>(collective: C, request: EstimateRequest<C>): CollectiveReport {
    const { count, size, dtype, root, op, options, method } = this.estimateInputs(collective, request);
    const faults = resolveFaultPlan(options.faults, this.network);
    const plan = this.planner.plan({
      collective, count, bytesPerElement: size, root, algorithm: options.algorithm, pipeline: options.pipeline, channels: options.channels,
      timeline: options.timeline, method, ...(faults ? { faults } : {}),
    });
    return buildReport(plan, this.network, {
      collective, dtype, nSails: this.nSails, count, bytesPerElement: size,
      ...(op !== undefined ? { op } : {}),
      ...(collective === 'broadcast' || collective === 'reduce' ? { root } : {}),
    });
  }

  /**
   * Price a point-to-point send of `bytes` from card `src` to card `dst`
   * (NCCL's Send/Recv; a pipeline stage handing its activations on) on the
   * links, by the same simulator as the collectives (src/sim/point-to-point.ts).
   * INVALID_ARGUMENT for a bad card or size, LINK_DOWN when no route avoids a
   * link that is not Up.
   */
  estimateSend(src: number, dst: number, bytes: number): SendReport {
    return estimatePointToPoint(this.network, src, dst, bytes);
  }

  /** Predicted time of every algorithm for this collective and size: the table `algorithm: 'auto'` takes the minimum of. */
  algorithmTable<C extends CollectiveKind>(collective: C, request: AlgorithmTableRequest<C>): AlgorithmCandidate[] {
    return this.tableOf(this.estimateInputs(collective, request, true));
  }

  /** The algorithm table as aligned text, fastest first, with the choice marked. */
  formatAlgorithmTable<C extends CollectiveKind>(collective: C, request: AlgorithmTableRequest<C>): string {
    const inputs = this.estimateInputs(collective, request, true);
    const rows = this.tableOf(inputs);
    const usable = rows.filter((r) => r.usable).sort((a, b) => a.seconds! - b.seconds!);
    const unusable = rows.filter((r) => !r.usable);
    const bound = collectiveLowerBound(this.network, { collective, count: inputs.count, bytesPerElement: inputs.size, root: inputs.root });
    const lines = [`${collective}, ${inputs.bytes} B on ${this.nSails} cards (${this.network.kind}), bound ${(bound * 1e6).toFixed(3)} µs:`];
    const width = Math.max(...rows.map((r) => r.algorithm.length));
    const choice = (r: AlgorithmCandidate) => {
      const parts = [r.pipeline! > 1 ? `pipeline ${r.pipeline}` : '', r.channels! > 1 ? `${r.channels} channels` : ''].filter((x) => x !== '');
      return parts.join(', ');
    };
    const choiceWidth = Math.max(0, ...usable.map((r) => choice(r).length));
    usable.forEach((r, i) => {
      const share = r.seconds! > 0 ? `${((100 * bound) / r.seconds!).toFixed(1)} %` : '—';
      lines.push(`${i === 0 ? '→' : ' '} ${r.algorithm.padEnd(width)}  ${(r.seconds! * 1e6).toFixed(3).padStart(14)} µs  ${share.padStart(7)} of bound  ${choice(r).padEnd(choiceWidth)}  (${r.method})  ${r.summary}`);
    });
    for (const r of unusable) lines.push(`  ${r.algorithm.padEnd(width)}  ${'cannot run'.padStart(14)}     ${r.reason}`);
    return lines.join('\n');
  }

  private tableOf(inputs: EstimateInputs): AlgorithmCandidate[] {
    const { collective, count, size, root, options, method } = inputs;
    return this.planner.table({
      collective, count, bytesPerElement: size, root, algorithm: 'auto', pipeline: options.pipeline, channels: options.channels,
      timeline: false, method,
    });
  }

  /** Estimate and table requests are validated in src/collectives/options.ts (read once, unknown keys rejected). */
  private estimateInputs(collective: CollectiveKind, request: unknown, table = false) {
    return resolveEstimateRequest(collective, request, this.nSails, table);
  }
}
