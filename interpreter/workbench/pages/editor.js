// The policy editor: CodeMirror 5 (vendored from Debian's libjs-codemirror) with the
// Clause highlighting, and the checker's diagnostics shown under the lines they point
// at: the code, the message, and a caret under the columns.

import { defineClauseMode } from './clause_mode.js';
import { t } from './i18n.js';

const CodeMirror = window.CodeMirror;
defineClauseMode(CodeMirror);

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

// The checker counts columns in characters (code points); CodeMirror in UTF-16 units.
function toUnits(lineText, column) {
  let units = 0;
  let characters = 1;
  for (const ch of lineText) {
    if (characters >= column) break;
    units += ch.length;
    characters += 1;
  }
  return units;
}

export function createEditor(host, { onChange, onCursor }) {
  const cm = CodeMirror(host, {
    mode: 'clause',
    lineNumbers: true,
    lineWrapping: false,
    indentUnit: 2,
    tabSize: 2,
    extraKeys: { Tab: (editor) => editor.replaceSelection('  ') },
  });
  let shown = [];
  let quiet = false;

  cm.on('changes', () => { if (!quiet) onChange(cm.getValue()); });
  cm.on('cursorActivity', () => onCursor(cm.getCursor().line + 1));

  function clearDiagnostics() {
    for (const item of shown) item.clear();
    shown = [];
  }

  function widgetFor(diagnostic, lineIndex) {
    const lineText = cm.getLine(lineIndex) || '';
    const from = toUnits(lineText, diagnostic.column || 1);
    const sameLine = !diagnostic.end_line || diagnostic.end_line === diagnostic.line;
    const to = sameLine && diagnostic.end_column > diagnostic.column
      ? toUnits(lineText, diagnostic.end_column) : Math.max(from + 1, lineText.length);
    const node = document.createElement('div');
    node.className = `diag diag-${diagnostic.severity}`;
    node.dataset.line = String(diagnostic.line);
    node.dataset.code = diagnostic.code || '';
    const caret = document.createElement('div');
    caret.className = 'diag-caret';
    const left = cm.charCoords({ line: lineIndex, ch: from }, 'local').left;
    const right = cm.charCoords({ line: lineIndex, ch: Math.min(to, lineText.length) }, 'local').left;
    caret.style.marginLeft = `${left}px`;
    caret.style.width = `${Math.max(8, right - left)}px`;
    const message = document.createElement('div');
    message.className = 'diag-message';
    const code = document.createElement('b');
    code.textContent = `${diagnostic.severity}[${diagnostic.code}]`;
    const where = document.createElement('span');
    where.className = 'diag-where';
    where.textContent = t('line_col', diagnostic.line, diagnostic.column);
    message.append(code, ' ', diagnostic.message, ' ', where);
    if (diagnostic.rendered) message.title = diagnostic.rendered;
    node.append(caret, message);
    for (const note of diagnostic.notes || []) node.append(element('div', 'diag-note-line', `= ${note.message}`));
    return { node, from, to };
  }

  return {
    cm,
    getText: () => cm.getValue(),
    setText(text) {
      quiet = true;
      cm.setValue(text);
      cm.clearHistory();
      quiet = false;
    },
    cursorLine: () => cm.getCursor().line + 1,
    jumpTo(line, column = 1) {
      const index = Math.max(0, Math.min(cm.lineCount() - 1, line - 1));
      cm.focus();
      cm.setCursor({ line: index, ch: toUnits(cm.getLine(index), column) });
      cm.scrollIntoView({ line: index, ch: 0 }, 120);
    },
    setDiagnostics(diagnostics) {
      cm.operation(() => {
        clearDiagnostics();
        for (const diagnostic of diagnostics) {
          const lineIndex = diagnostic.line - 1;
          if (lineIndex < 0 || lineIndex >= cm.lineCount()) continue;
          const { node, from, to } = widgetFor(diagnostic, lineIndex);
          shown.push(cm.addLineWidget(lineIndex, node, { coverGutter: false, noHScroll: true }));
          const mark = cm.markText({ line: lineIndex, ch: from }, { line: lineIndex, ch: Math.max(to, from + 1) },
            { className: `mark-${diagnostic.severity}` });
          shown.push(mark);
          const lineClass = `line-${diagnostic.severity}`;
          cm.addLineClass(lineIndex, 'background', lineClass);
          shown.push({ clear: () => cm.removeLineClass(lineIndex, 'background', lineClass) });
        }
      });
    },
  };
}
