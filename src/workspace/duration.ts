/**
 * A duration in words for the case trail (server) and the time-to-acknowledge column (browser):
 * 42 → "42 s", 90 → "1 min 30 s", 7260 → "2 h 1 min", 90000 → "1 d 1 h". No server imports.
 */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}
