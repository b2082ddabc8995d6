// Package guide keeps a model's tool calls well formed while it writes them, the way strict
// function calling and grammar-guided decoding do: once the model opens a <tool_call> block,
// each next token must keep the block the beginning of a call to one of the offered tools,
// written in the template's call syntax, with arguments that fit the tool's JSON schema.
//
// What the model decides stays its own: whether to open a block at all, which of the offered
// tools to name, and every value it writes. Guidance only takes away what could not be right:
// a tool that is not offered, a parameter the schema does not declare or writes twice, an
// enum value outside the enum, a string where an integer belongs, a closing brace before every
// required parameter is there, a malformed escape. Small models gain the most: a tiny model
// that has learned which tool fits but not yet the whole format stops losing calls to a stray
// token.
//
// A Guide follows one generation. Mask is given the tokens generated so far and the logits
// of the next one; outside a block it changes nothing, inside one it sets the logits of the
// tokens that would break the call to -Inf. It works on bytes: every token's text is checked
// against a state machine of the call, and the vocabulary is walked in sorted order so that
// tokens sharing a prefix share the work. Should the model ever leave the grammar anyway (no
// token fits, or the tokens came from elsewhere), the guide lets the rest of the generation
// be, and the evaluation scores it as written.
//
// The arguments follow the subset of JSON Schema that lib/tools uses: object (declared
// properties, required ones before the object closes; free keys when none are declared),
// array (items), string, enum (any JSON values), integer, number and boolean; a schema
// without a type accepts any JSON value. Number ranges, string formats and lengths are not
// checked: they are the model's to get right, and the evaluation's to score.
package guide
