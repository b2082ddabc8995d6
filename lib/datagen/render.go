package datagen

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phrasing templates are plain text with slots in braces: "Weather in {location}{unit}?".
// A slot is named after the tool parameter whose value it expresses, optionally with a
// variant after a colon ("{symbol:company}" says the symbol by the company's name, "{date:bare}"
// a date without its preposition). Naming slots by parameter is what ties a phrasing to a
// call: a parameter the chosen phrasing never mentions is dropped from the call (when
// optional) or is a template bug (when required), and a clarification phrasing is missing
// exactly the required parameters it has no slot for.

// templateSet is the phrasings of one kind of request, split in two disjoint lists.
type templateSet struct {
	train, heldout []string
}

// forSplit returns the phrasings of the split.
func (ts templateSet) forSplit(split string) []string {
	if split == SplitHeldout {
		return ts.heldout
	}
	return ts.train
}

// segment is a piece of rendered text: literal template text, or a slot's value. Noise only
// touches literal text, so values always read exactly as they are in the call.
type segment struct {
	text    string
	literal bool
}

// rendered is a filled-in template.
type rendered struct {
	segments []segment
	// params lists the parameters the template mentions (slot names without variants).
	params map[string]bool
}

func (r rendered) String() string {
	var b strings.Builder
	for _, s := range r.segments {
		b.WriteString(s.text)
	}
	return b.String()
}

// render fills the slots of tmpl from slots. A slot without a value renders empty when
// optional(param) is true (an optional parameter the request leaves out) and is an error
// otherwise.
func render(tmpl string, slots map[string]string, optional func(param string) bool) (rendered, error) {
	out := rendered{params: map[string]bool{}}
	rest := tmpl
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		closing := strings.IndexByte(rest[open:], '}')
		if closing < 0 {
			return out, fmt.Errorf("template %q: unclosed slot", tmpl)
		}
		key := rest[open+1 : open+closing]
		param, _, _ := strings.Cut(key, ":")
		value, ok := slots[key]
		if !ok && (optional == nil || !optional(param)) {
			return out, fmt.Errorf("template %q: no value for slot {%s}", tmpl, key)
		}
		out.addLiteral(rest[:open])
		if value != "" {
			out.segments = append(out.segments, segment{text: value})
		} else if after := rest[open+closing+1:]; after == "" || strings.ContainsAny(after[:1], " ?.,!") {
			out.trimTrailingSpace() // "{amount} {from_currency} to" with no currency word
		}
		out.params[param] = true
		rest = rest[open+closing+1:]
	}
	if strings.IndexByte(rest, '}') >= 0 {
		return out, fmt.Errorf("template %q: stray '}'", tmpl)
	}
	out.addLiteral(rest)
	return out, nil
}

// trimTrailingSpace drops a space that an empty slot would leave doubled or before punctuation.
func (r *rendered) trimTrailingSpace() {
	if n := len(r.segments); n > 0 && r.segments[n-1].literal {
		last := &r.segments[n-1]
		last.text = strings.TrimSuffix(last.text, " ")
		if last.text == "" {
			r.segments = r.segments[:n-1]
		}
	}
}

func (r *rendered) addLiteral(s string) {
	if s != "" {
		r.segments = append(r.segments, segment{text: s, literal: true})
	}
}

// noiseKinds are the casual-typing alterations applyNoise picks from.
const (
	noiseLowercase = iota
	noiseNoFinalPunct
	noisePlease
	noiseDoubleSpace
	noiseKinds
)

// applyNoise alters the literal text of r like a hurried typist would: one or two of lower
// case, a dropped final punctuation mark, a trailing "pls", a doubled space.
func applyNoise(r rendered, pick func(n int) int) rendered {
	segs := append([]segment(nil), r.segments...)
	first := pick(noiseKinds)
	kinds := []int{first}
	if pick(2) == 0 {
		kinds = append(kinds, (first+1+pick(noiseKinds-1))%noiseKinds)
	}
	sort.Ints(kinds)
	for _, k := range kinds {
		switch k {
		case noiseLowercase:
			for i := range segs {
				if segs[i].literal {
					segs[i].text = strings.ToLower(segs[i].text)
				}
			}
		case noiseNoFinalPunct:
			dropFinalPunct(segs)
		case noisePlease:
			dropFinalPunct(segs)
			please := []string{" pls", " please", " plz", " thx"}[pick(4)]
			segs = append(segs, segment{text: please, literal: true})
		case noiseDoubleSpace:
			doubleSpace(segs, pick)
		}
	}
	return rendered{segments: segs, params: r.params}
}

func dropFinalPunct(segs []segment) {
	if len(segs) == 0 || !segs[len(segs)-1].literal {
		return
	}
	last := &segs[len(segs)-1]
	last.text = strings.TrimRight(last.text, ".?!")
}

// doubleSpace doubles one space of the literal text.
func doubleSpace(segs []segment, pick func(n int) int) {
	var spots [][2]int // segment index, byte offset
	for i, s := range segs {
		if !s.literal {
			continue
		}
		for j := 0; j < len(s.text); j++ {
			if s.text[j] == ' ' {
				spots = append(spots, [2]int{i, j})
			}
		}
	}
	if len(spots) == 0 {
		return
	}
	spot := spots[pick(len(spots))]
	s := &segs[spot[0]]
	s.text = s.text[:spot[1]] + " " + s.text[spot[1]:]
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lower-cases the first letter of s unless it starts an acronym or a name-like
// word in capitals ("ATMs", "I'm" stay).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsUpper(r) {
		return s
	}
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) || next == '\'' || next == ' ' {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// joinList joins items as English does: "a", "a and b", "a, b and c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
