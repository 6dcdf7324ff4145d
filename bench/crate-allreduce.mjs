// The original Rust crate's AllReduce algorithm, written in plain JS as a user
// without this library would: card-outer, element-inner accumulation starting
// from card 0, then a copy of the result to every card. Float32Array stores
// round each f64 sum back to f32, so results equal f32 arithmetic.

/** In-place sum AllReduce over one Float32Array per card. */
export function crateAllReduceSum(cards) {
  const length = cards[0].length;
  const acc = new Float32Array(length);
  acc.set(cards[0]);
  for (let c = 1; c < cards.length; c++) {
    const card = cards[c];
    for (let i = 0; i < length; i++) acc[i] += card[i];
  }
  for (const card of cards) card.set(acc);
}
