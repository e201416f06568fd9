// Twilio's Node helper library, unmodified, against the softswitch's Calls API (CallsApiNodeTest).
// Its one hook used is the public httpClient option: a RequestClient that sends the requests the
// library builds for https://api.twilio.com to our base URL.
// Usage: node calls.js BASE_URL ACCOUNT_SID AUTH_TOKEN TO FROM TWIML
// Creates the call, polls it (10 s deadline) until it is in-progress, hangs it up with
// update({status: 'completed'}) and prints one JSON line: the SID and the statuses it saw.
'use strict';
const twilio = require('twilio');
const RequestClient = require('twilio/lib/base/RequestClient');

const [base, sid, token, to, from, twiml] = process.argv.slice(2);

class LoopbackClient extends RequestClient {
  request(opts) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, base) });
  }
}

async function main() {
  const client = twilio(sid, token, { httpClient: new LoopbackClient() });
  const call = await client.calls.create({ twiml, to, from });
  const seen = [call.status];
  const deadline = Date.now() + 10000;
  let live = call;
  while (live.status !== 'in-progress') {
    if (Date.now() > deadline) {
      throw new Error('not in-progress within 10 s: ' + seen.join(','));
    }
    await new Promise((r) => setTimeout(r, 100));
    live = await client.calls(call.sid).fetch();
    if (seen[seen.length - 1] !== live.status) {
      seen.push(live.status);
    }
  }
  const hungUp = await client.calls(call.sid).update({ status: 'completed' });
  console.log(JSON.stringify({ sid: call.sid, direction: call.direction, seen, afterUpdate: hungUp.status }));
}

main().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
