/** `1 line`, `2 lines`, `1,038 accounts`: a count with its noun in the right number, for messages. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : many}`;
}
