import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';
import { isHighEntropyToken } from './detect-entropy.js';

const found = (text: string) => detect(text).map((d) => `${d.kind}:${d.value}`);
const secretsIn = (text: string) => detect(text).filter((d) => d.kind === 'secret' || d.kind === 'high_entropy');

const B62 = 'Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay';

describe('secrets with a known format', () => {
  it.each([
    ['OpenAI legacy', `sk-${B62}${B62.slice(0, 16)}`],
    ['OpenAI project', `sk-proj-${B62}_${B62}-${B62}`],
    ['Anthropic', `sk-ant-api03-${B62}${B62}${B62}AA`],
    ['GitHub classic', `ghp_${B62}1234`],
    ['GitHub OAuth', `gho_${B62}1234`],
    ['GitHub app', `ghs_${B62}1234`],
    ['GitHub fine-grained', `github_pat_11${B62.slice(0, 20)}_${B62}${B62}`],
    ['Slack bot', 'xoxb-12345678901-1234567890123-Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3'],
    ['Slack user', 'xoxp-12345678901-12345678901-1234567890123-0a1b2c3d4e5f'],
    ['AWS access key', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS session key', 'ASIAY34FZKBOKMUTVV7A'],
    ['Google', `AIza${B62}123`],
    ['GitLab', `glpat-${B62.slice(0, 20)}`],
    ['Stripe secret', `sk_live_${B62}`],
    ['Stripe restricted', `rk_live_${B62}`],
    ['Stripe publishable', `pk_live_${B62}`],
    [
      'JWT',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
  ])('%s', (_name, secret) => {
    expect(found(`key: ${secret} end`)).toEqual([`secret:${secret}`]);
  });

  it('a PEM private key block, also with JSON-escaped newlines', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq\nZx7Qp2Lm9Rt4==\n-----END RSA PRIVATE KEY-----';
    expect(found(`key:\n${pem}\nok`)).toEqual([`secret:${pem}`]);
    const escaped = pem.replace(/\n/g, '\\n');
    expect(found(`{"pem":"${escaped}"}`)).toEqual([`secret:${escaped}`]);
  });

  it.each([
    ['Bearer header', 'Authorization: Bearer Zx7Qp2Lm9Rt4Vb6Nc1Hd8', 'Zx7Qp2Lm9Rt4Vb6Nc1Hd8'],
    ['Basic header', 'authorization: Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
    [
      'AWS secret',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    ['password=', 'password=hunter22 user=bob', 'hunter22'],
    ['JSON password', '{"password": "Tr0ub4dor&3"}', 'Tr0ub4dor&3'],
    ['YAML secret', 'client_secret: s3cr3t-v4lue', 's3cr3t-v4lue'],
    ['token= in a query', '/cb?token=abc123def456&page=2', 'abc123def456'],
    ['env var', 'DB_PASSWORD=Summer2024!', 'Summer2024!'],
    ['prose', 'my password is Tr0ub4dor&3 ok', 'Tr0ub4dor&3'],
    ['URL password', 'postgres://app:P@ssw0rd1@db.internal:5432/x', 'P@ssw0rd1'],
  ])('%s: only the value', (_name, text, value) => {
    expect(found(text)).toEqual([`secret:${value}`]);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell-style reference, not a template
    ['placeholders', 'api_key=YOUR_API_KEY token: <redacted> password: ******** secret: ${SECRET}'],
    ['bearer placeholder', 'Authorization: Bearer <token> or Bearer YOUR_TOKEN_HERE'],
    ['bearer prose', 'the Bearer authentication scheme'],
    ['token counts', 'max_tokens=1024 "prompt_tokens": 512 token_count: 77 tokens: 12'],
    ['pagination cursor', '"next_page_token": "eyJvZmZzZXQiOjEwfQ"'],
    ['prose after a colon', 'Reset your password: click the link. The secret: always be kind.'],
    ['code, not values', 'password = input; const token = ctx.attach(span); pwd = os.getcwd()'],
    ['word that starts with a keyword', 'secretary: Jane; tokenizer: cl100k'],
    ['booleans', '"secret": true, "password": null'],
    ['scikit-learn is not an OpenAI key', 'pip install scikit-learn-intelex-extensions'],
  ])('not a secret: %s', (_name, text) => {
    expect(secretsIn(text).map((d) => d.value)).toEqual([]);
  });
});

describe('high-entropy strings', () => {
  it.each([
    ['base62 32', 'Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay'],
    ['base64 44', 'q3Jv8Lw+Zt2N9xQe/4bRk7Ym1Hs0Pc6DfT5Ga8Wn3Uo='],
    ['base64url 43', 'Kd8_fQ2-xL9mN3pR7tV1wY5zB0cE4gH6jA2sD8fG3hJ'],
  ])('%s', (_name, token) => {
    expect(found(`it fails with ${token} again`)).toEqual([`high_entropy:${token}`]);
  });

  it.each([
    ['UUID (an identifier)', '6f1c9a3e-2b7d-4c1e-9f3a-1b2c3d4e5f60'],
    ['trace id (32 hex)', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['span id (16 hex)', '00f067aa0ba902b7'],
    ['git SHA', '9fceb02d0ae598e95dc970b74767f19372d61af8'],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['OpenAI completion id', 'chatcmpl-9pBqKx3hXj2mN8vL5wR7tY1zQ0aS'],
    ['tool call id', 'call_Xy7aBc9DeF1gHi2JkL3mNo4P'],
    ['Anthropic message id', 'msg_01XFDUDYJgAACzvnptvVoYEL'],
    ['ULID', '01HZX3Q4W5E6R7T8Y9V0ABCDEF'],
    ['camelCase identifier', 'getUserAccountDetailsById'],
    ['identifier with digits', 'useCallbackRefWithDependencies2'],
    ['long word', 'Donaudampfschifffahrtsgesellschaft'],
    ['path', '/Users/jsmith/Projects/evalloop/src/core/RedactionEngine2024.ts'],
    ['integrity hash', 'sha512-Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0AyZx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay=='],
    ['model name', 'claude-3-5-sonnet-20241022'],
    ['env var name', 'TEST_DATABASE_URL_PRIMARY_REPLICA'],
  ])('not high entropy: %s', (_name, token) => {
    expect(secretsIn(`value ${token} here`)).toEqual([]);
  });

  it('skips data URIs and base64 file payloads whole', () => {
    const png = `iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk${'Zx7Qp2Lm9Rt4'.repeat(4)}`;
    expect(secretsIn(`![chart](data:image/png;base64,${png})`)).toEqual([]);
    expect(secretsIn(`raw ${png} end`)).toEqual([]);
    const big = 'Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3Gs5Jw0Ay+/'.repeat(100);
    expect(secretsIn(`blob ${big} end`)).toEqual([]);
  });

  it('judges URL path segments one by one', () => {
    expect(secretsIn('see https://github.com/acme/evalloop/commit/9fceb02d0ae598e95dc970b74767f19372d61af8')).toEqual(
      [],
    );
    expect(found('https://example.com/share/Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3/view')).toEqual([
      'high_entropy:Zx7Qp2Lm9Rt4Vb6Nc1Hd8Kf3',
    ]);
  });

  it('needs at least 20 characters', () => {
    expect(isHighEntropyToken('Zx7Qp2Lm9Rt4Vb6Nc1H')).toBe(false);
    expect(isHighEntropyToken('Zx7Qp2Lm9Rt4Vb6Nc1Hd')).toBe(true);
  });
});

describe('overlapping matches', () => {
  it.each([
    ['a known secret beats the phone-like digits inside it', 'xoxb-41555501320-1234567890123-abcDEF123456'],
    [
      'a JWT beats high entropy',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
  ])('%s', (_name, secret) => {
    expect(found(secret)).toEqual([`secret:${secret}`]);
  });

  it('an IBAN beats a Luhn-valid card inside its body', () => {
    expect(found('ES18 4819 8139 5484 8429 5513')).toEqual(['iban:ES18 4819 8139 5484 8429 5513']);
  });

  it('an SSN beats the national phone layout it also matches', () => {
    expect(found('SSN 078-05-1120')).toEqual(['ssn:078-05-1120']);
  });

  it('a card is not also a phone', () => {
    expect(found('4111-1111-1111-1111')).toEqual(['card:4111-1111-1111-1111']);
  });

  it('a password in a URL wins over the email-like text after it', () => {
    expect(found('redis://:Zx7Qp2Lm9@cache.internal.example.com:6379')).toEqual(['secret:Zx7Qp2Lm9']);
  });

  it('returns spans in text order with the value sliced from the text', () => {
    const text = 'mail a@b.io or call 415-555-0132 from 203.0.113.9';
    const spans = detect(text);
    expect(spans.map((d) => d.kind)).toEqual(['email', 'phone', 'ip']);
    for (const d of spans) expect(text.slice(d.start, d.end)).toBe(d.value);
  });
});
