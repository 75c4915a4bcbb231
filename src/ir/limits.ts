/**
 * Nodes one analysis accepts, subgraphs and model-local functions included. A node takes ~1 KiB across decode,
 * inference and report (issue #17: a generated 1,000,000-node model analyzes with its JSON in ~1.5 GiB peak RSS),
 * so this bound keeps the largest accepted model within a few GiB. The decoder refuses a file past it as it
 * reads, before the analysis would spend that memory; the largest real exports have tens of thousands of nodes.
 */
export const MAX_NODES = 2_000_000;
