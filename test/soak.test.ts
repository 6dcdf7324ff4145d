// Soak: a fixed-seed stream of random collective calls, valid and invalid,
// on several topologies and both kernel builds. After every call:
//   - a valid call's results equal the independent reference (test/
//     reference-collectives.ts), whatever the algorithm and numerics (inputs
//     are small integers, so every reduction order gives the exact result);
//   - an invalid call throws a SpankerError of the expected code and leaves
//     every live buffer — the call's own, a pool of bystander CardBuffers and
//     all of kernel memory — bit-identical;
//   - kernel memory stays bounded, and when everything is freed the allocator
//     is back at its base (no staging or scratch block leaks).
// Arguments come in every shape issue 9 names: holes, getters (including ones
// that free a buffer and allocate another in its place), proxies, Array and
// typed-array subclasses, custom iterators, detached arrays.
//
// `npm test` runs SOAK_STEPS = 1500 (about 2 s); `npm run soak` runs
// 20 000. SOAK_SEED changes the stream.
import { describe, expect, it } from 'vitest';
import {
  COLLECTIVES, DTYPES as ALL_DTYPES, SpankerError, Topology, preMulSum, type CardBuffers, type CollectiveKind, type DType, type ReduceOp,
} from '../src/index.js';
import { ALGORITHM_NAMES } from '../src/schedule/algorithm-names.js';
import { sharedRuntime, type KernelRuntime } from '../src/kernel-runtime.js';
import { expectedOutputs, preMultiply } from './reference-collectives.js';
import { ARRAY_OF, elementsOf, mismatches, rng, setElements, storeAs } from './reference.js';

const STEPS = Number(process.env['SOAK_STEPS'] ?? 1500);
const SEED = Number(process.env['SOAK_SEED'] ?? 0x5eed);
/** Valid calls use every dtype; invalid ones the three whose arrays say their type (the planted mistake must be the only one). */
const VALID_DTYPES: readonly DType[] = ALL_DTYPES;
const INVALID_DTYPES = ['f32', 'f64', 'i32'] as const;
const OPS: readonly ReduceOp[] = ['sum', 'prod', 'max', 'min', 'avg'];
const MiB = 2 ** 20;

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** A typed array of any dtype. */
type AnyArray = ArrayBufferView & { readonly length: number };
const newArray = (dtype: DType, length: number) => new (ARRAY_OF[dtype] as unknown as new (n: number) => AnyArray)(length);

function lengths(collective: CollectiveKind, n: number, count: number): { send: number; recv: number } {
  switch (collective) {
    case 'allReduce': case 'broadcast': case 'reduce': return { send: count, recv: count };
    case 'allGather': return { send: count, recv: n * count };
    case 'reduceScatter': return { send: n * count, recv: count };
    case 'allToAll': return { send: n * count, recv: n * count };
  }
}

const isReducing = (c: CollectiveKind) => c === 'allReduce' || c === 'reduce' || c === 'reduceScatter';
const isRooted = (c: CollectiveKind) => c === 'broadcast' || c === 'reduce';

/** One topology under test with its kernel runtime and a pool of bystander buffers. */
interface Env {
  readonly name: string;
  readonly topo: Topology;
  readonly runtime: KernelRuntime;
  readonly n: number;
  readonly pool: CardBuffers[];
}

/** Bytes of each buffer, to compare after a call. */
function imageOf(views: readonly ArrayBufferView[]): Uint8Array[] {
  return views.map((v) => (v.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice()));
}

/** Compares the bytes of `views` — taken after the call: growth detaches views taken before it — with `image`. */
function sameImage(views: readonly ArrayBufferView[], image: readonly Uint8Array[], what: string): void {
  const now = imageOf(views);
  expect(now.length, what).toBe(image.length);
  now.forEach((bytes, i) => expect(Buffer.compare(bytes, image[i]!), `${what}: buffer ${i} changed`).toBe(0));
}

function poolViews(env: Env): ArrayBufferView[] {
  return env.pool.flatMap((b) => b.cards());
}

/** Small integers lo..hi, as `dtype` stores them (wrapped if unsigned, rounded if a narrow float). */
function fillInts(array: AnyArray, dtype: DType, random: Random, lo: number, hi: number): void {
  setElements(array, Array.from({ length: array.length }, () => storeAs(dtype, int(random, lo, hi))));
}

/** Swap one pool buffer for a fresh one now and then, so memory sees alloc/free churn. */
function churn(env: Env, random: Random): void {
  if (random() < 0.3) {
    const k = int(random, 0, env.pool.length - 1);
    env.pool[k]!.free();
    const fresh = env.topo.alloc(pick(random, VALID_DTYPES), int(random, 0, 300), { init: random() < 0.5 ? 'zero' : 'uninitialized' });
    for (const card of fresh.cards()) fillInts(card, fresh.dtype, random, -9, 9);
    env.pool[k] = fresh;
  }
}

/** Exotic but valid ways to pass a list of plain arrays: all must behave exactly like the plain list. */
function exoticList(random: Random, arrays: AnyArray[]): unknown {
  switch (int(random, 0, 3)) {
    case 0: return arrays;
    case 1: {
      class Sneaky extends Array<AnyArray> {
        override forEach(): void { throw new Error('forEach must not run'); }
        override [Symbol.iterator](): ArrayIterator<AnyArray> { throw new Error('the iterator must not run'); }
      }
      const list = new Sneaky();
      for (const a of arrays) Array.prototype.push.call(list, a);
      return list;
    }
    case 2: return new Proxy(arrays.slice(), {}); // a transparent proxy of the list
    default: {
      // Once read, each index must not be read again: a second read gets a decoy.
      const reads = new Set<PropertyKey>();
      return new Proxy(arrays.slice(), {
        get(target, key, receiver) {
          if (reads.has(key) && key !== 'constructor') return new (arrays[0]!.constructor as new (n: number) => AnyArray)(arrays[0]!.length);
          reads.add(key);
          return Reflect.get(target, key, receiver);
        },
      });
    }
  }
}

/** Options through getters, a prototype, or a plain object: all valid. */
function exoticOptions(random: Random, values: Record<string, unknown>): Record<string, unknown> | undefined {
  const keys = Object.keys(values);
  if (keys.length === 0 && random() < 0.5) return undefined;
  switch (int(random, 0, 2)) {
    case 0: return { ...values };
    case 1: {
      const o: Record<string, unknown> = {};
      for (const k of keys) Object.defineProperty(o, k, { enumerable: true, get: () => values[k] });
      return o;
    }
    default: return Object.create({ ...values }) as Record<string, unknown>;
  }
}

function validCall(env: Env, random: Random, step: number): void {
  const { topo, n } = env;
  const collective = pick(random, COLLECTIVES);
  const dtype = pick(random, VALID_DTYPES);
  const count = int(random, 0, 40);
  const inPlace = random() < 0.5;
  const zeroCopy = random() < 0.5;
  const numerics = random() < 0.3 ? 'schedule' : 'canonical';
  const algorithm = random() < 0.5 ? 'auto' : pick(random, ALGORITHM_NAMES[collective]);
  const root = isRooted(collective) ? int(random, 0, n - 1) : 0;
  const op = pick(random, OPS);
  const premul = isReducing(collective) && random() < 0.2;
  const unsigned = dtype === 'u8' || dtype === 'u32' || dtype === 'u64';
  // Every result must be exact whatever the reduction order (schedule numerics follow the algorithm's):
  // the narrow floats get −1..1 (sums of up to 5 cards are exact even in f8e5m2), and
  // prod multiplies n values: keep them tiny so every product is exact in f32.
  const narrow = dtype === 'f16' || dtype === 'bf16' || dtype === 'f8e4m3' || dtype === 'f8e5m2';
  const scalars = Array.from({ length: n }, () => int(random, unsigned ? 0 : narrow ? -1 : -3, narrow ? 1 : 3));
  const [lo, hi] = narrow ? [-1, 1] : op === 'prod' && !premul ? [-2, 2] : [-50, 50];
  const { send: sendLength, recv: recvLength } = lengths(collective, n, count);
  const bufferLength = inPlace ? Math.max(sendLength, recvLength) : sendLength;

  const make = (length: number): { arg: unknown; views: () => AnyArray[]; free: () => void } => {
    if (zeroCopy) {
      const cards = topo.alloc(dtype, length, { init: 'uninitialized' });
      return { arg: cards, views: () => cards.cards(), free: () => cards.free() };
    }
    const arrays = Array.from({ length: n }, () => newArray(dtype, length));
    return { arg: exoticList(random, arrays), views: () => arrays, free: () => {} };
  };
  const send = make(bufferLength);
  for (const v of send.views()) fillInts(v, dtype, random, lo, hi);
  const recv = inPlace ? undefined : make(recvLength);
  if (recv) for (const v of recv.views()) fillInts(v, dtype, random, -7, 7);
  // Inputs as the reference sees them (in-place AllGather: card c's block c).
  const inputs = send.views().map((v, c) => {
    const all = elementsOf(v);
    return collective === 'allGather' && inPlace ? all.slice(c * count, (c + 1) * count) : all.slice(0, sendLength);
  });
  const previous = (recv ?? send).views().map((v) => elementsOf(v));
  const bystanderImage = imageOf(poolViews(env));

  let opArg: unknown = op;
  if (premul) {
    if (random() < 0.3) {
      scalars.fill(scalars[0]!);
      opArg = preMulSum(scalars[0]!); // one scalar for every card
    } else {
      const list = scalars.slice();
      if (random() < 0.5) Object.defineProperty(list, Symbol.iterator, { value: () => { throw new Error('the iterator must not run'); } });
      opArg = preMulSum(list);
    }
  }
  const values: Record<string, unknown> = {};
  if (algorithm !== 'auto' || random() < 0.3) values['algorithm'] = algorithm;
  if (numerics !== 'canonical' || random() < 0.3) values['numerics'] = numerics;
  if (isRooted(collective) && (root !== 0 || random() < 0.5)) values['root'] = root;
  if (recv && collective !== 'allGather') values['recv'] = recv.arg;
  // Plain Uint16Arrays need the dtype said; the others may say it.
  if ((!zeroCopy && narrow) || random() < 0.2) values['dtype'] = dtype;
  const options = exoticOptions(random, values);

  const where = `${env.name} step ${step}: ${collective} ${dtype} ${premul ? 'premulsum' : op} count ${count} ${inPlace ? 'in place' : 'out of place'} ${zeroCopy ? 'CardBuffers' : 'arrays'} ${algorithm} ${numerics} root ${root}`;
  const t = topo as unknown as Record<string, (...args: unknown[]) => unknown>;
  try {
    switch (collective) {
      case 'allGather': t['allGather']!.call(topo, send.arg, inPlace ? send.arg : recv!.arg, options); break;
      case 'broadcast': case 'allToAll': t[collective]!.call(topo, send.arg, options); break;
      default: t[collective]!.call(topo, send.arg, opArg, options);
    }
  } catch (error) {
    throw new Error(`${where}: threw ${String(error)}`, { cause: error });
  }

  const refInputs = premul ? preMultiply(dtype, inputs, scalars) : inputs;
  const expected = expectedOutputs(collective, dtype, premul ? 'sum' : op, refInputs, count, root, previous);
  const outputs = (recv ?? send).views();
  for (let c = 0; c < n; c++) {
    let got = elementsOf(outputs[c]!);
    if (inPlace && collective === 'reduceScatter') got = got.slice(c * count, (c + 1) * count);
    expect(mismatches(dtype, got, expected[c]!), `${where}, card ${c}`).toEqual([]);
  }
  sameImage(poolViews(env), bystanderImage, `${where}: a bystander buffer`);
  send.free();
  recv?.free();
}

type Failure = { readonly kind: string; readonly code: SpankerError['code'] };

function invalidCall(env: Env, random: Random, step: number): void {
  const { topo, n, runtime } = env;
  const collective = pick(random, COLLECTIVES);
  const dtype = pick(random, INVALID_DTYPES);
  const count = int(random, 1, 20);
  // The in-place shape (AllGather, ReduceScatter, AllToAll: n blocks), so only the planted mistake is wrong.
  const shape = lengths(collective, n, count);
  const sendLength = Math.max(shape.send, shape.recv);
  const arrays = Array.from({ length: n }, () => newArray(dtype, sendLength));
  for (const a of arrays) fillInts(a, dtype, random, -9, 9);
  const cards = topo.alloc(dtype, sendLength);
  for (const v of cards.cards()) fillInts(v, dtype, random, -9, 9);
  const opFor = isReducing(collective);
  const t = topo as unknown as Record<string, (...args: unknown[]) => unknown>;
  const invoke = (buffers: unknown, options?: unknown, op: unknown = 'sum') => () => {
    switch (collective) {
      case 'allGather': return topo.allGather(buffers as never, buffers as never, options as never);
      case 'broadcast': case 'allToAll': return t[collective]!.call(topo, buffers, options);
      default: return t[collective]!.call(topo, buffers, op, options);
    }
  };
  let victim: CardBuffers | undefined;
  const kinds: (() => Failure & { run: () => unknown; mutates?: boolean })[] = [
    () => {
      const sparse: (AnyArray | undefined)[] = arrays.slice();
      delete sparse[int(random, 0, n - 1)];
      return { kind: 'hole', code: 'INVALID_ARGUMENT', run: invoke(sparse) };
    },
    () => {
      const list: unknown[] = arrays.slice();
      list[int(random, 0, n - 1)] = new Proxy(arrays[0]!, {});
      return { kind: 'proxy of a typed array', code: 'INVALID_ARGUMENT', run: invoke(list) };
    },
    () => {
      const k = int(random, 0, n - 1);
      const detached = arrays.slice();
      detached[k] = newArray(dtype, sendLength);
      structuredClone(detached[k]!.buffer, { transfer: [detached[k]!.buffer] });
      return { kind: 'detached', code: 'INVALID_USAGE', run: invoke(detached) };
    },
    () => {
      const freed = topo.alloc(dtype, sendLength);
      freed.free();
      return { kind: 'freed CardBuffers', code: 'INVALID_USAGE', run: invoke(freed) };
    },
    () => {
      // The getter frees the call's buffer and allocates a victim where it was.
      const doomed = topo.alloc(dtype, sendLength);
      const getter = () => {
        doomed.free();
        victim = topo.alloc(dtype, sendLength, { init: 'uninitialized' });
        for (const v of victim.cards()) setElements(v, Array.from({ length: v.length }, () => storeAs(dtype, 77)));
        return undefined;
      };
      const options = Object.defineProperty({}, 'timeline', { enumerable: true, get: getter });
      return { kind: 'getter frees the buffer', code: 'INVALID_USAGE', run: invoke(doomed, options), mutates: true };
    },
    () => {
      const options = Object.defineProperty({}, 'pipeline', { enumerable: true, get: () => { throw new Error('boom'); } });
      return { kind: 'getter throws', code: 'INVALID_ARGUMENT', run: invoke(cards, options) };
    },
    () => ({ kind: 'unknown key', code: 'INVALID_ARGUMENT', run: invoke(cards, { [pick(random, ['algoritm', 'numeric', 'pipe', 'timelines', 'recieve'])]: 1 }) }),
    () => ({ kind: 'options not an object', code: 'INVALID_ARGUMENT', run: invoke(arrays, pick(random, [null, 0, 'ring', true, []])) }),
    () => (isRooted(collective)
      ? { kind: 'bad root', code: 'INVALID_ARGUMENT', run: invoke(cards, { root: pick(random, ['1', null, 1.5, -1, n, Number.NaN, true]) }) }
      : { kind: 'root where none is declared', code: 'INVALID_ARGUMENT', run: invoke(cards, { root: 0 }) }),
    () => {
      const others = COLLECTIVES.flatMap((c) => ALGORITHM_NAMES[c] as readonly string[]).filter((a) => !(ALGORITHM_NAMES[collective] as readonly string[]).includes(a));
      return { kind: 'bad algorithm', code: 'INVALID_ARGUMENT', run: invoke(cards, { algorithm: pick(random, [...others, 'rign', '', 42]) }) };
    },
    () => {
      if (n === 1) return { kind: 'card count (one card: no other card to differ from)', code: 'TOPOLOGY_MISMATCH', run: invoke([arrays[0]!, arrays[0]!]) };
      const wrong = arrays.slice();
      wrong[int(random, 0, n - 1)] = newArray(dtype, sendLength + 1);
      return { kind: 'shape', code: 'SHAPE_MISMATCH', run: invoke(wrong) };
    },
    () => {
      if (n === 1) return { kind: 'card count (one card: no other card to differ from)', code: 'TOPOLOGY_MISMATCH', run: invoke([]) };
      const wrong: AnyArray[] = arrays.slice();
      wrong[int(random, 1, n - 1)] = newArray(dtype === 'f32' ? 'i32' : 'f32', sendLength);
      return { kind: 'type', code: 'TYPE_MISMATCH', run: invoke(wrong) };
    },
    () => ({ kind: 'card count', code: 'TOPOLOGY_MISMATCH', run: invoke([...arrays, arrays[0]!]) }),
    () => (opFor
      ? { kind: 'bad op', code: 'INVALID_ARGUMENT', run: invoke(cards, undefined, pick(random, ['mean', { op: 'sum' }, preMulSum(new Array(n + 1).fill(1)), null])) }
      : { kind: 'revoked proxy list', code: 'INVALID_ARGUMENT', run: invoke((() => { const r = Proxy.revocable(arrays.slice(), {}); r.revoke(); return r.proxy; })()) }),
  ];
  const failure = pick(random, kinds)();
  const where = `${env.name} step ${step}: ${collective} ${dtype} count ${count}: ${failure.kind}`;
  const image = imageOf([...arrays, ...cards.cards(), ...poolViews(env)]);
  const memory = failure.mutates ? undefined : new Uint8Array(runtime.memory.buffer).slice();
  const highWater = runtime.highWaterBytes;
  let thrown: unknown;
  try {
    failure.run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `${where}: expected a SpankerError, got ${String(thrown)}`).toBeInstanceOf(SpankerError);
  expect((thrown as SpankerError).code, `${where}: ${String(thrown)}`).toBe(failure.code);
  sameImage(arrays, image.slice(0, arrays.length), `${where}: the call's arrays`);
  sameImage([...cards.cards(), ...poolViews(env)], image.slice(arrays.length), `${where}: kernel memory buffers`);
  if (memory) {
    expect(Buffer.compare(new Uint8Array(runtime.memory.buffer), memory), `${where}: kernel memory changed`).toBe(0);
    expect(runtime.highWaterBytes, where).toBe(highWater);
  }
  if (victim) {
    for (const v of victim.cards()) expect(v.every((x) => x === 77), `${where}: the victim was written`).toBe(true);
    victim.free();
  }
  cards.free();
}

describe('soak: random valid and invalid calls', () => {
  it(`${STEPS} steps from seed ${SEED}: valid calls equal the reference, invalid ones change nothing, memory stays bounded`, async () => {
    const random = rng(SEED);
    const envs: Env[] = [];
    for (const [name, build] of [
      ['mesh of 3 (simd)', () => Topology.mock(3, { kernels: 'simd' })],
      ['bidirectional ring of 4 (simd)', () => Topology.ring(4, { bidirectional: true, kernels: 'simd' })],
      ['mesh of 5 (scalar)', () => Topology.mock(5, { kernels: 'scalar' })],
      ['one card (scalar)', () => Topology.mock(1, { kernels: 'scalar' })],
    ] as const) {
      const topo = await build();
      const runtime = await sharedRuntime(topo.kernels);
      const pool = Array.from({ length: 4 }, () => topo.alloc(pick(random, VALID_DTYPES), int(random, 0, 300)));
      for (const b of pool) for (const card of b.cards()) fillInts(card, b.dtype, random, -9, 9);
      envs.push({ name, topo, runtime, n: topo.nSails, pool });
    }
    let valid = 0;
    let invalid = 0;
    for (let step = 0; step < STEPS; step++) {
      const env = pick(random, envs);
      churn(env, random);
      if (random() < 0.55) {
        validCall(env, random, step);
        valid++;
      } else {
        invalidCall(env, random, step);
        invalid++;
      }
      // Bounded: the pool and one call's buffers are a few KiB; nothing may accumulate.
      expect(env.runtime.highWaterBytes, `step ${step}`).toBeLessThan(4 * MiB);
    }
    expect(valid).toBeGreaterThan(STEPS / 3);
    expect(invalid).toBeGreaterThan(STEPS / 3);
    // Everything given back: the allocator returns to its base (no leaked staging or scratch).
    for (const env of envs) for (const b of env.pool) b.free();
    for (const runtime of new Set(envs.map((e) => e.runtime))) {
      const probe = runtime.allocate(64, false);
      expect(probe.offset).toBe(64);
      runtime.release(probe.offset, probe.size);
    }
  });
});
