/**
 * "Did you mean …?" for a misspelt name: the accepted name nearest to what
 * was typed, when it is near enough to be a likely typo.
 *
 * Distance is Damerau–Levenshtein (optimal string alignment: insert, delete,
 * substitute, or swap two adjacent characters, each costing 1), compared case
 * insensitively. "Near enough" is at most 1 edit for names of up to 4
 * characters and at most 2 beyond, which catches `algoritm`, `bandwith`,
 * `pipline` and `rign` without suggesting `ring` for `bruck`.
 */

function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** The accepted name nearest to `given` if it is a likely typo of it, else undefined. */
export function closestName(given: string, accepted: readonly string[]): string | undefined {
  const typed = given.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of accepted) {
    const distance = editDistance(typed, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  const allowed = typed.length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

/** `"; did you mean 'algorithm'?"` or `""`, to append to a message about `given`. */
export function didYouMean(given: string, accepted: readonly string[]): string {
  const name = closestName(given, accepted);
  return name === undefined ? '' : `; did you mean '${name}'?`;
}
