// "Try one enterprise": the facts form, and the result per article with its why
// (POST /api/evaluate on the text in the editor), updated as the inputs change.

import { api } from './api.js';
import { parse, stringify } from './exact_json.js';
import { buildFactsForm } from './facts_form.js';
import { currentLanguage, t } from './i18n.js';
import { groupDigits, isZeroAmount } from './money.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function createTryPage(root, { getText, getCheck }) {
  const formHost = root.querySelector('#facts-form');
  const resultHost = root.querySelector('#try-result');
  const jsonBox = root.querySelector('#facts-json');
  let form = null;
  let shape = '';
  let timer = null;
  let sequence = 0;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 300);
  }

  // Rebuilds the form only when the declarations change, keeping what was typed.
  function refreshForm() {
    const check = getCheck();
    // A text that does not parse declares no facts: keep the form as it was.
    if (!check || !check.facts || (check.facts.length === 0 && check.errors > 0)) return;
    const next = JSON.stringify(check.facts);
    if (next === shape) return;
    const previous = form ? form.read().facts : null;
    shape = next;
    form = buildFactsForm(formHost, check.facts, schedule);
    if (previous) form.write(previous);
  }

  function showMessage(text, className = 'muted') {
    resultHost.replaceChildren(element('p', className, text));
  }

  function titleOf(article) {
    const measure = (getCheck()?.measures || []).find((m) => m.article === article);
    return measure ? measure.title : '';
  }

  function showResult(result) {
    const box = element('div', 'result');
    const total = element('div', 'result-total');
    total.append(element('span', '', t('total')), element('strong', 'amount', groupDigits(result.total)));
    total.dataset.total = result.total;
    box.append(total);
    const table = element('table', 'result-table');
    const head = table.createTHead().insertRow();
    for (const key of ['article', 'measure', 'amount', 'why']) head.append(element('th', '', t(key)));
    const body = table.createTBody();
    for (const measure of result.measures || []) {
      const tr = body.insertRow();
      tr.dataset.article = measure.article;
      tr.className = isZeroAmount(measure.amount) ? 'unpaid' : 'paid';
      tr.append(element('td', 'article', measure.article), element('td', '', titleOf(measure.article)));
      const amount = element('td', 'amount', groupDigits(measure.amount));
      amount.dataset.amount = measure.amount;
      tr.append(amount);
      const why = element('td', 'why');
      const list = element('ul');
      for (const step of measure.why || []) list.append(element('li', '', step));
      why.append(list);
      tr.append(why);
    }
    box.append(table);
    const benefits = element('p', 'benefits');
    const names = (result.benefits || []).map((b) => (typeof b === 'string' ? b : `${b.article || ''} ${b.name || b.gives || ''}`.trim()));
    benefits.append(element('b', '', `${t('benefits')}：`), names.length ? names.join('，') : t('none_granted'));
    box.append(benefits);
    resultHost.replaceChildren(box);
  }

  async function evaluate() {
    if (!form) return;
    const { facts, errors } = form.read();
    jsonBox.value = stringify(facts);
    if (errors.length) { showMessage(t('facts_error', errors.join('; ')), 'error-text'); return; }
    const mine = ++sequence;
    try {
      const reply = await api.evaluate(getText(), facts, currentLanguage());
      if (mine !== sequence) return;
      if (reply.facts_error) showMessage(t('facts_error', reply.facts_error), 'error-text');
      else if (reply.evaluation_error) showMessage(reply.evaluation_error, 'error-text');
      else showResult(reply.result);
    } catch (error) {
      if (mine !== sequence) return;
      if (error.data && error.data.policy_errors !== undefined) showMessage(t('policy_errors_n', error.data.policy_errors), 'error-text');
      else showMessage(t('request_failed', error.message), 'error-text');
    }
  }

  root.querySelector('#load-json').addEventListener('click', () => {
    try {
      const facts = parse(jsonBox.value);
      if (!form) refreshForm();
      form.write(facts);
      evaluate();
    } catch (error) {
      showMessage(t('bad_json', error.message), 'error-text');
    }
  });
  root.querySelector('#clear-form').addEventListener('click', () => {
    if (!form) return;
    form.write({});
    evaluate();
  });

  return {
    shown() {
      refreshForm();
      if (form) evaluate(); else showMessage(t('fill_form'));
    },
    policyChanged() { refreshForm(); },
    languageChanged() { shape = ''; },
  };
}
