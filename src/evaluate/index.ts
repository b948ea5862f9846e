/** The PR flow's decision: gather from GitHub, decide purely, return data for handlers and renderers. */
export { evaluatePull, evaluateMergedPull } from "./evaluate-pull.js";
export type { EvaluatePullOptions, MergedPullEvaluation } from "./evaluate-pull.js";
export { decidePull } from "./decide-pull.js";
export type { PullFacts } from "./decide-pull.js";
export { classifyChanges } from "./classify-changes.js";
export type { PullEvaluation, PullKind, RequestChange, RequestFileResult } from "./types.js";
