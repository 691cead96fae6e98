// End-to-end test of the workbench: the real `clause serve` driven in Debian's headless
// Chromium through playwright-core. It builds nothing: give it the clause executable.
//
//   node tests/workbench/browser/workbench_e2e.mjs --clause build/clause \
//        [--source .] [--screenshots DIR] [--chromium /usr/bin/chromium]
//
// The server runs on temporary copies of the Luojiang policy (never on policies/): the
// policy as it is, and a draft with cloud_high_rate 20% → 25%. The steps: (1) type a
// policy error and see it under its line; (2) fill the form with the contract's worked
// example EX-12 and see its amounts; (3) move cloud_high_rate to 30% and see the budget
// change; (4) diff the two versions; (5) save, atomically, and the unsaved mark goes.
// Screenshots of every page, in Chinese and in English, go to --screenshots
// (docs/images/workbench/ holds the ones the docs show).
//
// Exit status: 0 all passed, 1 a check failed, 77 skipped (no Chromium or no
// playwright-core, outside CI only: with CI set, a missing browser is a failure).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { source: path.resolve(here, '../../..'), chromium: process.env.CHROMIUM || '/usr/bin/chromium', screenshots: '' };
for (let i = 2; i < process.argv.length; i += 2) options[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!options.clause) { console.error('usage: workbench_e2e.mjs --clause PATH [--source DIR] [--screenshots DIR] [--chromium PATH]'); process.exit(2); }

function skip(reason) {
  if (process.env.CI) { console.error(`FAIL: ${reason} (CI installs it: scripts/install-deps.sh --browser)`); process.exit(1); }
  console.log(`SKIP: ${reason}; install it with scripts/install-deps.sh --browser`);
  process.exit(77);
}
if (!fs.existsSync(options.chromium)) skip(`Chromium not found at ${options.chromium}`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip(`playwright-core is not installed in ${here}/node_modules`);
}

// ---- Checks and their report ----
let passed = 0;
let failed = 0;
function check(condition, what, detail = '') {
  if (condition) { passed += 1; console.log(`ok      ${what}`); }
  else { failed += 1; console.log(`FAILED  ${what}${detail ? `\n        ${detail}` : ''}`); }
}
const shown = (value) => { const text = JSON.stringify(value); return text && text.length > 200 ? `${text.slice(0, 200)}…` : text; };
function equal(actual, expected, what) {
  check(actual === expected, what, `expected ${shown(expected)}, got ${shown(actual)}`);
}

// ---- The policies on a temporary copy ----
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-workbench-'));
const policyText = fs.readFileSync(path.join(options.source, 'policies/luojiang-2023.clause'), 'utf8');
const policyPath = path.join(work, 'luojiang-2023.clause');
const draftPath = path.join(work, 'luojiang-2023-draft.clause');
fs.writeFileSync(policyPath, policyText);
const draftText = policyText.replace('param cloud_high_rate = 20%', 'param cloud_high_rate = 25%')
  .replace('区级财政再给予 20% 叠加补助', '区级财政再给予 25% 叠加补助');
if (draftText === policyText) throw new Error('the draft could not be made: cloud_high_rate not found');
fs.writeFileSync(draftPath, draftText);
const population = path.join(options.source, 'policies/examples/luojiang-2023-examples.jsonl');
const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

// The contract's worked example EX-12 (shared/spec/examples, line 12): a total capped by
// the fiscal contribution. Its facts are typed into the form as an officer would.
const example = { id: 'EX-12', total: '70000.00', measures: { '一(一)': '40000.00', '一(二)': '12000.00', '二(三)': '18000.00', '一(三)': '0.00' } };
const sharedExpected = path.join(options.source, '../shared/spec/examples/expected.jsonl');
if (fs.existsSync(sharedExpected)) {
  const line = JSON.parse(fs.readFileSync(sharedExpected, 'utf8').split('\n')[11]);
  equal(line.id, example.id, 'the contract\'s line 12 is EX-12');
  equal(line.total, example.total, 'EX-12\'s total is the contract\'s');
  for (const [article, amount] of Object.entries(example.measures)) equal(line.measures[article], amount, `EX-12 ${article} is the contract's`);
}

// ---- The server ----
const server = spawn(options.clause, ['serve', policyPath, draftPath, '--population', population, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
// However the test ends, the server ends with it.
process.on('exit', () => {
  server.kill();
  fs.rmSync(work, { recursive: true, force: true });
});
let serverOutput = '';
const address = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`clause serve printed no address in 15 s:\n${serverOutput}`)), 15000);
  const read = (chunk) => {
    serverOutput += chunk;
    const match = /https?:\/\/[^\s/]+/.exec(serverOutput);
    if (match) { clearTimeout(timer); resolve(`${match[0]}/`); }
  };
  server.stdout.on('data', read);
  server.stderr.on('data', read);
  server.on('exit', (code) => reject(new Error(`clause serve exited (${code}):\n${serverOutput}`)));
});
console.log(`server at ${address}`);

const browser = await chromium.launch({ executablePath: options.chromium, args: ['--no-sandbox', '--lang=zh-CN'] });
const watchdog = setTimeout(() => { console.error('FAIL: the test took over 180 s'); finish(1); }, 180000);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, locale: 'zh-CN' });
page.setDefaultTimeout(15000);
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(error.message));
page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });

async function finish(code) {
  clearTimeout(watchdog);
  await browser.close().catch(() => {});
  process.exit(code);
}

async function screenshot(name) {
  if (!options.screenshots) return;
  fs.mkdirSync(options.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(options.screenshots, `${name}.png`) });
}

const text = (selector) => page.locator(selector).first().textContent();
const attribute = (selector, name) => page.locator(selector).first().getAttribute(name);
const settled = () => page.waitForSelector('body[data-checking=no]');
const centre = (line) => page.evaluate((index) => {
  const cm = document.querySelector('.CodeMirror').CodeMirror;
  cm.scrollTo(null, cm.heightAtLine(index, 'local') - cm.getScrollInfo().clientHeight / 3);
}, line - 1);
const editorCall = (method, ...args) => page.evaluate(([m, a]) => document.querySelector('.CodeMirror').CodeMirror[m](...a), [method, args]);

async function step(name, body) {
  console.log(`# ${name}`);
  try { await body(); } catch (error) { check(false, `${name}: ${error.message.split('\n')[0]}`); }
}

async function openTab(name) {
  await page.click(`.tabs button[data-tab=${name}]`);
  await page.waitForSelector(`#page-${name}.active`);
}

await page.goto(address);
await page.waitForSelector('body[data-ready=yes]');
await settled();

// (1) A policy error typed into the editor appears under its line, as the officer types.
await step('edit: a typed error shows under its line', async () => {
  equal(await page.locator('#version').inputValue(), 'luojiang-2023.clause', 'the first version is open');
  check(await page.locator('#unsaved').isHidden(), 'nothing unsaved after opening');
  const line = lineOf(policyText, 'amount invested * info_rate');
  const lineText = policyText.split('\n')[line - 1];
  await editorCall('focus');
  await editorCall('setCursor', { line: line - 1, ch: lineText.length });
  await page.keyboard.press('Backspace'); // info_rate → info_rat
  const diagnostic = page.locator('.CodeMirror-linewidget .diag[data-code=E0101]');
  await diagnostic.waitFor();
  await settled();
  check((await diagnostic.textContent()).includes("unknown name 'info_rat'"), 'the message names info_rat');
  const underLine = await diagnostic.evaluate((node) => node.closest('.CodeMirror-linewidget').parentElement.querySelector('.CodeMirror-linenumber').textContent);
  equal(underLine, String(line), 'the diagnostic sits under the line of the error');
  const column = lineText.indexOf('info_rate');
  const caret = await page.locator('.diag[data-code=E0101] .diag-caret').boundingBox();
  const start = await editorCall('charCoords', { line: line - 1, ch: column }, 'window');
  check(Math.abs(caret.x - start.left) < 2, 'the caret starts under info_rat', `caret at ${caret.x}, text at ${start.left}`);
  check(await page.locator('#unsaved').isVisible(), 'the unsaved mark shows');
  equal(await attribute('#law .law-article', 'data-article'), '一(一)', 'the law beside the editor is the article under the cursor');
  check((await text('#law .quote')).includes('单家企业年度补助最高不超过 30 万元'), 'the law\'s text is shown');
  check((await text('#check-status')).includes('1'), 'the header counts the error');
  await centre(line);
  await screenshot('edit');
  await page.keyboard.type('e');
  await page.locator('.diag[data-code=E0101]').waitFor({ state: 'detached' });
  check(await page.locator('#unsaved').isHidden(), 'typing the error away leaves nothing unsaved');
});

// (2) The form, filled with EX-12 as an officer types it (万 amounts included).
await step('try: the worked example EX-12', async () => {
  await openTab('try');
  const fill = (fact, value) => page.locator(`[data-fact="${fact}"]`).fill(value);
  await fill('id', 'EX-12');
  await fill('year', '2024');
  await page.locator('[data-fact="industrial"]').check();
  await fill('fiscal_contribution', '7万');
  equal((await text('[data-fact="fiscal_contribution"] + .fact-note')).trim(), '= 70,000 元', '7万 is read as 70000 yuan');
  await page.click('[data-add-row="info_systems"]');
  await fill('info_systems.0.system', 'WMS');
  await fill('info_systems.0.software_amount', '40万');
  await fill('info_systems.0.contract_date', '2024年1月5日');
  await fill('info_systems.0.invoice_date', '2024-01-20');
  await fill('cloud_fee', '60000');
  await page.click('[data-add-row="recognitions"]');
  await page.locator('[data-fact="recognitions.0.kind"]').selectOption('new_model_benchmark');
  await page.locator('[data-fact="recognitions.0.level"]').selectOption('provincial');
  await fill('recognitions.0.date', '2024-03-01');
  await page.waitForSelector(`.result-total[data-total="${example.total}"]`);
  equal(await attribute('.result-total', 'data-total'), example.total, 'EX-12 total');
  for (const [article, amount] of Object.entries(example.measures)) {
    equal(await attribute(`.result-table tr[data-article="${article}"] td.amount`, 'data-amount'), amount, `EX-12 ${article}`);
  }
  check((await text('.result-table tr[data-article="二(三)"] .why')).includes('70000.00'), 'the why of 二(三) names the cap of 70000.00');
  const facts = JSON.parse(await page.locator('#facts-json').inputValue());
  equal(facts.fiscal_contribution, '70000', 'the facts sent carry 70000 as an exact string');
  equal(facts.info_systems[0].contract_date, '2024-01-05', '2024年1月5日 is sent as 2024-01-05');
  check((await page.locator('#facts-json').inputValue()).includes('"year":2024'), 'the year is sent as the number typed');
  // Numbers keep every written digit through the page, both ways: no binary double in between.
  const written = '{"a":0.10000000000000000001,"b":[123456789012345678.90,-0],"c":"1.5"}';
  const roundTrip = await page.evaluate(async (text) => {
    const exact = await import('/pages/exact_json.js');
    return exact.stringify(exact.parse(text));
  }, written);
  equal(roundTrip, written, 'a pasted line keeps every digit of its numbers');
  await page.evaluate(() => { document.activeElement.blur(); document.querySelector('.form-pane').scrollTop = 0; });
  await screenshot('try');
  // Changing an input updates the result: the fiscal contribution no longer binds.
  await fill('fiscal_contribution', '100万');
  await page.waitForSelector('.result-total[data-total="102000.00"]');
  check(true, 'a larger fiscal contribution lifts the cap: total 102000.00');
  // A worked example loaded from its line of JSON: EX-05, at the bracket bound, 就高.
  const examples = fs.readFileSync(population, 'utf8').split('\n');
  await page.click('.json-loader summary');
  await page.locator('#facts-json').fill(examples[4]);
  await page.click('#load-json');
  await page.waitForSelector('.result-total[data-total="25000.00"]');
  equal(await page.locator('[data-fact="cloud_fee"]').inputValue(), '50000', 'EX-05 loaded from JSON fills the form');
  equal(await page.locator('.fact-list-row').count(), 0, 'EX-05\'s empty lists leave no rows');
  await page.locator('#facts-json').fill(examples[11]);
  await page.click('#load-json');
  await page.waitForSelector('.result-total[data-total="70000.00"]');
  equal(await page.locator('[data-fact="recognitions.0.kind"]').inputValue(), 'new_model_benchmark', 'EX-12 loaded from JSON fills its list rows');
  await page.click('.json-loader summary');
});

// (3) A parameter moved on its slider changes the budget over the population.
await step('what-if: cloud_high_rate to 30%', async () => {
  await openTab('whatif');
  await page.waitForSelector('.impact-table tr.total-row');
  equal(await attribute('.impact-table tr.total-row td.before', 'data-before'), '1025000.00', 'the budget as written');
  await page.locator('input.param-slider[data-param="cloud_high_rate"]').fill('30');
  equal(await page.locator('input.param-input[data-param="cloud_high_rate"]').inputValue(), '30%', 'the slider writes 30%');
  await page.waitForSelector('.impact-table tr.total-row td.after[data-after="1030000.00"]');
  const row = '.impact-table tr[data-article="一(二)"]';
  equal(await attribute(`${row} td.before`, 'data-before'), '107000.00', '一(二) before');
  equal(await attribute(`${row} td.after`, 'data-after'), '118000.00', '一(二) after');
  equal(await attribute(`${row} td.difference`, 'data-difference'), '+11000.00', '一(二) difference');
  equal(await attribute('.impact-table tr[data-article="二(三)"] td.after', 'data-after'), '12000.00', '二(三) gives way under the total cap');
  equal(await attribute('.impact-table tr.total-row td.difference', 'data-difference'), '+5000.00', 'the total difference');
  check((await text('.gains')).includes('EX-06'), 'EX-06 is among the gainers');
  check(await page.locator('svg.budget-chart g[data-article="一(二)"] rect').count() === 2, 'the chart has a before and an after bar for 一(二)');
  await screenshot('whatif');
});

// (4) The two versions compared: the changed article, its law side by side, the impact.
await step('diff: the policy against its draft', async () => {
  await openTab('diff');
  await page.locator('#diff-old').selectOption('luojiang-2023.clause');
  await page.locator('#diff-new').selectOption('luojiang-2023-draft.clause');
  await page.click('#diff-run');
  const card = page.locator('.article-card[data-article="一(二)"]');
  await card.waitFor();
  equal(await page.locator('.article-card').count(), 1, 'one article changed');
  check((await card.locator('.rule-table').textContent()).includes('cloud_high_rate'), 'the rule change names cloud_high_rate');
  check((await card.locator('.side-old .quote-changed').textContent()).includes('20% 叠加补助'), 'the old law\'s changed line is marked');
  check((await card.locator('.side-new .quote-changed').textContent()).includes('25% 叠加补助'), 'the new law\'s changed line is marked');
  check((await text('.witnesses')).includes('W1'), 'witnesses are shown');
  const impact = '.population-impact tr[data-article="一(二)"] td';
  equal((await page.locator(impact).nth(3).textContent()).trim(), '+5,500.00', 'the population impact on 一(二)');
  await screenshot('diff');
  check((await page.locator('#diff-new option').allTextContents()).includes('编辑器中的文本'), 'the text in the editor can be compared');
});

// (5) Save: explicit, atomic (a new file renamed over the old), and the mark goes.
await step('save', async () => {
  await openTab('edit');
  const line = lineOf(policyText, 'param cloud_cap = 6万');
  await editorCall('focus');
  await editorCall('setCursor', { line: line - 1, ch: 'param cloud_cap = '.length + 1 });
  await page.keyboard.press('Backspace');
  await page.keyboard.type('7');
  await settled();
  check(await page.locator('#unsaved').isVisible(), 'the unsaved mark shows before saving');
  equal(fs.readFileSync(policyPath, 'utf8'), policyText, 'nothing is written before Save');
  const before = fs.statSync(policyPath).ino;
  await page.click('#save');
  await page.waitForSelector('body[data-saved]');
  const saved = fs.readFileSync(policyPath, 'utf8');
  check(saved === policyText.replace('param cloud_cap = 6万', 'param cloud_cap = 7万'), 'the file holds the edited text');
  check(fs.statSync(policyPath).ino !== before, 'the file was replaced by a rename, not rewritten in place');
  equal(fs.readdirSync(work).sort().join(' '), 'luojiang-2023-draft.clause luojiang-2023.clause', 'no temporary file is left beside it');
  check(await page.locator('#unsaved').isHidden(), 'the unsaved mark is gone');
  // A policy with an error is saved too, and marked: 7x万 is no amount.
  await editorCall('focus');
  await page.keyboard.type('x');
  await page.click('#save');
  await page.waitForSelector('body[data-saved=with-errors]');
  check((await text('#save-status')).includes('1'), 'saved with its error, and marked so');
  check(fs.readFileSync(policyPath, 'utf8').includes('param cloud_cap = 7x万'), 'the file holds the text with the error');
  // Back to the policy as it was, saved clean.
  await editorCall('focus');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('6');
  await page.click('#save');
  await page.waitForSelector('body[data-saved=clean]');
  check(fs.readFileSync(policyPath, 'utf8') === policyText, 'saved back to the policy as it was');
});

// The English labels, and the same pages again for the English guide.
await step('English', async () => {
  await page.click('#language');
  equal((await text('.tabs button[data-tab=try]')).trim(), 'Try one enterprise', 'the labels switch to English');
  const line = lineOf(policyText, 'amount invested * info_rate');
  await editorCall('focus');
  await editorCall('setCursor', { line: line - 1, ch: policyText.split('\n')[line - 1].length });
  await page.keyboard.press('Backspace');
  await page.locator('.CodeMirror-linewidget .diag[data-code=E0101]').waitFor();
  await settled();
  await centre(line);
  check((await text('.diag[data-code=E0101] .diag-where')).includes('line'), 'the diagnostic\'s place is in English');
  await screenshot('edit.en');
  await page.keyboard.type('e');
  await page.locator('.diag[data-code=E0101]').waitFor({ state: 'detached' });
  await openTab('try');
  await page.waitForFunction(() => document.querySelector('.result-table tr[data-article="一(一)"] .why')?.textContent.includes('condition industrial holds'));
  equal(await attribute('.result-total', 'data-total'), '70000.00', 'the same result, its why in English');
  await page.evaluate(() => { document.querySelector('.form-pane').scrollTop = 0; });
  await screenshot('try.en');
  await openTab('whatif');
  await page.waitForSelector('.impact-table tr.total-row td.after[data-after]');
  await screenshot('whatif.en');
  await openTab('diff');
  await page.click('#diff-run');
  await page.locator('.article-card[data-article="一(二)"]').waitFor();
  await screenshot('diff.en');
  await page.click('#language');
});

check(pageErrors.length === 0, 'no error in the page\'s console', pageErrors.join('\n        '));
console.log(`${passed} passed, ${failed} failed`);
await finish(failed ? 1 : 0);
