// "Diff": two versions (files given to clause serve, or the text in the editor)
// compared by POST /api/diff: each changed article with the law's text of both
// versions side by side and its rule changes, then the wording changes, the witnesses
// and the population impact.

import { api } from './api.js';
import { t } from './i18n.js';
import { groupDigits } from './money.js';

const EDITOR = '\u0000editor';

// A difference with its sign: "5500.00" → "+5,500.00" (zero stays unsigned).
const signed = (amount) => (/^[1-9]|^0\.\d*[1-9]/.test(amount) ? `+${groupDigits(amount)}` : groupDigits(amount));

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function table(headers, rows, className) {
  const node = element('table', className);
  const head = node.createTHead().insertRow();
  for (const header of headers) head.append(element('th', '', header));
  const body = node.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const cell of cells) {
      const td = element('td');
      if (cell instanceof Node) td.append(cell); else td.textContent = cell;
      tr.append(td);
    }
  }
  return node;
}

export function createDiffPage(root, { getText, getSession, getVersionName }) {
  const oldSelect = root.querySelector('#diff-old');
  const newSelect = root.querySelector('#diff-new');
  const resultHost = root.querySelector('#diff-result');

  function fillSelects() {
    const session = getSession();
    const versions = session ? session.versions : [];
    for (const select of [oldSelect, newSelect]) {
      const chosen = select.value;
      select.replaceChildren();
      for (const version of versions) select.append(new Option(version.name, version.name));
      select.append(new Option(t('editor_text'), EDITOR));
      if (chosen) select.value = chosen;
    }
    if (!oldSelect.value || oldSelect.selectedIndex < 0) oldSelect.value = versions[0] ? versions[0].name : EDITOR;
    if (!newSelect.value || newSelect.selectedIndex < 0 || newSelect.value === oldSelect.value) {
      newSelect.value = versions[1] ? versions[1].name : EDITOR;
    }
  }

  const side = (value) => (value === EDITOR ? { text: getText(), name: getVersionName() || 'editor' } : { name: value });
  const label = (value) => (value === EDITOR ? t('editor_text') : value);

  // The law's text of every article of one side, from /api/check on its text.
  async function articlesOf(value) {
    const text = value === EDITOR ? getText() : (await api.policy(value)).text;
    const check = await api.check(text);
    return new Map((check.measures || []).map((m) => [m.article, m]));
  }

  // The law's text of one side; lines the other side does not have are marked.
  function quoteCell(measure, other) {
    const box = element('div', 'quote');
    const lines = measure && measure.quote ? measure.quote.split('\n') : ['—'];
    const otherLines = new Set(other && other.quote ? other.quote.split('\n') : []);
    for (const line of lines) box.append(element('div', otherLines.has(line) ? '' : 'quote-changed', line));
    return box;
  }

  function articleCard(article, oldArticles, newArticles, changes, population) {
    const card = element('section', 'article-card');
    card.dataset.article = article;
    const measure = newArticles.get(article) || oldArticles.get(article);
    card.append(element('h3', '', `${article} ${measure ? measure.title : ''}`));
    const sides = element('div', 'side-by-side');
    for (const [name, articles, others] of [['old', oldArticles, newArticles], ['new', newArticles, oldArticles]]) {
      const column = element('div', `side side-${name}`);
      column.append(element('h4', '', `${t(name)} · ${t('law_text')}`), quoteCell(articles.get(article), others.get(article)));
      sides.append(column);
    }
    card.append(sides);
    card.append(table([t('rule_changes'), t('old'), t('new')], changes.map((change) => [
      `${change.subject}${change.article ? '' : ` (${t('read_by', change.affects.join('、'))})`}`,
      `${change.old ?? '—'}${change.old_line ? `  · L${change.old_line}` : ''}`,
      `${change.new ?? '—'}${change.new_line ? `  · L${change.new_line}` : ''}`,
    ]), 'rule-table'));
    const budget = population && population.articles.find((a) => a.article === article);
    if (budget) {
      const line = element('p', 'card-budget');
      line.append(element('b', '', `${t('population_impact')}：`),
        `${groupDigits(budget.old)} → ${groupDigits(budget.new)} (${signed(budget.difference)})`);
      card.append(line);
    }
    return card;
  }

  function witnessesSection(witnesses) {
    const box = element('section', 'witnesses');
    box.append(element('h3', '', t('witnesses')));
    box.append(element('p', 'muted', t('witness_base', witnesses.base.join(', '), witnesses.candidates_tried)));
    const rows = witnesses.list.map((w) => [
      w.id,
      w.changes.join('; '),
      w.differences.map((d) => `${d.article === 'total' ? t('total') : d.article}: ${groupDigits(d.old)} → ${groupDigits(d.new)}`).join('\n'),
    ]);
    box.append(table(['', t('facts'), t('difference')], rows, 'witness-table'));
    return box;
  }

  function populationSection(population) {
    const box = element('section', 'population-impact');
    box.append(element('h3', '', `${t('population_impact')} · ${population.file.split(/[\\/]/).pop()}`));
    const rows = population.articles.map((a) => [a.article, groupDigits(a.old), groupDigits(a.new), signed(a.difference),
      `${a.recipients_old} → ${a.recipients_new}`]);
    rows.push([t('total'), groupDigits(population.total_old), groupDigits(population.total_new), signed(population.total_difference), '']);
    const impact = table([t('article'), t('old'), t('new'), t('difference'), t('recipients')], rows, 'impact-table');
    impact.querySelectorAll('tbody tr').forEach((tr, i) => {
      const article = population.articles[i];
      tr.dataset.article = article ? article.article : 'total';
      if (article && article.difference !== '0.00') tr.classList.add('changed');
    });
    box.append(impact);
    box.append(element('p', 'gain-lose', t('gain_lose', population.gainers, population.losers, population.unchanged)));
    const people = [...population.largest_gains, ...population.largest_losses].map((p) => [p.id, t('line_n', p.line),
      `${groupDigits(p.old)} → ${groupDigits(p.new)}`, signed(p.difference)]);
    if (people.length) box.append(table(['', '', `${t('largest_gains')} / ${t('largest_losses')}`, t('difference')], people, 'people-table'));
    return box;
  }

  async function compare() {
    const oldValue = oldSelect.value;
    const newValue = newSelect.value;
    resultHost.replaceChildren(element('p', 'muted', t('computing')));
    try {
      const [report, oldArticles, newArticles] = await Promise.all([
        api.diff(side(oldValue), side(newValue)), articlesOf(oldValue), articlesOf(newValue)]);
      const box = element('div', 'diff');
      box.append(element('p', 'diff-heading', `${label(oldValue)} → ${label(newValue)}`));
      box.append(element('p', 'diff-summary', t('diff_summary', report.rule_changes.length,
        report.changed_articles.join('、') || '—', report.wording_changes.length)));
      if (!report.rule_changes_found) box.append(element('p', 'muted', t('no_rule_changes')));
      const placed = new Set();
      for (const article of report.changed_articles) {
        const changes = report.rule_changes.filter((c) => c.article === article || (c.affects || []).includes(article));
        changes.forEach((c) => placed.add(c));
        box.append(articleCard(article, oldArticles, newArticles, changes, report.population));
      }
      const rest = report.rule_changes.filter((c) => !placed.has(c));
      if (rest.length) {
        box.append(table([t('rule_changes'), t('old'), t('new')], rest.map((c) => [c.subject, c.old ?? '—', c.new ?? '—']), 'rule-table'));
      }
      if (report.population) box.append(populationSection(report.population));
      if (report.witnesses) box.append(witnessesSection(report.witnesses));
      if (report.wording_changes.length) {
        const wording = element('section', 'wording');
        wording.append(element('h3', '', t('wording_changes')));
        wording.append(table(['', t('old'), t('new')], report.wording_changes.map((w) => [`${w.where}: ${w.what}`, w.old ?? '—', w.new ?? '—']), 'wording-table'));
        box.append(wording);
      }
      resultHost.replaceChildren(box);
    } catch (error) {
      const data = error.data || {};
      const text = data.old_errors !== undefined ? `${error.message} (${t('old')}: ${data.old_errors}, ${t('new')}: ${data.new_errors})` : error.message;
      resultHost.replaceChildren(element('p', 'error-text', t('request_failed', text)));
    }
  }

  root.querySelector('#diff-run').addEventListener('click', compare);
  return {
    shown() { fillSelects(); },
    sessionChanged() { fillSelects(); },
  };
}
