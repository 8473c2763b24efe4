/** USD per million tokens for one model. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Prices by model name (the pinned snapshot, e.g. `gpt-4.1-mini-2025-04-14`). */
export type JudgePricing = Readonly<Record<string, ModelPrice>>;

/** The USD cost of one call, or null when the model has no price in the table. */
export const costInUsd = (
  pricing: JudgePricing,
  model: string,
  tokens: { inputTokens: number; outputTokens: number },
): number | null => {
  const price = Object.hasOwn(pricing, model) ? pricing[model] : undefined;
  if (!price) return null;
  return (tokens.inputTokens * price.inputPerMillion + tokens.outputTokens * price.outputPerMillion) / 1_000_000;
};
