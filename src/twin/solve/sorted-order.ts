// Visiting order for time lists that callers may pass unsorted (the common sorted case is free).

/** null when `times` is already non-decreasing; otherwise indices in stable ascending time order. */
export function sortedOrder(times: ArrayLike<number>): Int32Array | null {
  let sorted = true;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return null;
  const order = Int32Array.from({ length: times.length }, (_, i) => i);
  // Ties broken by index, so the order is stable whatever the engine's sort.
  return order.sort((a, b) => times[a]! - times[b]! || a - b);
}
