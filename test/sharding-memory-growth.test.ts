// Kernel memory grows while sharding (growth detaches every view over the old
// memory): weights and inputs that are themselves views into kernel memory
// must still be read whole. Its own file: a fresh kernel runtime whose
// memory surely grows on the next large allocation.
import { describe, expect, it } from 'vitest';
import { ModelParallel, TensorParallel, Topology } from '../src/index.js';
import { referenceMatmul } from './matmul-reference.js';
import { mismatches } from './reference.js';

describe('sharding across memory growth', () => {
  it('weights given as a view into kernel memory are copied whole, even when placing them grows the memory', async () => {
    const topo = await Topology.mock(1);
    const tp = new TensorParallel(topo);
    const n = 512, k = 4096; // 8 MiB of f32
    const data = Float32Array.from({ length: n * k }, (_, i) => (i % 251) - 125);
    const first = tp.shardColumns({ format: 'f32', n, k, data });
    const view = first.cardWeights(0) as Float32Array;
    const before = topo.kernelRuntime.memory.buffer;
    const second = tp.shardRows({ format: 'f32', n, k, data: view });
    expect(topo.kernelRuntime.memory.buffer).not.toBe(before); // it did grow
    expect([...(second.cardWeights(0) as Float32Array).subarray(n * k - 5)]).toEqual([...data.subarray(n * k - 5)]);
    expect((second.cardWeights(0) as Float32Array).every((v, i) => v === data[i])).toBe(true);

    // splitActivations from a view into kernel memory (8 MiB → 8 MiB more on the one card).
    const grownAgain = topo.kernelRuntime.memory.buffer;
    const split = tp.splitActivations(first.cardWeights(0) as Float32Array, second);
    expect(topo.kernelRuntime.memory.buffer).not.toBe(grownAgain);
    expect(split.card(0).every((v, i) => v === data[i])).toBe(true);
    [split, first, second].forEach((b) => b.free());
  });

  it('a pipeline input given as a view into kernel memory is read whole, even when the pass grows the memory', async () => {
    const topo = await Topology.mock(2);
    const mp = new ModelParallel(topo);
    const m = 262144, width = 8; // 8 MiB of input; the pass allocates two such buffers per card
    const w = Float32Array.from({ length: width * width }, (_, i) => ((i * 7) % 13) - 6);
    const staged = mp.placeLayers([{ format: 'f32', n: width, k: width, data: w }, { format: 'f32', n: width, k: width, data: w }]);
    const source = topo.alloc('f32', m * width);
    const input = source.card(0);
    for (let i = 0; i < input.length; i++) input[i] = (i % 17) - 8;
    const expected = referenceMatmul(referenceMatmul(input.slice(), w, m, width, width), w, m, width, width);
    const before = topo.kernelRuntime.memory.buffer;
    const { output } = mp.forward(input, staged);
    expect(topo.kernelRuntime.memory.buffer).not.toBe(before); // it did grow
    expect(mismatches('f32', output, expected)).toEqual([]);
    [source, staged].forEach((b) => b.free());
  });
});
