// Type-level tests, checked by `npm run typecheck` (tsc), never executed: each
// `@ts-expect-error` line must be a compile error, or tsc fails ("unused
// '@ts-expect-error' directive"). The lines without it must compile.
import { Topology, preMulSum, type AlgorithmChoice, type CardBuffers, type DTypeOfArray, type Float16Input } from '../src/index.js';

export function typeChecks(topo: Topology, f32: CardBuffers<'f32'>, i32: CardBuffers<'i32'>, f64Arrays: Float64Array[]): void {
  // Algorithms are typed per collective.
  topo.allReduce(f32, 'sum', { algorithm: 'ring' });
  topo.allReduce(f32, 'sum', { algorithm: 'rabenseifner' });
  // @ts-expect-error 'bruck' is an allGather / allToAll algorithm, not an allReduce one
  topo.allReduce(f32, 'sum', { algorithm: 'bruck' });
  topo.allGather(f32, f32, { algorithm: 'bruck' });
  // @ts-expect-error 'rabenseifner' is not an allGather algorithm
  topo.allGather(f32, f32, { algorithm: 'rabenseifner' });
  // @ts-expect-error 'chain' is a broadcast algorithm
  topo.reduce(f32, 'sum', { algorithm: 'chain' });
  topo.broadcast(f32, { algorithm: 'chain', root: 1 });
  // @ts-expect-error 'recursiveHalving' is reduceScatter's
  topo.allToAll(f32, { algorithm: 'recursiveHalving' });
  // @ts-expect-error a typo
  topo.reduceScatter(f32, 'sum', { algorithm: 'rign' });
  topo.estimate('allToAll', { bytes: 64, algorithm: 'pairwise' });
  // @ts-expect-error 'pairwise' is allToAll's, not allReduce's
  topo.estimate('allReduce', { bytes: 64, algorithm: 'pairwise' });
  const choice: AlgorithmChoice<'broadcast'> = 'scatterAllGather';
  topo.broadcast(f32, { algorithm: choice });

  // recv has the element type of send.
  topo.allReduce(f32, 'sum', { recv: f32 });
  // @ts-expect-error an Int32 recv for Float32 buffers
  topo.allReduce(f32, 'sum', { recv: i32 });
  // @ts-expect-error the same for reduce
  topo.reduce(f32, 'max', { recv: i32, root: 0 });
  // @ts-expect-error and for plain arrays
  topo.allToAll(f64Arrays, { recv: [new Float32Array(4)] });
  // @ts-expect-error allGather's positional recv too
  topo.allGather(i32, f32);
  topo.allGather(f64Arrays, f64Arrays);

  // Keys a call does not declare.
  // @ts-expect-error root is for broadcast and reduce
  topo.allReduce(f32, 'sum', { root: 1 });
  // @ts-expect-error a misspelt option
  topo.allReduce(f32, 'sum', { algoritm: 'ring' });
  // @ts-expect-error recv is allGather's second argument, not an option
  topo.allGather(f32, f32, { recv: f32 });
  // @ts-expect-error op is for reducing collectives' estimates
  topo.estimate('broadcast', { bytes: 64, op: 'sum' });
  // @ts-expect-error root is for rooted collectives' estimates
  topo.estimate('allGather', { bytes: 64, root: 0 });
  topo.estimate('reduce', { bytes: 64, op: preMulSum(2), root: 1 });
  // @ts-expect-error the algorithm table prices every algorithm: no algorithm to give
  topo.algorithmTable('allReduce', { bytes: 64, algorithm: 'ring' });
}

export function elementTypeChecks(
  topo: Topology, f16: CardBuffers<'f16'>, bf16: CardBuffers<'bf16'>, e4m3: CardBuffers<'f8e4m3'>, i64: CardBuffers<'i64'>,
  halves: Uint16Array[], bytes: Uint8Array[], float16: Float16Input[],
): void {
  // card(i) of f16 and bf16 is a Uint16Array of bits, of the FP8 formats a Uint8Array, of i64 a BigInt64Array.
  const bits: Uint16Array = f16.card(0);
  const fp8: Uint8Array = e4m3.card(0);
  const big: BigInt64Array = i64.card(0);
  void [bits, fp8, big, bf16.card(1) satisfies Uint16Array];
  // Plain arrays of a class that holds several dtypes say which with `dtype`.
  topo.allReduce(halves, 'sum', { dtype: 'bf16' });
  topo.allReduce(bytes, 'max', { dtype: 'f8e5m2' });
  topo.allReduce(float16, 'sum');
  // @ts-expect-error not a dtype
  topo.allReduce(halves, 'sum', { dtype: 'fp16' });
  // recv follows the send buffers' element type: Uint16Array for f16 or bf16
  topo.allReduce(f16, 'sum', { recv: halves });
  topo.allReduce(bf16, 'sum', { recv: bf16 });
  // @ts-expect-error an FP8 recv for f16 buffers
  topo.allReduce(f16, 'sum', { recv: e4m3 });
  // @ts-expect-error a BigInt64Array recv for bf16 buffers
  topo.reduceScatter(bf16, 'sum', { recv: [new BigInt64Array(4)] });
  const gathered: Uint16Array = topo.allGather(halves, undefined, { dtype: 'f16' }).data;
  const dtypes: 'f16' | 'bf16' = null as unknown as DTypeOfArray<Uint16Array>;
  const byteTypes: 'u8' | 'f8e4m3' | 'f8e5m2' = null as unknown as DTypeOfArray<Uint8Array>;
  void [gathered, dtypes, byteTypes];
}
