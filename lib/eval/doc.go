// Package eval measures how well a model calls tools: it turns held-out conversations into
// decision points (Cases), has a Generator write the assistant turn for each, scores what was
// written against the reference calls, aggregates the verdicts into metrics and keeps
// everything, samples included, in a Report (checkpoint_evaluation.json).
//
// The package never runs a model itself: anything with a batched Generate method drives it,
// so the scoring can be tested exactly with hand-made outputs and a fake generator.
//
// # Cases
//
// A case is one assistant turn of a held-out example: the prompt is the conversation up to
// that turn rendered by lib/chat, and the reference is the turn's calls, or "no call" when the
// turn answers in prose. By default only the first assistant turn of each example is a case:
// it is where the model decides whether to call, which tool and with what arguments, from
// the user's words alone. DecisionTurns adds every later turn that calls tools and every
// prose turn that replies to a user message; AllTurns takes every assistant turn.
//
// One exception keeps the reference fair: when every result of a turn's calls is an error and
// the next assistant turn calls the same tools again (error_recovery examples pass a city
// where an airport code is needed, or a company name where a ticker is), the reference is the
// retry. The first call of such an example is a deliberate mistake; a model that sends the
// right arguments at once must score as right. Samples mark such references
// (expected_is_retry). A failure the reference only explains keeps the failed call.
//
// # Scoring one case
//
// The generated text is read with chat.ParseCalls (both the original "name:/parameters:" form
// and the Hermes JSON form are accepted). Predicted calls are paired with expected calls of
// the same name, choosing the pairing that pairs the most calls and, among those, agrees on
// the most parameters; so parallel calls may come in any order, and of two identical calls
// only one can pair: the other is extra.
//
// Parameter values are compared in the manner of the Berkeley Function-Calling Leaderboard's
// AST checker, using the tool's schema:
//   - integer: the value must be an integer. 5.5, the float literal 5.0 and the string "5"
//     are wrong types.
//   - number: any number; an integer where a number is expected is fine.
//   - numbers are equal when |a-b| <= 1e-6 * max(|a|, |b|).
//   - string: free text compares case-insensitively, ignoring spaces and punctuation
//     ("New York, NY" equals "new york ny"); enum values and strings with a format
//     (date, time, email) compare exactly except for case and surrounding spaces.
//   - boolean: exactly.
//   - array: item by item, in order, unless the array's description says its items come in
//     "any order" (or calls them "unordered"): then as a multiset.
//   - object: key by key, with the same rules as a call's parameters.
//   - A missing parameter is right when it is optional and the expected value equals its
//     default; a parameter the expected call leaves out is right only when the value given
//     equals its default. A parameter the schema does not know is always wrong. The default
//     is the schema's "default", or else, for enum, number, integer and boolean parameters,
//     the value named by "Defaults to X." in the description (the convention of the built-in
//     tools); a free-text default in prose is not trusted.
//
// The verdicts of a case (see Verdicts) are:
//   - valid_format: the output parsed without errors (every <tool_call> block closed and
//     well formed) and no call was written outside a block (bare JSON {"name", "arguments"},
//     a bare "name:"/"parameters:" pair, or tool_name( for an offered tool).
//   - tool_call: the multiset of called tool names equals the expected one; for a no-call
//     case, the same as no_call (a malformed block is still an attempt to call).
//   - parameters (call cases only): every expected call is paired and all of its parameters
//     are right, with no wrong extra parameter.
//   - exact: tool_call and, for call cases, parameters hold and the format is valid: the same
//     calls with the same arguments and nothing extra.
//   - no_call (no-call cases only): the output has no <tool_call> block, well formed or not.
//   - hallucinated: a well-formed call names a tool the example does not offer.
//
// # Metrics
//
// Let C be the scored cases, C_call those whose reference makes calls and C_none those whose
// reference makes none (C = C_call + C_none). Every metric is a ratio of counts kept in
// Counts, and is null in JSON (nil in Go) when its denominator is zero.
//
//	tool_call_accuracy     = |cases with tool_call| / |C|
//	call_accuracy          = |cases in C_call with tool_call| / |C_call|
//	parameter_accuracy     = expected calls paired with all parameters right
//	                         / expected calls in C_call
//	parameter_key_accuracy = expected parameters judged right (in paired calls)
//	                         / expected parameters of all expected calls in C_call
//	exact_match            = |cases with exact| / |C|
//	valid_format_rate      = |cases with valid_format| / |C|
//	no_call_accuracy       = |cases in C_none with no_call| / |C_none|
//	hallucinated_tool_rate = |cases with hallucinated| / |C|
//
// tool_call_accuracy mixes two questions: call_accuracy (the right tools where tools are
// needed) and no_call_accuracy (no call where none is). A model that never calls scores
// |C_none|/|C| on it but 0 on call_accuracy, so call_accuracy is the one that shows whether a
// model has learned to call tools at all.
//
// An expected call that no predicted call pairs with counts as a call with wrong parameters,
// and all its parameters as wrong keys. Extra parameters do not enter parameter_key_accuracy
// (its denominator is the expected parameters) but make their call fail parameter_accuracy.
//
// Per scenario, the metrics are the same, over the cases of that scenario. Per tool T, the
// case metrics (tool_call_accuracy, exact_match, valid_format_rate, hallucinated_tool_rate)
// are over the cases that expect at least one call to T, and the call metrics
// (parameter_accuracy, parameter_key_accuracy) over the expected calls to T only; no-call
// cases belong to no tool.
//
// The best evaluation of a report is the one with the highest tool_call_accuracy (the earlier
// one in report order on a tie).
package eval
