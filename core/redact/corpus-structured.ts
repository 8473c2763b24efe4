/** Corpus templates for machine-shaped traffic: tool results as JSON, logs, code, tables, prompts. */
import type { Template } from './corpus-chat.js';
import { t } from './corpus-gen.js';

export const structuredTemplates: Template[] = [
  {
    category: 'tool-json',
    make: (g) =>
      t`{"tool":"lookup_customer","call_id":"${g.neg.llmId()}","result":{"id":"${g.neg.llmId()}","name":"${g.name()}","email":"${g.email()}","phone":"${g.phone()}","created_at":"${g.neg.ts()}","lifetime_value":${g.neg.int(10, 99999)}.${g.neg.int(10, 99)},"plan":"pro"}}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"type":"tool_result","tool_use_id":"${g.neg.llmId()}","content":[{"type":"text","text":"Payment method: card ${g.card()}, billing email ${g.email()}, last charge ${g.neg.price()} on ${g.neg.isoDate()}"}]}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"employee":{"id":${g.neg.int(100000000, 999999999)},"ssn":"${g.ssn()}","payroll":{"iban":"${g.iban()}","currency":"EUR"},"hired":"${g.neg.isoDate()}","manager_email":"${g.email()}"},"trace_id":"${g.neg.traceId()}","span_id":"${g.neg.spanId()}"}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"id":"${g.neg.llmId()}","object":"chat.completion","created":${g.neg.unix()},"model":"${g.neg.model()}","choices":[{"index":0,"message":{"role":"assistant","content":"I've sent the confirmation to ${g.email()}.","tool_calls":[{"id":"${g.neg.llmId()}","type":"function","function":{"name":"send_sms","arguments":"{\\"to\\":\\"${g.phone()}\\",\\"body\\":\\"Your code is ${g.neg.int(100000, 999999)}\\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":${g.neg.int(100, 9000)},"completion_tokens":${g.neg.int(10, 900)},"total_tokens":${g.neg.int(1000, 9999)}},"system_fingerprint":"fp_${g.neg.sha()}"}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"kyc":{"country":"GB","nino":"${g.nino()}","dob":"${g.neg.isoDate()}","verified_at":${g.neg.unix()}},"session":{"ip":"${g.ip()}","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${g.neg.version()} Safari/537.36","request_id":"${g.neg.uuid()}"}}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"secrets_scan":{"file":"deploy/keys/service.pem","content":"${g.privateKey('\\n')}","commit":"${g.neg.sha()}"},"integrity":"${g.neg.token()}"}`,
  },
  {
    category: 'tool-json',
    make: (g) =>
      t`{"order":{"number":"${g.neg.order()}","total":"${g.neg.price()}","items":[{"sku":"SKU-${g.neg.int(10000, 99999)}","isbn":"${g.neg.isbn()}","qty":${g.neg.int(1, 5)}}],"shipping":{"tracking":"${g.neg.order()}","eta":"${g.neg.date()}"},"customer_ref":"${g.neg.uuid()}"}}`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.neg.ts()} INFO  [req ${g.neg.uuid()}] POST /v1/chat/completions 200 ${g.neg.int(80, 4000)}ms client_ip=${g.ipv4()} user=${g.email()} trace_id=${g.neg.traceId()} span_id=${g.neg.spanId()}`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.ip()} - - [${g.neg.int(10, 28)}/May/2024:${g.neg.time()} +0000] "GET /api/v2/orders/${g.neg.int(1000, 99999)}?page=${g.neg.int(1, 9)} HTTP/1.1" 200 ${g.neg.int(200, 90000)} "-" "curl/${g.neg.version()}"`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.neg.ts()} WARN auth: invalid token for user_id=${g.neg.int(1000, 999999)} from ${g.ipv6()} (X-Forwarded-For: ${g.ipv4()}, ${g.ipv4()}); retry in ${g.neg.int(1, 60)}s`,
  },
  {
    category: 'log',
    make: (g) =>
      t`level=error ts=${g.neg.ts()} caller=client.go:${g.neg.int(10, 900)} msg="upstream request failed" url=https://api.example.com/v1/items status=401 authorization="Bearer ${g.bearer()}" duration=${g.neg.int(1, 999)}ms`,
  },
  {
    category: 'log',
    make: (g) =>
      t`Traceback (most recent call last):
  File "/srv/app/.venv/lib/python3.11/site-packages/stripe/_api_requestor.py", line ${g.neg.int(100, 900)}, in request
stripe._error.AuthenticationError: Invalid API Key provided: ${g.key()}
  at 0x7ffd${g.neg.int(10000000, 99999999)} build ${g.neg.sha()} (${g.neg.version()})`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.neg.ts()} DEBUG db: connecting to postgres://app_user:${g.password()}@db-primary.internal:5432/orders?sslmode=require (pool=${g.neg.int(2, 50)}, timeout=${g.neg.int(1, 30)}s)`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.neg.ts()} INFO GET /newsletter/unsubscribe?email=${g.urlEmail()}&list=weekly&ts=${g.neg.unix()} 302 ${g.neg.int(3, 90)}ms peer=[${g.ipv6()}]:443
<p>Questions? <a href="mailto:${g.email()}?subject=Order%20${g.neg.int(1000, 9999)}">Email us</a> or <a href="tel:${g.phone()}">call ${g.phone()} ext. ${g.neg.int(10, 999)}</a>.</p>
health check http://[${g.ipv6()}]:8080/healthz ok; link-local ${g.ipv6()}%eth0`,
  },
  {
    category: 'log',
    make: (g) =>
      t`${g.neg.ts()} INFO export ready: https://files.example.com/exports/${g.neg.uuid()}.csv?expires=${g.neg.unix()}&sig=${g.highEntropy()}
$ curl -u ${g.highEntropy()}: https://api.example.com/v1/balance  # job ${g.neg.uuid()}, build ${g.neg.sha()}`,
  },
  {
    category: 'code',
    make: (g) =>
      t`# .env
OPENAI_API_KEY=${g.key()}
DATABASE_URL=postgres://localhost:5432/dev
STRIPE_WEBHOOK_SECRET=${g.key()}
INTERNAL_API_KEY=${g.highEntropy()}
LOG_LEVEL=debug
RELEASE=${g.neg.version()}`,
  },
  {
    category: 'code',
    make: (g) =>
      t`import os
from openai import OpenAI

client = OpenAI(api_key="${g.key()}")  # should come from os.environ["OPENAI_API_KEY"]
resp = client.chat.completions.create(model="${g.neg.model()}", messages=msgs, max_tokens=${g.neg.int(100, 4096)})`,
  },
  {
    category: 'code',
    make: (g) =>
      t`curl https://api.example.com/v1/charges \\
  -H "Authorization: Bearer ${g.bearer()}" \\
  -H "Idempotency-Key: ${g.neg.uuid()}" \\
  -d amount=${g.neg.int(100, 99999)} -d currency=usd -d "description=Order ${g.neg.order()}"`,
  },
  {
    category: 'code',
    make: (g) =>
      t`[default]
aws_access_key_id = ${g.key()}
aws_secret_access_key = ${g.awsSecret()}
region = ${g.rng.pick(['us-east-1', 'eu-west-1', 'ap-northeast-1'])}`,
  },
  {
    category: 'code',
    make: (g) =>
      t`database:
  host: db.internal
  port: 5432
  user: service
  password: "${g.password()}"
  pool_size: ${g.neg.int(2, 64)}
cache:
  ttl_seconds: ${g.neg.int(60, 86400)}
  password: \${REDIS_PASSWORD}`,
  },
  {
    category: 'code',
    make: (g) =>
      t`const config = {
  apiKey: '${g.highEntropy()}',
  endpoint: 'https://${g.ipv4()}:8443/ingest',
  sessionToken: '${g.jwt()}',
  retries: ${g.neg.int(1, 9)}, // see ${g.neg.sha()}
};`,
  },
  {
    category: 'code',
    make: (g) =>
      t`$ git log --oneline -3
${g.neg.sha()} Bump lodash to ${g.neg.version()}
${g.neg.sha()} Fix ${g.neg.token()} handling (#${g.neg.int(100, 9999)})
${g.neg.sha()} Merge branch 'release/${g.neg.version()}'
$ ssh -i ~/.ssh/id_ed25519 deploy@${g.ip()}`,
  },
  {
    category: 'table',
    make: (g) =>
      t`| Customer | Email | Phone | Card | Since |
|---|---|---|---|---|
| ${g.name()} | ${g.email()} | ${g.phone()} | ${g.card()} | ${g.neg.date()} |
| ${g.name()} | ${g.email()} | ${g.phone()} | ending ${g.neg.int(1000, 9999)} | ${g.neg.date()} |
| ${g.name()} | ${g.email()} | n/a | ${g.neg.invalid()} | ${g.neg.date()} |`,
  },
  {
    category: 'table',
    make: (g) =>
      t`| host | address | version | uptime |
|------|---------|---------|--------|
| web-1 | ${g.ipv4()} | ${g.neg.version()} | ${g.neg.misc()} |
| web-2 | ${g.ipv6()} | ${g.neg.version()} | ${g.neg.misc()} |
| db-1 | ${g.ipv4()} | ${g.neg.version()} | ${g.neg.misc()} |`,
  },
  {
    category: 'system-prompt',
    make: (g) =>
      t`You are a helpful support assistant for Globex (build ${g.neg.sha()}, prompt ${g.neg.version()}). Never reveal internal tools. If the user is angry, escalate to ${g.email()} or the hotline ${g.phone()}. Today is ${g.neg.date()}. Model: ${g.neg.model()}. Keep answers under ${g.neg.int(50, 400)} words.`,
  },
  {
    category: 'system-prompt',
    make: (g) =>
      t`SYSTEM: Tool \`charge_card\` requires {card_number, exp, cvc}. Example (test mode only): ${g.neg.invalid()}. Prices are in cents (e.g. ${g.neg.int(100, 99999)}). Trace ${g.neg.traceId()}. Use idempotency keys like ${g.neg.uuid()}.`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`Release notes ${g.neg.version()} (${g.neg.date()}): upgraded to ${g.neg.version()}, fixed a crash in ${g.neg.token()}, reduced p95 latency from ${g.neg.int(200, 900)}ms to ${g.neg.int(50, 199)}ms. Commit ${g.neg.sha()}, artifact sha256 ${g.neg.sha256()}. See ${g.neg.isbn()} for the algorithm.`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`{"id":"${g.neg.llmId()}","model":"${g.neg.model()}","created_at":${g.neg.unix()},"request_id":"${g.neg.llmId()}","trace_id":"${g.neg.traceId()}","parent_span_id":"${g.neg.spanId()}","usage":{"input_tokens":${g.neg.int(10, 99999)},"output_tokens":${g.neg.int(1, 9999)}},"cost_usd":"${g.neg.price()}","thread":"${g.neg.llmId()}"}`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`Q3 summary: revenue ${g.neg.price()} (+${g.neg.misc()}), ${g.neg.int(1000, 99999)} orders, AOV ${g.neg.price()}. Top SKU ${g.neg.order()}; returns ${g.neg.misc()}. Data as of ${g.neg.ts()}, job ${g.neg.uuid()}, snapshot ${g.neg.unix()}.`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`assistant: Here is the chart you asked for: ![chart](${g.neg.image()}) It shows ${g.neg.misc()} growth between ${g.neg.date()} and ${g.neg.date()}.`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`$ npm ls
evalloop@${g.neg.version()}
├── ${g.neg.token()}
├── zod@${g.neg.version()}
└── hono@${g.neg.version()} (resolved ${g.neg.sha256()})
Lockfile integrity ${g.neg.token()}; node ${g.neg.version()}; ${g.neg.misc()}`,
  },
  {
    category: 'negatives',
    make: (g) =>
      t`user: what does error ${g.neg.llmId()} mean? it happened at ${g.neg.time()} on ${g.neg.date()} with ${g.neg.model()}, request ${g.neg.llmId()}, and the api_key=YOUR_API_KEY placeholder from the docs. token: <redacted>, password: ********
assistant: That request id belongs to a rate-limited call. The max_tokens=${g.neg.int(256, 8192)} setting is fine; token_count was ${g.neg.int(100, 9999)}.`,
  },
];
