// Package htmlview renders conversations and loss masks as HTML for notebooks: what a
// generated example says, turn by turn, and which part of its rendered text the training loss
// covers. The HTML uses inline styles only (no <style>, no <script>) and escapes every piece of
// data. An untrusted notebook loses the styles (Notebook 6 sanitises them away), but the text,
// the structure and the order stay readable.
package htmlview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

// roleStyle is how one role's turns look: a background and an accent for the border and label.
type roleStyle struct{ background, accent string }

// styleOf returns the look of a role's turns; unknown roles look like system turns.
func styleOf(role string) roleStyle {
	switch role {
	case dataset.RoleUser:
		return roleStyle{"#eef4ff", "#3b6fd8"}
	case dataset.RoleAssistant:
		return roleStyle{"#eefaf0", "#2e8b57"}
	case dataset.RoleTool:
		return roleStyle{"#fff7e6", "#c77c02"}
	}
	return roleStyle{"#f4f4f4", "#777777"}
}

// Conversation renders an example as chat bubbles: its scenario and offered tools (folded),
// then each message with its role, its text, its tool calls as name(parameters) and, for a
// tool message, the tool whose result it carries.
func Conversation(ex dataset.Example) string {
	var b strings.Builder
	b.WriteString(`<div style="font-family:sans-serif;font-size:14px;max-width:860px">`)
	if ex.Scenario != "" {
		fmt.Fprintf(&b, `<div style="color:#555;margin-bottom:4px">scenario: <b>%s</b></div>`, html.EscapeString(ex.Scenario))
	}
	writeTools(&b, ex)
	for _, m := range ex.Messages {
		writeMessage(&b, m)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// writeTools writes the offered tools as a folded list of names with their schemas inside.
func writeTools(b *strings.Builder, ex dataset.Example) {
	if len(ex.Tools) == 0 {
		return
	}
	names := make([]string, len(ex.Tools))
	for i, t := range ex.Tools {
		names[i] = t.Name
	}
	fmt.Fprintf(b, `<details style="margin-bottom:6px"><summary style="cursor:pointer;color:#555">%d tools offered: %s</summary>`,
		len(ex.Tools), html.EscapeString(strings.Join(names, ", ")))
	b.WriteString(`<pre style="font-size:12px;white-space:pre-wrap;background:#fafafa;padding:6px">`)
	for _, t := range ex.Tools {
		b.WriteString(html.EscapeString(compactJSON(t)))
		b.WriteString("\n")
	}
	b.WriteString(`</pre></details>`)
}

// writeMessage writes one message as a bubble.
func writeMessage(b *strings.Builder, m dataset.Message) {
	st := styleOf(m.Role)
	fmt.Fprintf(b, `<div style="margin:6px 0;padding:8px 10px;border-radius:8px;background:%s;border-left:4px solid %s">`, st.background, st.accent)
	label := m.Role
	if m.Name != "" {
		label += " · " + m.Name
	}
	fmt.Fprintf(b, `<div style="font-size:11px;font-weight:bold;letter-spacing:0.05em;color:%s">%s</div>`, st.accent, html.EscapeString(label))
	if m.Content != "" {
		fmt.Fprintf(b, `<div style="white-space:pre-wrap;overflow-wrap:anywhere">%s</div>`, html.EscapeString(m.Content))
	}
	for _, c := range m.ToolCalls {
		fmt.Fprintf(b, `<div style="font-family:monospace;font-size:13px;margin-top:4px;overflow-wrap:anywhere">&#8594; <b>%s</b>(%s)</div>`,
			html.EscapeString(c.Name), html.EscapeString(compactJSON(c.Parameters)))
	}
	b.WriteString(`</div>`)
}

// compactJSON writes v as one line of JSON without HTML escapes (the caller escapes the text),
// or a note when v cannot be encoded.
func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(cannot be written as JSON: %v)", err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// LossMask renders a conversation's text with the spans the training loss covers highlighted,
// and the share of the text they make up: the model learns to write the highlighted text and
// only reads the rest. It fails if a span lies outside the text, splits a UTF-8 character, or
// is out of order or overlaps the one before.
func LossMask(r chat.Rendered) (string, error) {
	if err := checkSpans(r); err != nil {
		return "", fmt.Errorf("htmlview: LossMask: %w", err)
	}
	covered := 0
	for _, s := range r.Spans {
		covered += s.End - s.Start
	}
	var b strings.Builder
	b.WriteString(`<div style="font-family:sans-serif;font-size:13px;max-width:900px">`)
	fmt.Fprintf(&b, `<div style="margin-bottom:4px"><b style="background:#c6f1c4;padding:0 4px">highlighted</b>: in the loss, %d of %d bytes (%s) in %d assistant turns; <span style="color:#8a8a8a">grey</span>: context the model reads but is not trained to write.</div>`,
		covered, len(r.Text), percent(covered, len(r.Text)), len(r.Spans))
	b.WriteString(`<pre style="white-space:pre-wrap;font-size:12px;line-height:1.45;background:#fcfcfc;border:1px solid #ddd;padding:8px;margin:0">`)
	at := 0
	for _, s := range r.Spans {
		writeSpan(&b, r.Text[at:s.Start], false)
		writeSpan(&b, r.Text[s.Start:s.End], true)
		at = s.End
	}
	writeSpan(&b, r.Text[at:], false)
	b.WriteString(`</pre></div>`)
	return b.String(), nil
}

// writeSpan writes text as trained (bold and highlighted) or context (grey). Bold is markup,
// not style, so trained text stands out even where a front end drops styles.
func writeSpan(b *strings.Builder, text string, trained bool) {
	if text == "" {
		return
	}
	if trained {
		fmt.Fprintf(b, `<b style="%s">%s</b>`, trainedStyle, html.EscapeString(text))
		return
	}
	fmt.Fprintf(b, `<span style="color:#8a8a8a">%s</span>`, html.EscapeString(text))
}

// trainedStyle highlights the text in the loss.
const trainedStyle = "background:#c6f1c4;color:#111"

// checkSpans verifies that the spans are ordered, disjoint, inside the text and on character
// boundaries.
func checkSpans(r chat.Rendered) error {
	prev := 0
	for i, s := range r.Spans {
		switch {
		case s.Start < 0:
			return fmt.Errorf("span %d [%d, %d) starts before the text", i, s.Start, s.End)
		case s.Start < prev:
			return fmt.Errorf("span %d [%d, %d) starts before the end of the previous span (%d)", i, s.Start, s.End, prev)
		case s.End < s.Start:
			return fmt.Errorf("span %d [%d, %d) ends before it starts", i, s.Start, s.End)
		case s.End > len(r.Text):
			return fmt.Errorf("span %d [%d, %d) ends past the text (%d bytes)", i, s.Start, s.End, len(r.Text))
		case !boundary(r.Text, s.Start) || !boundary(r.Text, s.End):
			return fmt.Errorf("span %d [%d, %d) splits a UTF-8 character", i, s.Start, s.End)
		}
		prev = s.End
	}
	return nil
}

// boundary reports whether byte offset i of text starts a character or is its end.
func boundary(text string, i int) bool {
	return i == len(text) || utf8.RuneStart(text[i])
}

func percent(part, total int) string {
	if total == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(total))
}
