// Type-level tests, checked by `npm run typecheck` (tsc), never executed: each
// `@ts-expect-error` line must be a compile error, or tsc fails ("unused
// '@ts-expect-error' directive"). The lines without it must compile.
import { Topology, preMulSum, type AlgorithmChoice, type CardBuffers } from '../src/index.js';

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
