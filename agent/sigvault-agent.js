// Sigvault signing agent client (MIT): AWS signatures from the Sigvault extension for approved pages.
// Keys never leave it. See docs/protocol.md "Signing agent".
const C = 'sigvault-agent/1';
let n = 0;
function call(type, req, ackMs = 1500, replyMs = 90000) {
  const g = globalThis;
  return new Promise((resolve, reject) => {
    const id = `${Date.now().toString(36)}.${++n}.${Math.random().toString(36).slice(2, 10)}`;
    let timer;
    const end = () => { clearTimeout(timer); g.removeEventListener('message', on); };
    const fail = (code, message) => { end(); const e = new Error(message); e.code = code; reject(e); };
    const wait = (ms, msg) => { clearTimeout(timer); timer = setTimeout(() => fail('NOT_AVAILABLE', msg), ms); };
    const on = (ev) => {
      const d = ev.data;
      if (ev.source !== g || !d || d.channel !== C || d.id !== id) return;
      if (d.type === 'ack') wait(replyMs, 'Sigvault did not answer in time.');
      else if (d.type === 'reply') {
        if (d.ok) { end(); resolve(d.result); } else fail(String(d.error && d.error.code || 'NOT_AVAILABLE'), String(d.error && d.error.message || 'Refused.'));
      }
    };
    g.addEventListener('message', on);
    wait(ackMs, 'Sigvault is not available on this page.');
    g.postMessage({ ...req, channel: C, id, type }, g.location.origin);
  });
}
const pick = (o, keys) => {
  if (!o || typeof o !== 'object') throw Object.assign(new Error('Pass an object.'), { code: 'INVALID_INPUT' });
  const r = {};
  for (const k of keys) if (o[k] !== undefined) r[k] = o[k];
  return r;
};
export const SigvaultAgent = {
  sign: async (r) => call('sign', pick(r, ['method', 'url', 'headers', 'body', 'identity', 'service', 'region'])),
  presign: async (r) => call('presign', pick(r, ['method', 'url', 'expiresIn', 'identity', 'service', 'region'])),
  available: () => call('hello', {}).then(() => true, () => false),
};
export const { sign, presign } = SigvaultAgent;
globalThis.SigvaultAgent = SigvaultAgent;
