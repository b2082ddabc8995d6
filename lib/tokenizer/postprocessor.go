package tokenizer

import (
	"encoding/json"
	"fmt"
)

// postProcessor adds the special tokens around one encoded sequence
// (tokenizer.json's "post_processor"). Pairs of sequences are not supported:
// this package encodes single texts.
type postProcessor interface {
	process(ids []int) []int
}

// vocabLookup lets processors check the tokens and ids they name.
type vocabLookup interface {
	TokenID(token string) (int, bool)
	Token(id int) (string, bool)
}

func parsePostProcessor(raw json.RawMessage, path string, lookup vocabLookup) (postProcessor, error) {
	typ, err := componentType(raw, path)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "ByteLevel":
		// Only adjusts offsets, which this package does not return.
		return template{}, nil
	case "TemplateProcessing":
		return parseTemplate(raw, path, lookup)
	case "RobertaProcessing", "BertProcessing":
		return parseClsSep(raw, path, lookup)
	case "Sequence":
		var c struct {
			Processors json.RawMessage `json:"processors"`
		}
		if err := decodeInto(raw, path, &c); err != nil {
			return nil, err
		}
		list, err := decodeList(c.Processors, path+".processors", func(r json.RawMessage, p string) (postProcessor, error) {
			return parsePostProcessor(r, p, lookup)
		})
		return postSequence(list), err
	}
	return nil, &UnsupportedError{Path: path, Type: typ}
}

// template wraps the sequence in fixed ids: before + ids + after.
type template struct {
	before, after []int
}

func (t template) process(ids []int) []int {
	if len(t.before)+len(t.after) == 0 {
		return ids
	}
	out := make([]int, 0, len(t.before)+len(ids)+len(t.after))
	out = append(out, t.before...)
	out = append(out, ids...)
	return append(out, t.after...)
}

// parseTemplate reads TemplateProcessing's "single" template, whose items are
// {"SpecialToken": {"id": name}} or {"Sequence": {"id": "A"}}; each special
// token name is resolved through "special_tokens" to one or more ids.
func parseTemplate(raw json.RawMessage, path string, lookup vocabLookup) (template, error) {
	var c struct {
		Single []struct {
			SpecialToken *struct {
				ID string `json:"id"`
			} `json:"SpecialToken"`
			Sequence *struct {
				ID string `json:"id"`
			} `json:"Sequence"`
		} `json:"single"`
		SpecialTokens map[string]struct {
			IDs []int `json:"ids"`
		} `json:"special_tokens"`
	}
	if err := decodeInto(raw, path, &c); err != nil {
		return template{}, err
	}
	var t template
	seenSequence := false
	for i, item := range c.Single {
		itemPath := fmt.Sprintf("%s.single[%d]", path, i)
		switch {
		case item.Sequence != nil:
			if item.Sequence.ID != "A" || seenSequence {
				return template{}, fmt.Errorf("%s: want exactly one Sequence A in the single template", itemPath)
			}
			seenSequence = true
		case item.SpecialToken != nil:
			special, ok := c.SpecialTokens[item.SpecialToken.ID]
			if !ok {
				return template{}, fmt.Errorf("%s: special token %q missing from special_tokens", itemPath, item.SpecialToken.ID)
			}
			for _, id := range special.IDs {
				if _, ok := lookup.Token(id); !ok {
					return template{}, fmt.Errorf("%s: special token %q has id %d, which is not in the vocab", itemPath, item.SpecialToken.ID, id)
				}
			}
			if seenSequence {
				t.after = append(t.after, special.IDs...)
			} else {
				t.before = append(t.before, special.IDs...)
			}
		default:
			return template{}, fmt.Errorf("%s: want SpecialToken or Sequence", itemPath)
		}
	}
	if !seenSequence {
		return template{}, fmt.Errorf("%s.single: no Sequence A", path)
	}
	return t, nil
}

// parseClsSep reads RobertaProcessing and BertProcessing: "cls" and "sep"
// are [token, id] pairs, giving cls + ids + sep.
func parseClsSep(raw json.RawMessage, path string, lookup vocabLookup) (template, error) {
	var c struct {
		Cls []json.RawMessage `json:"cls"`
		Sep []json.RawMessage `json:"sep"`
	}
	if err := decodeInto(raw, path, &c); err != nil {
		return template{}, err
	}
	cls, err := tokenIDPair(c.Cls, path+".cls", lookup)
	if err != nil {
		return template{}, err
	}
	sep, err := tokenIDPair(c.Sep, path+".sep", lookup)
	if err != nil {
		return template{}, err
	}
	return template{before: []int{cls}, after: []int{sep}}, nil
}

func tokenIDPair(pair []json.RawMessage, path string, lookup vocabLookup) (int, error) {
	var token string
	var id int
	if len(pair) != 2 || json.Unmarshal(pair[0], &token) != nil || json.Unmarshal(pair[1], &id) != nil {
		return 0, fmt.Errorf("%s: want [token, id]", path)
	}
	if got, ok := lookup.TokenID(token); !ok || got != id {
		return 0, fmt.Errorf("%s: token %q does not have id %d in the vocab", path, token, id)
	}
	return id, nil
}

type postSequence []postProcessor

func (seq postSequence) process(ids []int) []int {
	for _, p := range seq {
		ids = p.process(ids)
	}
	return ids
}
