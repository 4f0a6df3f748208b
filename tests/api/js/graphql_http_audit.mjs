// Runs graphql-http's server audits (the GraphQL-over-HTTP spec's checks) against a URL and
// prints one JSON line per audit: {id, name, status, reason}.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const results = [];
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const r = await audit.fn();
  results.push({ id: audit.id, name: audit.name, status: r.status, reason: r.reason ?? null });
}
console.log(JSON.stringify(results));
