// The form for one enterprise-year, built from the policy's fact declarations
// (the "facts" of POST /api/check): a typed input per fact, records as groups, lists
// as rows with add/remove. read() gives the facts object for POST /api/evaluate,
// write() fills the form from one (a pasted worked example).

import { ExactNumber } from './exact_json.js';
import { t } from './i18n.js';
import { groupDigits, toDate, toRate, toYuan } from './money.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The declaration of a list's items: `element` names their type; a list of records
// carries the record's `fields`, a list of enums the enum's `members`.
function listElement(decl) {
  return { name: '', label: '', type: decl.element || 'text', fields: decl.fields, members: decl.members, required: true };
}

// A field the officer may leave empty: it has a default, or its type is `T?`.
const isOptional = (decl) => decl.optional === true || decl.required === false;

// A scalar input: text-like types share one shape; the parse gives {value} or {error}.
function scalarField(decl, path, onChange) {
  const type = decl.type;
  let input;
  if (type === 'bool') {
    input = element('input');
    input.type = 'checkbox';
    if (decl.default === 'true') input.checked = true;
  } else if (type === 'enum') {
    input = element('select');
    input.append(new Option(isOptional(decl) ? t('optional_none') : '—', ''));
    for (const member of decl.members || []) {
      input.append(new Option(member.label ? `${member.label}（${member.name}）` : member.name, member.name));
    }
  } else {
    input = element('input');
    input.type = 'text';
    if (type === 'money') input.placeholder = t('money_hint');
    if (type === 'date') input.placeholder = t('date_hint');
    if (type === 'rate') input.placeholder = t('rate_hint');
    if (type === 'integer' || type === 'number') input.inputMode = 'decimal';
  }
  input.dataset.fact = path;
  input.id = `fact-${path}`;
  input.className = `fact-input fact-${type}`;
  const note = element('span', 'fact-note');

  function parse() {
    if (type === 'bool') return { value: input.checked };
    const text = input.value.trim();
    if (text === '') return type === 'text' && !isOptional(decl) ? { value: '' } : { absent: true };
    switch (type) {
      case 'money': {
        const yuan = toYuan(text);
        return yuan === null ? { error: t('not_money') } : { value: yuan };
      }
      case 'rate': {
        const rate = toRate(text);
        return rate === null ? { error: t('not_rate') } : { value: rate };
      }
      case 'date': {
        const date = toDate(text);
        return date === null ? { error: t('not_date') } : { value: date };
      }
      case 'integer':
        return /^-?\d+$/.test(text) ? { value: new ExactNumber(text) } : { error: t('not_integer') };
      case 'number':
        return /^-?\d+(\.\d+)?$/.test(text) ? { value: new ExactNumber(text) } : { error: t('not_number') };
      default:
        return { value: text };
    }
  }

  function showNote() {
    const parsed = parse();
    note.classList.toggle('fact-error', Boolean(parsed.error));
    if (parsed.error) note.textContent = parsed.error;
    else if (type === 'money' && parsed.value !== undefined && parsed.value !== input.value.trim()) {
      note.textContent = `= ${groupDigits(parsed.value)} 元`;
    } else if (type === 'date' && parsed.value !== undefined && parsed.value !== input.value.trim()) {
      note.textContent = `= ${parsed.value}`;
    } else note.textContent = '';
  }

  input.addEventListener(type === 'bool' || type === 'enum' ? 'change' : 'input', () => { showNote(); onChange(); });
  const node = element('span', 'fact-control');
  node.append(input, note);
  return {
    node,
    inputId: input.id,
    read: parse,
    write(value) {
      if (type === 'bool') input.checked = value === true;
      else input.value = value === null || value === undefined ? '' : String(value);
      showNote();
    },
  };
}

function recordField(decl, path, onChange) {
  const node = element('div', 'fact-record');
  const children = (decl.fields || []).map((field) => {
    const child = buildField(field, `${path}.${field.name}`, onChange);
    node.append(row(field, child));
    return [field, child];
  });
  return {
    node,
    read() {
      const value = {};
      const errors = [];
      for (const [field, child] of children) {
        const parsed = child.read();
        if (parsed.error) errors.push(`${field.name}: ${parsed.error}`);
        else if (!parsed.absent) value[field.name] = parsed.value;
      }
      if (errors.length) return { error: errors.join('; ') };
      if (Object.keys(value).length === 0 && isOptional(decl)) return { absent: true };
      return { value };
    },
    write(value) {
      for (const [field, child] of children) child.write(value ? value[field.name] : undefined);
    },
  };
}

function listField(decl, path, onChange) {
  const node = element('div', 'fact-list');
  const rows = element('div', 'fact-list-rows');
  const add = element('button', 'add-row', t('add_row'));
  add.type = 'button';
  add.dataset.addRow = path;
  node.append(rows, add);
  const items = [];
  const elementDecl = listElement(decl);

  function renumber() {
    items.forEach((item, index) => {
      item.box.querySelector('.row-number').textContent = `#${index + 1}`;
    });
  }

  function addRow(value) {
    const index = items.length;
    const box = element('div', 'fact-list-row');
    const head = element('div', 'row-head');
    const remove = element('button', 'remove-row', t('remove_row'));
    remove.type = 'button';
    head.append(element('span', 'row-number', `#${index + 1}`), remove);
    const child = buildField({ ...elementDecl, name: String(index) }, `${path}.${index}`, onChange);
    box.append(head, child.node);
    rows.append(box);
    const item = { box, child };
    items.push(item);
    remove.addEventListener('click', () => {
      items.splice(items.indexOf(item), 1);
      box.remove();
      renumber();
      onChange();
    });
    if (value !== undefined) child.write(value);
    return item;
  }

  add.addEventListener('click', () => { addRow(); onChange(); });
  return {
    node,
    read() {
      const value = [];
      const errors = [];
      items.forEach((item, index) => {
        const parsed = item.child.read();
        if (parsed.error) errors.push(`#${index + 1} ${parsed.error}`);
        else if (!parsed.absent) value.push(parsed.value);
      });
      if (errors.length) return { error: errors.join('; ') };
      if (value.length === 0 && isOptional(decl)) return { absent: true };
      return { value };
    },
    write(value) {
      items.splice(0).forEach((item) => item.box.remove());
      for (const entry of Array.isArray(value) ? value : []) addRow(entry);
    },
  };
}

function buildField(decl, path, onChange) {
  if (decl.type === 'list') return listField(decl, path, onChange);
  if (decl.type === 'record') return recordField(decl, path, onChange);
  return scalarField(decl, path, onChange);
}

function row(decl, field) {
  const box = element('div', `fact-row fact-row-${decl.type}`);
  const label = element('label', 'fact-label');
  label.append(element('span', 'fact-title', decl.label || decl.name), element('code', 'fact-name', decl.name));
  if (!isOptional(decl) && decl.type !== 'bool') label.append(element('span', 'fact-required', t('required')));
  if (field.inputId) label.htmlFor = field.inputId;
  box.append(label, field.node);
  return box;
}

// Builds the form into `host`; onChange is called on every edit.
export function buildFactsForm(host, declarations, onChange) {
  host.replaceChildren();
  const fields = declarations.map((decl) => {
    const field = buildField(decl, decl.name, onChange);
    host.append(row(decl, field));
    return [decl, field];
  });
  return {
    read() {
      const facts = {};
      const errors = [];
      for (const [decl, field] of fields) {
        const parsed = field.read();
        if (parsed.error) errors.push(`${decl.name}: ${parsed.error}`);
        else if (!parsed.absent) facts[decl.name] = parsed.value;
      }
      return { facts, errors };
    },
    write(facts) {
      for (const [decl, field] of fields) field.write(facts[decl.name]);
    },
  };
}
