// The workbench: loads the session and the first version into the editor, checks the
// text as the officer types (debounced), shows the law of the article under the cursor,
// saves only when asked, and switches between the four pages.

import { api } from './api.js';
import { createEditor } from './editor.js';
import { createDiffPage } from './diff_page.js';
import { applyLabels, currentLanguage, setLanguage, t } from './i18n.js';
import { createTryPage } from './try_page.js';
import { createWhatifPage } from './whatif_page.js';

const $ = (selector) => document.querySelector(selector);
const state = { session: null, name: '', savedText: '', check: null, checkSequence: 0, savedErrors: 0 };
let checkTimer = null;

const editor = createEditor($('#editor'), {
  onChange() {
    showUnsaved();
    clearTimeout(checkTimer);
    document.body.dataset.checking = 'pending';
    checkTimer = setTimeout(check, 300);
  },
  onCursor: showLaw,
});

const context = {
  getText: () => editor.getText(),
  getCheck: () => state.check,
  getSession: () => state.session,
  getVersionName: () => state.name,
};
const pages = {
  edit: { shown() { editor.cm.refresh(); } },
  try: createTryPage($('#page-try'), context),
  whatif: createWhatifPage($('#page-whatif'), context),
  diff: createDiffPage($('#page-diff'), context),
};
let currentPage = 'edit';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showUnsaved() {
  const unsaved = editor.getText() !== state.savedText;
  $('#unsaved').hidden = !unsaved;
  document.body.dataset.unsaved = unsaved ? 'yes' : 'no';
  if (unsaved && state.saveStatus) {
    state.saveStatus = null;
    showSaveStatus();
  }
}

// The law's lines are wrapped where the policy file wraps them: Chinese prose reads on
// without a break; a line ending in Latin text keeps a space.
function joinQuote(quote) {
  return (quote || '').split('\n').reduce((text, line) =>
    (!text ? line : /[\u3000-\u9fff\uff00-\uffef]$/.test(text) || /^[\u3000-\u9fff\uff00-\uffef]/.test(line) ? text + line : `${text} ${line}`), '');
}

function showLaw(line) {
  const host = $('#law');
  const measures = (state.check && state.check.measures) || [];
  const measure = measures.find((m) => m.first_line <= line && line <= m.last_line);
  host.replaceChildren();
  if (measure) {
    const box = element('div', 'law-article');
    box.dataset.article = measure.article;
    box.append(element('h3', '', `${measure.article} ${measure.title}`),
      element('p', 'muted', t('lines', measure.first_line, measure.last_line)),
      element('blockquote', 'quote', joinQuote(measure.quote) || '—'));
    host.append(box);
    return;
  }
  host.append(element('p', 'muted', t('law_none')));
  const list = element('ul', 'article-links');
  for (const m of measures) {
    const link = element('button', 'link', `${m.article} ${m.title}`);
    link.type = 'button';
    link.addEventListener('click', () => editor.jumpTo(m.first_line));
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  host.append(list);
}

function showDiagnostics(check) {
  editor.setDiagnostics(check.diagnostics);
  const status = $('#check-status');
  status.textContent = t('counts', check.errors, check.warnings);
  status.className = `check-status ${check.errors ? 'has-errors' : check.warnings ? 'has-warnings' : 'clean'}`;
  const list = $('#diagnostic-list');
  list.replaceChildren();
  for (const d of check.diagnostics) {
    const item = element('li', `diag-${d.severity}`);
    const link = element('button', 'link', `${d.line}:${d.column} ${d.severity}[${d.code}] ${d.message}`);
    link.type = 'button';
    link.addEventListener('click', () => editor.jumpTo(d.line, d.column));
    item.append(link);
    list.append(item);
  }
  if (!check.diagnostics.length) list.append(element('li', 'muted', t('no_diagnostics')));
}

async function check() {
  const mine = ++state.checkSequence;
  document.body.dataset.checking = 'yes';
  try {
    const reply = await api.check(editor.getText(), state.name);
    if (mine !== state.checkSequence) return;
    state.check = reply;
    showDiagnostics(reply);
    showLaw(editor.cursorLine());
    for (const page of Object.values(pages)) if (page.policyChanged) page.policyChanged();
  } catch (error) {
    if (mine === state.checkSequence) $('#check-status').textContent = t('request_failed', error.message);
  } finally {
    if (mine === state.checkSequence) document.body.dataset.checking = 'no';
  }
}

async function openVersion(name) {
  const policy = await api.policy(name);
  state.name = policy.name;
  state.savedText = policy.text;
  editor.setText(policy.text);
  $('#version').value = policy.name;
  state.saveStatus = null;
  showSaveStatus();
  showUnsaved();
  await check();
}

function showSaveStatus() {
  const status = $('#save-status');
  const [key, value] = state.saveStatus || [];
  status.textContent = key ? t(key, value) : '';
  status.className = `save-status ${key === 'saved' ? 'clean' : 'has-errors'}`;
}

async function save() {
  const text = editor.getText();
  try {
    const reply = await api.save(state.name, text);
    state.savedText = text;
    state.savedErrors = reply.errors;
    showUnsaved();
    state.saveStatus = reply.errors ? ['saved_with_errors', reply.errors] : ['saved'];
    showSaveStatus();
    document.body.dataset.saved = reply.errors ? 'with-errors' : 'clean';
  } catch (error) {
    state.saveStatus = ['save_failed', error.message];
    showSaveStatus();
  }
}

function showPage(name) {
  currentPage = name;
  for (const button of document.querySelectorAll('.tabs button')) button.classList.toggle('active', button.dataset.tab === name);
  for (const page of document.querySelectorAll('.page')) page.classList.toggle('active', page.id === `page-${name}`);
  pages[name].shown();
}

async function start() {
  setLanguage(currentLanguage());
  state.session = await api.session();
  const picker = $('#version');
  for (const version of state.session.versions) picker.append(new Option(version.name, version.name));
  picker.addEventListener('change', async () => {
    if (editor.getText() !== state.savedText && !window.confirm(t('discard_changes'))) {
      picker.value = state.name;
      return;
    }
    await openVersion(picker.value);
  });
  for (const button of document.querySelectorAll('.tabs button')) button.addEventListener('click', () => showPage(button.dataset.tab));
  $('#save').addEventListener('click', save);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') { event.preventDefault(); save(); }
  });
  window.addEventListener('beforeunload', (event) => {
    if (editor.getText() !== state.savedText) event.preventDefault();
  });
  $('#language').addEventListener('click', () => {
    setLanguage(currentLanguage() === 'zh' ? 'en' : 'zh');
    if (state.check) showDiagnostics(state.check);
    showSaveStatus();
    showLaw(editor.cursorLine());
    for (const page of Object.values(pages)) if (page.languageChanged) page.languageChanged();
    pages[currentPage].shown();
  });
  if (state.session.versions.length) await openVersion(state.session.versions[0].name);
  document.body.dataset.ready = 'yes';
}

applyLabels(document);
start().catch((error) => {
  document.body.prepend(element('p', 'error-text fatal', t('request_failed', error.message)));
});
