/** RFC 3339 in whole seconds, as the API server writes `metav1.Time`: `2026-11-25T20:00:00Z`. */
export function toRfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
