// The element-type part of `npm run bench`: in-place allReduce sum on
// CardBuffers of every dtype, side by side with f32 sum, at the same bytes per
// card (4 MiB; 1 MiB with --quick), so the ratio of times is the ratio of
// per-byte throughputs. Target: f16 and bf16 at ≥ 0.8× f32 per byte.
import { DTYPES, Topology, floatToBits } from '../dist/index.js';
import { median, medianRatio, timeSideBySide } from './timing.mjs';

const NARROW = new Set(['f16', 'bf16', 'f8e4m3', 'f8e5m2']);
const SIZE = { f32: 4, f64: 8, i32: 4, f16: 2, bf16: 2, f8e4m3: 1, f8e5m2: 1, i8: 1, u8: 1, u32: 4, i64: 8, u64: 8 };

/** Small integers of both signs (as bits for the narrow floats), card by card. */
function fill(cards, dtype) {
  for (let c = 0; c < cards.nCards; c++) {
    const card = cards.card(c);
    for (let i = 0; i < card.length; i++) {
      const v = ((i + c) % 7) - 3;
      card[i] = NARROW.has(dtype) ? floatToBits(dtype, v) : dtype === 'i64' || dtype === 'u64' ? BigInt.asUintN(64, BigInt(v)) : v;
    }
  }
}

/** Time every dtype's sum against f32's, in the same rounds. */
export async function measureDtypes({ quick, cards, rounds, targetSeconds }) {
  const bytesPerCard = (quick ? 1 : 4) * 2 ** 20;
  const topo = await Topology.mock(cards);
  const buffers = Object.fromEntries(DTYPES.map((dtype) => {
    const b = topo.alloc(dtype, bytesPerCard / SIZE[dtype]);
    fill(b, dtype);
    return [dtype, b];
  }));
  const variants = Object.fromEntries(DTYPES.map((dtype) => [dtype, () => topo.allReduce(buffers[dtype], 'sum', { timeline: false })]));
  const { seconds } = timeSideBySide(variants, { rounds, targetSeconds });
  const rows = DTYPES.map((dtype) => ({
    dtype, us: median(seconds[dtype]) * 1e6,
    gbPerSecond: (cards * bytesPerCard) / median(seconds[dtype]) / 1e9,
    vsF32: medianRatio(seconds, 'f32', dtype),
  }));
  for (const b of Object.values(buffers)) b.free();
  process.stderr.write('measured every dtype\'s sum\n');
  return { rows, bytesPerCard, cards, kernels: topo.kernels };
}

export function dtypeSection({ rows, bytesPerCard, cards, kernels }, rounds) {
  const verdict = (r) => (r.dtype === 'f16' || r.dtype === 'bf16' ? (r.vsF32 >= 0.8 ? ' met' : ' **not met**') : '');
  const lines = [];
  lines.push('## Element types: sum per byte vs f32');
  lines.push('');
  lines.push(`In-place allReduce sum on ${cards} cards of CardBuffers, ${bytesPerCard / 2 ** 20} MiB per card for every dtype (${kernels} kernels), median over ${rounds} rounds; "vs f32" is f32's time / the dtype's time at the same bytes, i.e. its per-byte throughput relative to f32's (target ≥ 0.8× for f16 and bf16). GB/s counts the input bytes of all cards.`);
  lines.push('');
  lines.push('| dtype | µs per call | input GB/s | vs f32 per byte |');
  lines.push('|---|---|---|---|');
  for (const r of rows) lines.push(`| ${r.dtype} | ${r.us.toFixed(1)} | ${r.gbPerSecond.toFixed(2)} | ${r.vsF32.toFixed(2)}×${verdict(r)} |`);
  lines.push('');
  lines.push('What limits the narrow floats: instructions. f32 sum is one f32x4.add per 16 bytes and card, so at these sizes it streams at cache or memory speed. wasm SIMD has no half-precision arithmetic (the FP16 proposal is not in V8 of Node 20/22), so every step of a narrow float is emulated in f32 lanes: bf16 widens (one unpack) and rounds to nearest-even with integer operations (five), about seven instructions per four elements and card; f16 widens with bit surgery on eight codes at once and an exponent-moving multiply (about six per four elements) and rounds with an f32 magic-number addition plus clamps, overflow and sign (about ten) — some seventeen per four elements; the FP8 formats do the same work for a quarter of the bytes of f32. Rounding once per step is the documented semantics (README, Numerics), so the work cannot be skipped. The integer types run their native lanes (i8/u8 prod widens to 16 bits) at f32\'s speed.');
  lines.push('');
  return lines;
}
