// Syntax highlighting of .clause files in CodeMirror: the same token classes as the
// VS Code grammar (editors/vscode/syntaxes/clause.tmLanguage.json): quoted law lines,
// comments, declaration words with their article label, strings, dates, numbers with
// their unit (30万, 10%), article labels, built-in functions, keywords, constants, types.

const numeral = '[一二三四五六七八九十百零〇]+';
const articleLabel = new RegExp(`^${numeral}[(（]${numeral}[)）]`);
const declarationLabel = new RegExp(`^${numeral}(?:[(（]${numeral}[)）])?`);
const nameStart = /[A-Za-z_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const nameRest = /[A-Za-z0-9_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

const words = new Map();
const add = (style, list) => list.split(' ').forEach((w) => words.set(w, style));
add('keyword decl', 'policy enum record facts param table let measure benefit stacking scenario');
add('keyword', 'document issued valid evaluation_year rounding language by gives against as total cap ' +
  'cumulative paid limit allocate order when amount project for each where keep highest stacks on expect from to ' +
  'list of brackets tiers hit otherwise set if then else');
add('operator-word', 'and or not in is');
add('atom', 'true false none inf half_up half_even down up unique first zh en');
add('type', 'money rate number integer bool date text');
const functions = new Set('sum count min max any all filter year in_force abs'.split(' '));

function token(stream, state) {
  if (stream.sol()) {
    state.afterDeclaration = false;
    state.previousWord = '';
    if (stream.match(/^\s*>/)) { stream.skipToEnd(); return 'quote'; }
  }
  if (stream.eatSpace()) return null;
  if (state.afterDeclaration) {
    state.afterDeclaration = false;
    if (stream.match(declarationLabel)) return 'article';
  }
  if (stream.peek() === '#') { stream.skipToEnd(); return 'comment'; }
  if (stream.peek() === '"') {
    stream.next();
    let escaped = false;
    let ch;
    while ((ch = stream.next()) != null) {
      if (ch === '"' && !escaped) break;
      escaped = !escaped && ch === '\\';
    }
    return 'string';
  }
  if (stream.match(/^\d{4}-\d{2}-\d{2}\b/)) return 'date';
  if (stream.match(/^\d(?:_?\d)*(?:\.\d(?:_?\d)*)?/)) {
    if (stream.match(/^(万元|亿元|万|亿|元|%)/)) return 'number unit';
    return 'number';
  }
  if (stream.match(articleLabel)) return 'article';
  if (nameStart.test(stream.peek())) {
    let word = stream.next();
    while (stream.peek() && nameRest.test(stream.peek())) word += stream.next();
    if (functions.has(word) && stream.peek() === '(') return 'builtin';
    const style = words.get(word);
    state.afterDeclaration = ['measure', 'benefit', 'stacking'].includes(word) ||
      (word === 'cap' && state.previousWord === 'total');
    state.previousWord = word;
    return style || 'variable';
  }
  if (stream.match(/^(->|==|!=|<=|>=|[-+*/<>=×—–])/)) return 'operator';
  stream.next();
  return null;
}

export function defineClauseMode(CodeMirror) {
  CodeMirror.defineMode('clause', () => ({
    startState: () => ({ afterDeclaration: false, previousWord: '' }),
    copyState: (s) => ({ ...s }),
    token,
    lineComment: '#',
  }));
}
