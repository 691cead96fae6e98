// A bar chart in inline SVG: per article, the budget before and after, side by side.
// Numbers are parsed only to size the bars; every label shows the exact text.

import { groupDigits } from './money.js';

const ns = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const node = document.createElementNS(ns, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// rows: [{label, before, after}] with exact decimal texts; names: {before, after}.
export function budgetChart(rows, names) {
  const labelWidth = 70;
  const valueWidth = 110;
  const barArea = 300;
  const barHeight = 10;
  const rowHeight = 2 * barHeight + 8;
  const top = 26;
  const width = labelWidth + barArea + valueWidth;
  const height = top + rows.length * rowHeight + 4;
  // Bar lengths are pixels, so Number is right here; the labels print the amounts' own text.
  const max = Math.max(1, ...rows.flatMap((r) => [Number(r.before), Number(r.after)]));
  const chart = svg('svg', { class: 'budget-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  chart.append(svg('rect', { x: labelWidth, y: 6, width: 12, height: 10, class: 'bar-before' }),
    svg('text', { x: labelWidth + 16, y: 15, class: 'legend' }, names.before),
    svg('rect', { x: labelWidth + 110, y: 6, width: 12, height: 10, class: 'bar-after' }),
    svg('text', { x: labelWidth + 126, y: 15, class: 'legend' }, names.after));
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const group = svg('g', { 'data-article': row.label });
    group.append(svg('text', { x: labelWidth - 8, y: y + barHeight + 4, class: 'bar-label', 'text-anchor': 'end' }, row.label));
    [['before', 0], ['after', barHeight + 2]].forEach(([key, offset]) => {
      const value = Number(row[key]);
      const barWidth = Math.max(value > 0 ? 1 : 0, (value / max) * barArea);
      group.append(svg('rect', { x: labelWidth, y: y + offset, width: barWidth, height: barHeight, class: `bar-${key}` }),
        svg('text', { x: labelWidth + barWidth + 4, y: y + offset + barHeight - 2, class: 'bar-value' }, groupDigits(row[key])));
    });
    chart.append(group);
  });
  return chart;
}
