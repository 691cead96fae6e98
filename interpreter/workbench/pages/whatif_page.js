// "What-if": every parameter of the policy as an input (a slider where a range makes
// sense), and the budget over the loaded population before and after (POST /api/whatif):
// per article, as a table and a chart, with the largest gains and losses.

import { api } from './api.js';
import { budgetChart } from './chart.js';
import { currentLanguage, t } from './i18n.js';
import { groupDigits, isZeroAmount, withUnit } from './money.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The slider of a parameter: rates over 0–100%, money over 0–2× the policy's value.
// A slider is a screen position: its value becomes the text shown in the box
// (whole yuan or half percents), and that text, not a number, is what is sent.
function sliderFor(param) {
  if (param.type === 'rate') {
    const percent = Number(String(param.value_exact).replace('%', ''));
    if (!Number.isFinite(percent)) return null;
    return { min: 0, max: Math.max(100, percent), step: 0.5, value: percent, text: (v) => `${v}%` };
  }
  if (param.type === 'money') {
    const yuan = Number(param.value_exact);
    if (!(yuan > 0)) return null;
    const rough = (2 * yuan) / 100;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
    return {
      min: 0, max: 2 * yuan, step, value: yuan,
      text: (v) => (v % 10000 === 0 ? `${v / 10000}万` : `${v}元`),
    };
  }
  return null;
}

export function createWhatifPage(root, { getText, getCheck, getSession }) {
  const paramsHost = root.querySelector('#params');
  const resultHost = root.querySelector('#whatif-result');
  const populationLine = root.querySelector('#population-line');
  let inputs = [];
  let shape = '';
  let timer = null;
  let sequence = 0;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 400);
  }

  function settings() {
    const set = {};
    for (const { param, input } of inputs) {
      const value = withUnit(param.type, input.value);
      if (value !== '' && value !== param.value) set[param.name] = value;
    }
    return set;
  }

  function buildParams(params) {
    paramsHost.replaceChildren();
    inputs = params.map((param) => {
      const row = element('div', 'param-row');
      row.dataset.param = param.name;
      const label = element('label', 'param-label');
      label.append(element('span', 'param-title', param.label || param.name), element('code', 'fact-name', param.name));
      const original = element('span', 'param-original', `${t('param_value')} ${param.value}`);
      const input = element('input', 'param-input');
      input.type = 'text';
      input.value = param.value;
      input.dataset.param = param.name;
      input.id = `param-${param.name}`;
      label.htmlFor = input.id;
      const reset = element('button', 'param-reset', t('reset'));
      reset.type = 'button';
      const slider = sliderFor(param);
      let range = null;
      if (slider) {
        range = element('input', 'param-slider');
        Object.assign(range, { type: 'range', min: slider.min, max: slider.max, step: slider.step });
        range.value = slider.value;
        range.dataset.param = param.name;
        range.setAttribute('aria-label', param.label || param.name);
        range.addEventListener('input', () => {
          input.value = slider.text(Number(range.value));
          mark();
          schedule();
        });
      }
      const mark = () => row.classList.toggle('changed', withUnit(param.type, input.value) !== param.value);
      input.addEventListener('input', () => { mark(); schedule(); });
      reset.addEventListener('click', () => {
        input.value = param.value;
        if (range) range.value = slider.value;
        mark();
        schedule();
      });
      const controls = element('div', 'param-controls');
      if (range) controls.append(range);
      controls.append(input, reset);
      row.append(label, original, controls);
      paramsHost.append(row);
      return { param, input, range, slider, mark };
    });
  }

  function refreshParams() {
    const check = getCheck();
    if (!check || !check.params || (check.params.length === 0 && check.errors > 0)) return;
    const next = JSON.stringify(check.params);
    if (next === shape) return;
    // What the officer changed stays; the rest follows the policy's new values.
    const kept = Object.fromEntries(inputs.filter(({ param, input }) => input.value !== param.value)
      .map(({ param, input }) => [param.name, input.value]));
    shape = next;
    buildParams(check.params);
    for (const item of inputs) {
      if (kept[item.param.name] !== undefined) {
        item.input.value = kept[item.param.name];
        if (item.range && item.slider) item.range.value = String(item.input.value).replace(/%$/, '');
      }
      item.mark();
    }
  }

  function showPopulation() {
    const session = getSession();
    const population = session && session.population;
    populationLine.textContent = population
      ? t('population_info', population.name, population.records, population.bad_lines)
      : t('no_population');
    return Boolean(population);
  }

  function peopleList(title, list, className) {
    const box = element('div', `people ${className}`);
    box.append(element('h4', '', title));
    const ol = element('ol');
    for (const person of list || []) {
      const li = element('li');
      li.dataset.id = person.id;
      li.append(element('b', '', person.id || '—'), ` (${t('line_n', person.line)}) `,
        `${groupDigits(person.before)} → ${groupDigits(person.after)} `, element('span', 'difference', `(${groupDigits(person.difference)})`));
      ol.append(li);
    }
    box.append(ol.children.length ? ol : element('p', 'muted', t('none_granted')));
    return box;
  }

  function showImpact(reply) {
    const impact = reply.impact;
    const box = element('div', 'whatif');
    const changes = element('p', 'settings');
    for (const setting of reply.scenario?.settings || []) {
      changes.append(element('code', 'setting', `${setting.name}: ${setting.before} → ${setting.after}`), ' ');
    }
    box.append(changes);
    const table = element('table', 'impact-table');
    const head = table.createTHead().insertRow();
    for (const key of ['article', 'measure', 'before', 'after', 'difference', 'recipients']) head.append(element('th', '', t(key)));
    const body = table.createTBody();
    const addRow = (label, title, row, className) => {
      const tr = body.insertRow();
      tr.dataset.article = label;
      if (className) tr.className = className;
      tr.append(element('td', 'article', label), element('td', '', title));
      for (const key of ['before', 'after', 'difference']) {
        const td = element('td', `amount ${key}`, groupDigits(row[key]));
        td.dataset[key] = row[key];
        if (key === 'difference') td.classList.add(row.difference.startsWith('-') ? 'negative' : isZeroAmount(row.difference) ? 'zero' : 'positive');
        tr.append(td);
      }
      tr.append(element('td', 'count', `${row.recipients_before} → ${row.recipients_after}`));
    };
    for (const article of impact.articles) addRow(article.article, article.title, article);
    addRow(t('total'), '', impact.total, 'total-row');
    box.append(element('p', 'gain-lose', t('records_gain_lose', impact.records, impact.gainers, impact.losers, impact.unchanged)));
    box.append(table);
    const below = element('div', 'whatif-below');
    const chartBox = element('div', 'chart-box');
    chartBox.append(element('h4', '', t('budget')),
      budgetChart(impact.articles.filter((a) => !isZeroAmount(a.before) || !isZeroAmount(a.after))
        .map((a) => ({ label: a.article, before: a.before, after: a.after })), { before: t('before'), after: t('after') }));
    const people = element('div', 'people-lists');
    people.append(peopleList(t('largest_gains'), impact.largest_gains, 'gains'), peopleList(t('largest_losses'), impact.largest_losses, 'losses'));
    below.append(chartBox, people);
    box.append(below);
    resultHost.replaceChildren(box);
  }

  async function run() {
    if (!showPopulation()) { resultHost.replaceChildren(); return; }
    const mine = ++sequence;
    resultHost.classList.add('busy');
    try {
      const reply = await api.whatif(getText(), settings());
      if (mine !== sequence) return;
      showImpact(reply);
    } catch (error) {
      if (mine !== sequence) return;
      const text = error.data && error.data.policy_errors !== undefined
        ? t('policy_errors_n', error.data.policy_errors) : t('request_failed', error.message);
      resultHost.replaceChildren(element('p', 'error-text', text));
    } finally {
      if (mine === sequence) resultHost.classList.remove('busy');
    }
  }

  root.querySelector('#whatif-run').addEventListener('click', run);
  root.querySelector('#whatif-reset').addEventListener('click', () => {
    for (const item of inputs) {
      item.input.value = item.param.value;
      if (item.range) item.range.value = item.slider.value;
      item.mark();
    }
    run();
  });

  return {
    shown() { refreshParams(); run(); },
    policyChanged() { refreshParams(); },
    languageChanged() { shape = ''; },
  };
}
