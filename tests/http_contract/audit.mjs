// Runs every audit of the public `graphql-http` suite (the GraphQL-over-HTTP spec's own conformance
// checks) against a served GraphQL endpoint, prints each result, and exits non-zero on any error
// (a failed MUST), any warning (a failed SHOULD), or any notice (a failed MAY) other than those this
// service declines on purpose, listed below with the reason.
//
//   node audit.mjs http://127.0.0.1:8000/graphql
import { serverAudits } from 'graphql-http';

// Queries over GET are switched off (bearer tokens and query text stay out of URLs, proxy logs and
// caches); the spec makes GET support optional. A GET is answered 405 with a coded JSON error.
const DECLINED = new Map([
  ['5A70', 'GET 查询已关闭'],
  ['D6D5', 'GET 查询已关闭'],
  ['6A70', 'GET 查询已关闭'],
]);

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

let failed = 0;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  let mark = result.status;
  if (result.status !== 'ok') {
    const declined = result.status === 'notice' && DECLINED.has(result.id);
    if (declined) {
      mark = `declined (${DECLINED.get(result.id)})`;
    } else {
      failed += 1;
    }
    let body = '';
    try {
      body = await result.response.text();
    } catch {
      body = '<body already read>';
    }
    console.log(
      `${mark}\t${result.id}\t${result.name}\n\t${result.reason}; status ${result.response.status}` +
        ` ${result.response.headers.get('content-type') ?? ''}\n\t${body.slice(0, 300)}`,
    );
  } else {
    console.log(`ok\t${result.id}\t${result.name}`);
  }
}
for (const id of DECLINED.keys()) {
  if (!serverAudits({ url }).some((a) => a.id === id)) {
    console.log(`stale\t${id}\tno longer in the suite: remove it from DECLINED`);
    failed += 1;
  }
}
console.log(failed ? `${failed} audit(s) failed` : 'all audits passed');
process.exit(failed ? 1 : 0);
