/** Nests spans under their parents; spans whose parent was never received become roots. */
export const buildSpanTree = <T extends { spanId: string; parentSpanId: string | null }>(
  spans: T[],
): (T & { children: unknown[] })[] => {
  const nodes = new Map(spans.map((s) => [s.spanId, { ...s, children: [] as unknown[] }]));
  const roots: (T & { children: unknown[] })[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentSpanId ? nodes.get(node.parentSpanId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
};
