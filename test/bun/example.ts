// bun run example.ts        (in a project that ran `npm install spanker-scheduler`)
import { Topology } from 'spanker-scheduler';

// 4 fully meshed cards with hgx-h100 links: a ring AllGather of 1 MiB per card.
const topo = await Topology.mock(4, { preset: 'hgx-h100' });
const send = topo.alloc('f32', 1 << 18);
const recv = topo.alloc('f32', 4 << 18);
for (let c = 0; c < topo.nSails; c++) send.card(c).fill(c);
const report = topo.allGather(send, recv, { algorithm: 'ring' });
console.log(`${report.algorithm} on ${report.kernels} kernels: ${(report.seconds * 1e6).toFixed(3)} µs on the links, ` +
  `busbw ${report.busBw.toFixed(1)} GB/s, card 0 holds block 3 = ${recv.card(0)[3 << 18]}`);
send.free();
recv.free();
