// Package datagen generates synthetic tool-use conversations for fine-tuning and evaluating
// models, seeded and deterministic: the same Config always gives the same examples, byte for
// byte once encoded.
//
// Each example is one scenario kind (dataset.Scenario*):
//
//   - single: the user asks for one thing, the assistant calls one tool, reads the result
//     and answers with its values.
//   - parallel: two or three independent requests in one message ("weather in Paris and
//     Lima", "the stock price of AAPL; also, remind me to ..."), called together in one
//     assistant turn.
//   - multi_step: the second call needs a value from the first result: a stock price
//     converted to another currency, directions to the nearest place found, a day's events
//     emailed, a found flight put in the calendar, a park or museum picked by the weather, a
//     search result translated.
//   - no_tool: chit-chat, a general question, a question about the assistant's abilities, or
//     a request that none of the offered tools can serve; answered in prose without a call.
//   - clarify: the request lacks required information ("book a table for me"); the
//     assistant asks for exactly the missing parameters and does not call.
//   - error_recovery: the first call fails (a city where an IANA time zone or airport code
//     is needed, a company name for a ticker, a "%" the calculator rejects, a division by
//     zero, a mass converted to a volume) and the assistant retries with corrected
//     arguments or explains the problem.
//
// Requests are phrased with many templates per tool, with casual typing noise at a chosen
// rate, and fill in values from pools of cities, people, companies, texts and queries. The
// held-out split uses templates and pool values that the training split never contains, so
// an evaluation on it measures generalization. Tool results come from the registry's
// executors, and every call is checked against its tool's schema while generating.
package datagen
