// The workbench's words in Chinese (first) and English. Elements with data-i18n="key"
// get their text from here; code calls t('key', ...values) for {0}, {1} ... holes.

const words = {
  title: ['Clause 政策工作台', 'Clause workbench'],
  tab_edit: ['编辑', 'Edit'],
  tab_try: ['试算一家企业', 'Try one enterprise'],
  tab_whatif: ['假设分析', 'What-if'],
  tab_diff: ['版本比较', 'Diff'],
  version: ['版本', 'Version'],
  save: ['保存', 'Save'],
  unsaved: ['未保存', 'Unsaved'],
  saved: ['已保存', 'Saved'],
  saved_with_errors: ['已保存（含 {0} 个错误）', 'Saved with {0} error(s)'],
  save_failed: ['保存失败：{0}', 'Save failed: {0}'],
  counts: ['{0} 个错误，{1} 个警告', '{0} error(s), {1} warning(s)'],
  law_text: ['法规原文', 'The law'],
  law_none: ['光标不在任何条款内。点击下面的条款跳转：', 'The cursor is in no article. Click one to go there:'],
  lines: ['第 {0}–{1} 行', 'lines {0}–{1}'],
  diagnostics: ['检查结果', 'Diagnostics'],
  no_diagnostics: ['没有错误或警告。', 'No errors or warnings.'],
  line_col: ['第 {0} 行第 {1} 列', 'line {0}, column {1}'],
  discard_changes: ['编辑器中有未保存的修改，放弃并打开其他版本？', 'The editor has unsaved changes. Discard them and open another version?'],
  load_example: ['从 JSON 载入', 'Load from JSON'],
  load_example_hint: ['粘贴一家企业的事实（JSON，一行），如 policies/examples/ 中的示例：',
    'Paste one enterprise\'s facts (JSON, one line), e.g. a worked example from policies/examples/:'],
  load: ['载入', 'Load'],
  clear_form: ['清空', 'Clear'],
  bad_json: ['不是有效的 JSON：{0}', 'Not valid JSON: {0}'],
  facts: ['企业事实', 'Facts'],
  required: ['必填', 'required'],
  optional_none: ['（无）', '(none)'],
  add_row: ['＋ 添加一行', '+ Add a row'],
  remove_row: ['删除', 'Remove'],
  money_hint: ['如 5万、50000 或 1.2万元', 'e.g. 5万, 50000 or 1.2万元'],
  rate_hint: ['如 25%', 'e.g. 25%'],
  date_hint: ['如 2024-03-01', 'e.g. 2024-03-01'],
  not_date: ['不是日期：如 2024-03-01 或 2024年3月1日', 'Not a date: e.g. 2024-03-01'],
  not_money: ['不是金额：最多两位小数（元），可带 万/亿/元', 'Not an amount: at most two decimals (yuan), 万/亿/元 allowed'],
  not_rate: ['不是比例：如 25% 或 0.25', 'Not a rate: e.g. 25% or 0.25'],
  not_integer: ['不是整数', 'Not an integer'],
  not_number: ['不是数字', 'Not a number'],
  result: ['试算结果', 'Result'],
  total: ['合计', 'Total'],
  article: ['条款', 'Article'],
  measure: ['措施', 'Measure'],
  amount: ['金额（元）', 'Amount (yuan)'],
  why: ['依据', 'Why'],
  benefits: ['非资金扶持', 'Benefits'],
  none_granted: ['无', 'none'],
  facts_error: ['事实有误：{0}', 'The facts have a mistake: {0}'],
  policy_errors_n: ['政策有 {0} 个错误，请先在“编辑”中修正。', 'The policy has {0} error(s); fix them under Edit first.'],
  fill_form: ['填写左侧表单，结果随输入更新。', 'Fill in the form; the result follows the inputs.'],
  params: ['参数', 'Parameters'],
  param_value: ['政策值', 'In the policy'],
  reset: ['还原', 'Reset'],
  reset_all: ['全部还原', 'Reset all'],
  run: ['计算', 'Run'],
  computing: ['计算中…', 'Computing…'],
  population: ['企业名单', 'Population'],
  population_info: ['{0}：{1} 家企业年度，{2} 行输入有误', '{0}: {1} enterprise-years, {2} bad line(s)'],
  no_population: ['未载入企业名单：启动时加 --population 文件.jsonl。', 'No population loaded: start the server with --population FILE.jsonl.'],
  before: ['修改前', 'Before'],
  after: ['修改后', 'After'],
  difference: ['差额', 'Difference'],
  recipients: ['获补企业', 'Recipients'],
  budget: ['预算（元）', 'Budget (yuan)'],
  records_gain_lose: ['{0} 家企业年度：补助增加 {1} 家，减少 {2} 家，不变 {3} 家', '{0} enterprise-years: {1} gain, {2} lose, {3} unchanged'],
  gain_lose: ['增加 {0} 家，减少 {1} 家，不变 {2} 家', '{0} gain, {1} lose, {2} unchanged'],
  largest_gains: ['增加最多', 'Largest gains'],
  largest_losses: ['减少最多', 'Largest losses'],
  line_n: ['第 {0} 行', 'line {0}'],
  old_version: ['旧版本', 'Old version'],
  new_version: ['新版本', 'New version'],
  editor_text: ['编辑器中的文本', 'The text in the editor'],
  compare: ['比较', 'Compare'],
  rule_changes: ['规则变化', 'Rule changes'],
  no_rule_changes: ['没有规则变化：任何企业的结果都不变。', 'No rule changes: no result changes for any enterprise.'],
  wording_changes: ['措辞变化（不影响结果）', 'Wording changes (no effect on any result)'],
  read_by: ['被以下条款使用：{0}', 'read by {0}'],
  old: ['旧', 'Old'],
  new: ['新', 'New'],
  witnesses: ['示例企业：两版结果不同', 'Witnesses: enterprises the versions treat differently'],
  witness_base: ['基准企业：{0}；每个示例只改动所列事实（共试 {1} 个候选）',
    'Base enterprise: {0}; each witness changes only the facts shown ({1} candidates tried)'],
  population_impact: ['对企业名单的影响', 'Population impact'],
  diff_summary: ['{0} 处规则变化，影响 {1}；{2} 处措辞变化', '{0} rule change(s), affecting {1}; {2} wording change(s)'],
  request_failed: ['请求失败：{0}', 'Request failed: {0}'],
  lang_toggle: ['English', '中文'],
};

let language = localStorage.getItem('clause-language') === 'en' ? 'en' : 'zh';

export function currentLanguage() { return language; }

export function setLanguage(next) {
  language = next;
  localStorage.setItem('clause-language', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  applyLabels(document);
}

export function t(key, ...values) {
  const entry = words[key];
  if (!entry) return key;
  const text = entry[language === 'zh' ? 0 : 1];
  return text.replace(/\{(\d)\}/g, (_, i) => String(values[Number(i)]));
}

export function applyLabels(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}
