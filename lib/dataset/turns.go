package dataset

import "slices"

// FirstTurns returns the examples cut after their first assistant message: the system and user
// messages and the tools, then the turn that decides whether to call, which tool and with what
// arguments (or answers in prose). The tool results and the replies that follow are left out.
//
// Training on these alone spends every token on the decision that tool-call evaluation scores,
// and the sequences are shorter (a long tool result and the final answer often make up half of
// a conversation), so more examples fit in a minute of training. The price: the model does not
// learn to answer from tool results. Examples without an assistant message are kept whole; the
// input is not changed (the cut examples share its messages and tools).
func FirstTurns(examples []Example) []Example {
	out := slices.Clone(examples)
	for i := range out {
		for j, m := range out[i].Messages {
			if m.Role == RoleAssistant {
				out[i].Messages = out[i].Messages[: j+1 : j+1]
				break
			}
		}
	}
	return out
}
