/**
 * Contrib operators left without a rule on purpose: their computation is not in the model. The catalog lists them
 * with the reason; a node of one is uncounted (the total a lower bound), never a silent zero.
 */
export const NO_RULE_BY_DESIGN: Readonly<Record<string, string>> = {
  EPContext: 'opaque by design: a compiled execution-provider context (ep_cache_context) whose graph the model does not hold',
  Snpe: 'opaque by design: a Qualcomm SNPE DLC payload whose network the model does not hold',
};
