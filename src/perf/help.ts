/** The `--help` text of spanker-perf. */
import { MAX_CHANNELS, MAX_PIPELINE } from '../collectives/options.js';
import { DTYPES } from '../dtype.js';
import { PRESETS } from '../network/presets.js';
import { REDUCE_OPS } from '../reduce-op.js';
import { typeLabel } from './args.js';
import { FAULT_GRAMMAR } from './fault-arg.js';
import { INAPPLICABLE_FLAGS } from './nccl-flags.js';

export const USAGE = `usage: spanker-perf [collective] [flags]

Runs a collective over simulated Spanker cards, as nccl-tests' *_perf tools do:
for every size, the real wasm run is timed on this machine (host) and checked
element by element (#wrong), and the same collective is priced on the modelled
links (sim, algbw, busbw; the method column says whether the event simulation
or a closed form priced it). Exit status is non-zero if any element is wrong.

collective: all_reduce (default), all_gather, reduce_scatter, broadcast, reduce, alltoall
            (nccl-tests' binary names work too: all_reduce_perf, ./build/all_gather_perf)

nccl-tests flags (a short flag's value may be attached: -b1K -g8):
  -b, --minbytes SIZE       smallest size (default 8). SIZE takes K, M, G (×1024): -b 1K
  -e, --maxbytes SIZE       largest size (default 64M): -e 128M
  -f, --stepfactor F        multiply the size by F each step (default 2); -f 1 steps by -i: -f 4
  -i, --stepbytes SIZE      add SIZE each step when there is no factor (default 1M): -i 1M
  -g, --ngpus N             number of cards (default 4): -g 8
  -o, --op OP               ${REDUCE_OPS.join(', ')} (default sum), or all to run each: -o all
  -d, --datatype TYPE       ${DTYPES.map(typeLabel).join(', ')} (default float), or all to run each: -d double
  -r, --root N              root card of broadcast and reduce (default 0), or all: -r 2
  -n, --iters N             timed iterations per size (default 20): -n 50
  -w, --warmup_iters N      untimed iterations first (default 1): -w 5
  -c, --check N             check every element of the result (default 1; 0: no check): -c 0
  -J, --output_file FILE    also write the results as JSON: -J results.json
  ${INAPPLICABLE_FLAGS.map((f) => f.short).join(' ')}
                            accepted, each with a # line saying why it does not apply to
                            simulated cards: -G 1

spanker-perf flags:
  --topology T              ring (default), ring:bidirectional, mesh, torus:RxC, switch,
                            or a JSON topology file: --topology torus:2x4
  --link L                  a preset (${Object.keys(PRESETS).join(', ')};
                            default spanker-rev-a) or BANDWIDTH:LATENCY: --link 1.25G:500ns
  --algorithm A             auto (default: the fastest predicted) or a name: --algorithm ring
  --pipeline N              cut each message of the pipelined algorithms (ring, chain, trees,
                            hierarchical) into N sub-chunks, 1..${MAX_PIPELINE}; default: auto
                            chooses per size (the pipe column): --pipeline 8
  --channels K              run ring-type algorithms as K rings sharing the data (NCCL's
                            channels), 1..${MAX_CHANNELS}; default: auto (the ch column): --channels 2
  --trace FILE              write the largest size's timeline as a Perfetto/Chrome trace:
                            --trace allreduce.json (open it in ui.perfetto.dev)
  --analytic                timing only, no data and no host time: for card counts far
                            past memory: --analytic -g 4096 -e 1G
  --fault F                 links and cards that fail during every run (the data results
                            are unchanged; sim, +fault and resent show the cost):
                            ${FAULT_GRAMMAR}
                            --fault 2-3@50%   link 2→3 Down at half of each size's run
                            --fault card:5@10us,2-3@1ms+200us,0-1@0%x0.75
  --on-fault reroute|abort  a fault that stops a message: resend and reroute (default),
                            or fail the run (LINK_DOWN, exit 1): --on-fault abort
  --sim-timeout TIME        fail a run that takes longer than TIME of simulated time
                            (TIMEOUT, exit 1): --sim-timeout 5ms
  --narrow, --wide          the compact table (the default on a terminal under 120
                            columns) or nccl-tests' full row (the default otherwise): --narrow
  -h, --help                this text

Sizes are nccl-tests' S: one card's buffer, or the whole array for all_gather and
reduce_scatter, or all of one card's sends for alltoall; those three need sizes that
split evenly over the cards (a sweep rounds each size down to such a multiple; a size
that rounds to 0 gives a 0-byte row, as in nccl-tests, left out of the average).
-J and --trace files are checked (and created) before the sweep starts. The table is
printed when the sweep ends, so every column fits its numbers; a progress bar shows on
a terminal meanwhile.

example: spanker-perf all_reduce -b 8 -e 128M -f 2 -g 4
`;
