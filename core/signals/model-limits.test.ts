import { describe, expect, it } from 'vitest';
import { contextLimitOf, resolveContextLimit } from './model-limits.js';

describe('contextLimitOf', () => {
  it.each([
    ['gpt-4o', 128_000],
    ['gpt-4o-2024-08-06', 128_000],
    ['openai/gpt-4o', 128_000],
    ['GPT-4o-Mini-2024-07-18', 128_000],
    ['ft:gpt-4o-mini-2024-07-18:acme::9abcDEF', 128_000],
    ['gpt-4.1-2025-04-14', 1_047_576],
    ['gpt-4.1-nano', 1_047_576],
    ['gpt-4-turbo-2024-04-09', 128_000],
    ['gpt-4-1106-preview', 128_000],
    ['gpt-4-0613', 8_192],
    ['gpt-4-32k-0613', 32_768],
    ['gpt-3.5-turbo-0125', 16_385],
    ['gpt-3.5-turbo-0613', 4_096],
    ['gpt-35-turbo', 16_385],
    ['o1-2024-12-17', 200_000],
    ['o1-mini-2024-09-12', 128_000],
    ['o3-mini-2025-01-31', 200_000],
    ['o4-mini', 200_000],
    ['gpt-5-2025-08-07', 400_000],
    ['gpt-5-chat-latest', 128_000],
    ['claude-3-5-sonnet-20240620', 200_000],
    ['claude-3-5-sonnet-latest', 200_000],
    ['anthropic/claude-3.5-sonnet', 200_000],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 200_000],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 200_000],
    ['claude-3-5-sonnet-v2@20241022', 200_000],
    ['claude-opus-4-1-20250805', 200_000],
    ['claude-3-haiku-20240307', 200_000],
    ['models/gemini-1.5-pro-002', 2_097_152],
    ['gemini-1.5-flash-latest', 1_048_576],
    ['gemini-2.0-flash-001', 1_048_576],
    ['gemini-2.5-flash-preview-04-17', 1_048_576],
    ['google/gemini-2.5-pro', 1_048_576],
    ['mistral-large-latest', 131_072],
    ['mistral.mistral-large-2407-v1:0', 131_072],
    ['meta-llama/Llama-3.1-70B-Instruct', 131_072],
    ['meta.llama3-1-70b-instruct-v1:0', 131_072],
    ['accounts/fireworks/models/llama-v3p3-70b-instruct', 131_072],
    ['llama3.1:8b', 131_072],
    ['llama-3.3-70b-versatile', 131_072],
    ['llama3-70b-8192', 8_192],
    ['deepseek-chat', 128_000],
    ['deepseek-ai/DeepSeek-V3-0324', 128_000],
  ])('%s → %i tokens', (model, tokens) => {
    expect(contextLimitOf(model)).toBe(tokens);
  });

  it.each([
    'acme-llm-2',
    'my-azure-deployment',
    '',
    'gpt',
    'claude',
    'o5',
    'gpt-4o-audio-preview',
    'gemini-2.0-flash-thinking-exp-01-21',
    'llama-2-7b',
    'deepseek-v2',
    'mistral-small-latest',
  ])('never guesses: %j is unknown', (model) => {
    expect(contextLimitOf(model)).toBeNull();
  });

  it('takes project settings first, matched like the table', () => {
    expect(contextLimitOf('acme-llm-2', { 'acme-llm-2': 32_000 })).toBe(32_000);
    expect(contextLimitOf('acme/ACME-LLM-2', { 'Acme-LLM-2': 32_000 })).toBe(32_000);
    expect(contextLimitOf('acme-llm-2', { 'acme/acme-llm-2': 32_000 })).toBe(32_000);
    expect(contextLimitOf('gpt-4o-2024-08-06', { 'gpt-4o': 64_000 })).toBe(64_000);
    expect(resolveContextLimit('gpt-4o-2024-08-06', { 'gpt-4o': 64_000 })).toEqual({
      tokens: 64_000,
      matched: 'gpt-4o',
      source: 'settings',
    });
  });

  it('prefers the more specific name, and ignores unusable overrides', () => {
    expect(contextLimitOf('gpt-4-1106-preview', { 'gpt-4': 10_000 })).toBe(128_000);
    expect(contextLimitOf('llama-3.1-8b-instruct', { 'llama-3.1': 8_192 })).toBe(8_192);
    expect(contextLimitOf('llama-3.1-8b-instruct', { 'llama-3.1-8b-instruct': 16_384, 'llama-3.1': 8_192 })).toBe(
      16_384,
    );
    expect(contextLimitOf('gpt-4o', { 'gpt-4o': 0 })).toBe(128_000);
    expect(contextLimitOf('acme-llm-2', { 'acme-llm-2': Number.NaN })).toBeNull();
    expect(resolveContextLimit('gpt-4o-2024-08-06')).toEqual({
      tokens: 128_000,
      matched: 'gpt-4o',
      source: 'built-in',
    });
  });
});
