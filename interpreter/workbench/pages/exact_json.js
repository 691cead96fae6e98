// JSON with exact numbers. A JavaScript number is a binary double: 0.1 is not
// 0.1 and a 17-digit amount loses its last digits. Facts go to the server as
// the digits the officer typed (or pasted), never through a double, because
// the server values every number from its written text.

// A number kept as its written text, "1234567890123.45".
export class ExactNumber {
  constructor(text) {
    this.text = text;
  }

  toString() {
    return this.text;
  }
}

// JSON text of `value`, writing each ExactNumber's digits as they are.
export function stringify(value) {
  if (value instanceof ExactNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : stringify(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}:${stringify(item)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

// Parses JSON keeping every number as an ExactNumber of its source text (the
// reviver's context.source, which browsers give since 2023).
export function parse(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && context && typeof context.source === 'string' ? new ExactNumber(context.source) : value);
}
