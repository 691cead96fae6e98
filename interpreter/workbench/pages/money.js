// Exact conversions of what an officer types into the text the facts reader takes:
// "5万" → "50000", "1.2万元" → "12000", "3,000元" → "3000", "25%" stays "25%",
// "2024年3月1日" → "2024-03-01".
// Only string arithmetic on digits: no floating point anywhere.

// whole.fraction with the decimal point moved `places` digits to the right.
function shift(whole, fraction, places) {
  const padded = fraction.padEnd(places, '0');
  let integer = (whole + padded.slice(0, places)).replace(/^0+(?=\d)/, '');
  const rest = padded.slice(places).replace(/0+$/, '');
  return rest ? `${integer}.${rest}` : integer;
}

const units = { '': 0, '元': 0, '万': 4, '万元': 4, '亿': 8, '亿元': 8 };

// The yuan amount as a digit string with at most two decimals, or null when the
// text is not an amount the facts reader would accept.
export function toYuan(text) {
  const cleaned = String(text).replace(/[\s,，_]/g, '');
  const match = /^(\d+)(?:\.(\d+))?(万元|亿元|万|亿|元)?$/.exec(cleaned);
  if (!match) return null;
  const result = shift(match[1], match[2] || '', units[match[3] || '']);
  const decimals = result.includes('.') ? result.split('.')[1].length : 0;
  return decimals <= 2 ? result : null;
}

// A rate as the facts reader takes it: "25%" or a plain fraction "0.25"; null otherwise.
export function toRate(text) {
  const cleaned = String(text).replace(/\s/g, '').replace('％', '%');
  if (/^\d+(\.\d+)?%$/.test(cleaned)) return cleaned;
  if (/^\d+(\.\d+)?$/.test(cleaned)) return cleaned;
  return null;
}

// Money for humans: 1234567.5 → "1,234,567.50" (the text is already exact).
export function groupDigits(amount) {
  const text = String(amount);
  const sign = /^[-+]/.test(text) ? text[0] : '';
  const [whole, fraction] = text.replace(/^[-+]/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

// Whether an amount as the server writes it ("0.00", "-0", "12000.00") is zero:
// decided on its digits, not through a binary double.
export function isZeroAmount(amount) {
  return /^[-+]?0*(\.0*)?$/.test(String(amount));
}

// A parameter's value for `--set`: the unit is added when the officer left it out.
export function withUnit(type, text) {
  const value = String(text).trim();
  if (type === 'money' && /^\d+(\.\d+)?$/.test(value)) return `${value}元`;
  if (type === 'rate' && /^\d+(\.\d+)?$/.test(value)) return `${value}%`;
  return value;
}

// A calendar date as YYYY-MM-DD from 2024-3-1, 2024/3/1, 2024.3.1 or 2024年3月1日;
// null when it is not a real date.
export function toDate(text) {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(String(text).trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
