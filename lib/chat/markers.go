package chat

import (
	"fmt"
	"strings"
)

// Role markers open a turn; each is followed by "\n" and the turn's text, which ends in "\n".
const (
	SystemMarker    = "<|system|>"
	UserMarker      = "<|user|>"
	AssistantMarker = "<|assistant|>"
	ToolMarker      = "<|tool|>"
)

// EndOfTurn closes every assistant turn, right after its text. It is inside the loss span, so a
// fine-tuned model learns to write it and generation can stop there.
const EndOfTurn = "<|end|>"

// GenerationPrompt is what a prompt ends with when the model is to write the next assistant turn.
const GenerationPrompt = AssistantMarker + "\n"

// Tags that frame a tool call in an assistant turn and, in the Hermes template, a tool result.
const (
	CallOpen      = "<tool_call>"
	CallClose     = "</tool_call>"
	ResponseOpen  = "<tool_response>"
	ResponseClose = "</tool_response>"
)

// reservedMarkers lists every marker whose appearance inside rendered text would change how
// the conversation is read back. It returns an array (a fresh value) so nothing can mutate it.
func reservedMarkers() [9]string {
	return [9]string{SystemMarker, UserMarker, AssistantMarker, ToolMarker, EndOfTurn,
		CallOpen, CallClose, ResponseOpen, ResponseClose}
}

// markerAt reports whether a reserved marker starts at s[i].
func markerAt(s string, i int) bool {
	for _, m := range reservedMarkers() {
		if strings.HasPrefix(s[i:], m) {
			return true
		}
	}
	return false
}

// checkTurnText rejects text that contains a role marker or EndOfTurn: written verbatim into a
// turn, it would split the conversation in a place the data never meant.
func checkTurnText(text string) error {
	for _, m := range [...]string{SystemMarker, UserMarker, AssistantMarker, ToolMarker, EndOfTurn} {
		if strings.Contains(text, m) {
			return fmt.Errorf("text contains the reserved marker %s", m)
		}
	}
	return nil
}

// checkAssistantText also rejects the call tags, which a parser would read as a call.
func checkAssistantText(text string) error {
	if err := checkTurnText(text); err != nil {
		return err
	}
	for _, m := range [...]string{CallOpen, CallClose} {
		if strings.Contains(text, m) {
			return fmt.Errorf("text contains the reserved tag %s", m)
		}
	}
	return nil
}
