package dataset

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// WordCoverage says how many of a held-out set's requests use words that the training set's
// requests never use. A model fine-tuned in minutes learns the words of its training requests;
// a word it has never seen ("spin some jazz" when training said "play") must come from what
// its base model knows, and a small base model knows little. Argument values are left out:
// a held-out city or search query is new on purpose, and copying it is a skill of its own.
type WordCoverage struct {
	// Requests counts the held-out user messages; WithUnseen those that use at least one
	// word no training user message uses.
	Requests, WithUnseen int
	// Unseen counts, for each such word, the held-out requests that use it.
	Unseen map[string]int
}

// UnseenWords compares the words of heldout's user messages with those of train's. Words are
// runs of letters (and apostrophes), lower-cased. A word of a held-out request that is also a
// word of one of its conversation's call arguments is a value, not phrasing, and is skipped.
func UnseenWords(train, heldout []Example) WordCoverage {
	known := map[string]bool{}
	for _, ex := range train {
		for _, m := range ex.Messages {
			if m.Role == RoleUser {
				for _, w := range words(m.Content) {
					known[w] = true
				}
			}
		}
	}
	c := WordCoverage{Unseen: map[string]int{}}
	for _, ex := range heldout {
		values := map[string]bool{}
		for _, m := range ex.Messages {
			for _, call := range m.ToolCalls {
				for _, v := range call.Parameters {
					for _, w := range words(fmt.Sprint(v)) {
						values[w] = true
					}
				}
			}
		}
		for _, m := range ex.Messages {
			if m.Role != RoleUser {
				continue
			}
			c.Requests++
			unseen := map[string]bool{}
			for _, w := range words(m.Content) {
				if !known[w] && !values[w] {
					unseen[w] = true
				}
			}
			if len(unseen) > 0 {
				c.WithUnseen++
			}
			for w := range unseen {
				c.Unseen[w]++
			}
		}
	}
	return c
}

// words splits text into lower-cased runs of letters and apostrophes.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
}

// WriteTable writes the share of held-out requests with unseen words and the top most used
// of those words.
func (c WordCoverage) WriteTable(w io.Writer, top int) error {
	var t table
	t.row("held-out requests", c.Requests, "")
	t.row("  with a word no training request has", c.WithUnseen, percent(c.WithUnseen, c.Requests))
	t.row("distinct unseen words (argument values left out)", len(c.Unseen), "")
	if len(c.Unseen) > 0 {
		t.section("most used unseen words (held-out requests)")
		for i, word := range byCountDesc(c.Unseen) {
			if i == top {
				break
			}
			t.row("  "+word, c.Unseen[word], percent(c.Unseen[word], c.Requests))
		}
	}
	return t.write(w)
}
