// The server's JSON API (docs/workbench-api.md): one function per endpoint.
// A reply that is not 2xx throws an ApiError carrying the status and the reply's JSON
// (422 replies say what is wrong with the policy: policy_errors, diagnostics ...).

import { stringify } from './exact_json.js';

export class ApiError extends Error {
  constructor(status, data, text) {
    const message = (data && data.error) || text || `HTTP ${status}`;
    super(typeof message === 'string' ? message : JSON.stringify(message));
    this.status = status;
    this.data = data || {};
  }
}

async function request(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = stringify(body);  // facts keep their exact digits
  }
  const reply = await fetch(path, options);
  const text = await reply.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!reply.ok) throw new ApiError(reply.status, data, text);
  return data;
}

export const api = {
  session: () => request('GET', '/api/session'),
  policy: (name) => request('GET', `/api/policy?name=${encodeURIComponent(name)}`),
  check: (text, name) => request('POST', '/api/check', name ? { text, name } : { text }),
  evaluate: (text, facts, language) => request('POST', '/api/evaluate', { text, facts, language }),
  whatif: (text, set) => request('POST', '/api/whatif', { text, set }),
  diff: (oldSide, newSide) => request('POST', '/api/diff', { old: oldSide, new: newSide }),
  save: (name, text) => request('POST', '/api/save', { name, text }),
};
