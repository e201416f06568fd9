// Twilio's Node helper library, unmodified, against the softswitch's HTTPS API.
// Its one hook used is the public httpClient option: a RequestClient (trusting the CA file given)
// that sends the requests the library builds for https://<service>.twilio.com to our base URL.
// Usage: node trunks.js BASE_URL CA_FILE ACCOUNT_SID AUTH_TOKEN FRIENDLY_NAME DOMAIN_NAME
// Prints one JSON line: the created trunk's SID and the SIDs the list returned.
'use strict';
const fs = require('fs');
const twilio = require('twilio');
const RequestClient = require('twilio/lib/base/RequestClient');

const [base, caFile, sid, token, friendlyName, domainName] = process.argv.slice(2);

class LoopbackClient extends RequestClient {
  request(opts) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com/, base) });
  }
}

async function main() {
  const client = twilio(sid, token, { httpClient: new LoopbackClient({ ca: fs.readFileSync(caFile) }) });
  const trunk = await client.trunking.v1.trunks.create({ friendlyName, domainName });
  const listed = await client.trunking.v1.trunks.list();
  const fetched = await client.trunking.v1.trunks(trunk.sid).fetch();
  console.log(JSON.stringify({ created: trunk.sid, fetchedName: fetched.friendlyName,
    listed: listed.map((t) => t.sid) }));
}

main().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
