/** The `--help` text of spanker-perf. */
import { PRESETS } from '../network/presets.js';

export const USAGE = `usage: spanker-perf [collective] [flags]

Runs a collective over simulated Spanker cards, as nccl-tests' *_perf tools do:
for every size, the real wasm run is timed on this machine (host) and checked
element by element (#wrong), and the same collective is priced on the modelled
links (sim, algbw, busbw). Exit status is non-zero if any element is wrong.

collective: all_reduce (default), all_gather, reduce_scatter, broadcast, reduce, alltoall

nccl-tests flags:
  -b, --minbytes SIZE       smallest size (default 8). SIZE takes K, M, G (×1024): -b 1K
  -e, --maxbytes SIZE       largest size (default 64M): -e 128M
  -f, --stepfactor F        multiply the size by F each step (default 2): -f 4
  -i, --stepbytes SIZE      add SIZE each step instead of multiplying: -i 1M
  -g, --ngpus N             number of cards (default 4): -g 8
  -o, --op OP               sum (default), prod, max, min, avg: -o max
  -d, --datatype TYPE       float (default), double, int32: -d double
  -r, --root N              root card of broadcast and reduce (default 0): -r 2
  -n, --iters N             timed iterations per size (default 20): -n 50
  -w, --warmup_iters N      untimed iterations first (default 1): -w 5
  -c, --check 0|1           check every element of the result (default 1): -c 0
  -J, --output_file FILE    also write the results as JSON: -J results.json

spanker-perf flags:
  --topology T              ring (default), ring:bidirectional, mesh, torus:RxC, switch,
                            or a JSON topology file: --topology torus:2x4
  --link L                  a preset (${Object.keys(PRESETS).join(', ')};
                            default spanker-rev-a) or BANDWIDTH:LATENCY: --link 1.25G:500ns
  --algorithm A             auto (default: the fastest predicted) or a name: --algorithm ring
  --trace FILE              write the largest size's timeline as a Perfetto/Chrome trace:
                            --trace allreduce.json (open it in ui.perfetto.dev)
  --analytic                timing only, no data and no host time: for card counts far
                            past memory: --analytic -g 4096 -e 1G
  -h, --help                this text

Sizes are nccl-tests' S: one card's buffer, or the whole array for all_gather and
reduce_scatter, or all of one card's sends for alltoall; those three need sizes that
split evenly over the cards (a sweep rounds each size down to such a multiple).

example: spanker-perf all_reduce -b 8 -e 128M -f 2 -g 4
`;
