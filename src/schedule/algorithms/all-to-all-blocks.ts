/** Block (s, d) of the AllToAll working buffer (working-buffer.ts): the data card s sends to card d. */
export function allToAllBlock(s: number, d: number, p: number, count: number): [number, number] {
  const first = (s * p + d) * count;
  return [first, first + count];
}
