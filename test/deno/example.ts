// deno run -A example.ts           (real cards: Deno opens /dev only with --allow-all)
// deno run --allow-read=DIR --allow-write=DIR example.ts DIR   (fake nodes in DIR)
import { SpankerError, Topology } from 'spanker-scheduler';

// Simulated cards work in Deno as in Node: real data through the wasm kernels.
const topo = await Topology.ring(4, { bidirectional: true });
const cards = topo.alloc('f32', 1024);
for (let c = 0; c < topo.nSails; c++) cards.card(c).fill(c + 1);
const report = topo.allReduce(cards, 'sum');
console.log(`${report.algorithm}: card 3 holds ${cards.card(3)[0]}, ${(report.seconds * 1e6).toFixed(3)} µs on the links`);
cards.free();

// Real cards: Deno needs read and write permission on the device root.
try {
  const sails = await Topology.enumerate({ devRoot: Deno.args[0] ?? '/dev' });
  try {
    console.log(`${sails.nSails} Sails: ${sails.devices.map((d) => d.path).join(', ')}`);
    sails.allReduce([new Float32Array(4), new Float32Array(4)], 'sum'); // not on real cards yet
  } finally {
    sails.close();
  }
} catch (error) {
  if (!(error instanceof SpankerError)) throw error;
  console.log(`${error.code}: ${error.message}`);
}
