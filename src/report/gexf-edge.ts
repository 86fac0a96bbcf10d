/**
 * graph.gexf's edge element, written by gexf.ts (from Edge objects) and by edge-columns.ts (from
 * columns, beside edges.csv's row): one template, so the two writers cannot drift apart. Apart from
 * gexf.ts because edge-columns.ts cannot import it (gexf.ts → edges-csv.ts → edge-columns.ts).
 */

/**
 * Edge `i`'s element. `source`, `target`: ids already XML-escaped; `weight`, `coActions`, `qValue`:
 * the numbers as text (`qValue` '' when the edge has none).
 */
export function gexfEdge(
  i: number,
  source: string,
  target: string,
  behaviour: string,
  weight: string,
  coActions: string,
  qValue: string,
): string {
  const q = qValue === '' ? '' : `<attvalue for="q_value" value="${qValue}"/>`;
  return `      <edge id="e${i}" source="${source}" target="${target}" kind="${behaviour}" weight="${weight}"><attvalues><attvalue for="behaviour" value="${behaviour}"/><attvalue for="co_actions" value="${coActions}"/>${q}</attvalues></edge>\n`;
}
