// Exact conversions of what an officer types into the text the facts reader takes:
// "5万" → "50000", "1.2万元" → "12000", "3,000元" → "3000", "25%" stays "25%".
// Only string arithmetic on digits: no floating point anywhere.

// Shifts the decimal point of a plain decimal text `digits` by `places` to the right.
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

// A parameter's value for `--set`: the unit is added when the officer left it out.
export function withUnit(type, text) {
  const value = String(text).trim();
  if (type === 'money' && /^\d+(\.\d+)?$/.test(value)) return `${value}元`;
  if (type === 'rate' && /^\d+(\.\d+)?$/.test(value)) return `${value}%`;
  return value;
}
