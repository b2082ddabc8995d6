package datagen

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name     string
		tmpl     string
		slots    map[string]string
		absent   []string
		want     string
		params   []string
		errMatch string
	}{
		{name: "plain", tmpl: "Weather in {location}?", slots: map[string]string{"location": "Lima"}, want: "Weather in Lima?", params: []string{"location"}},
		{name: "variant", tmpl: "Price of {symbol:company}", slots: map[string]string{"symbol:company": "Apple"}, want: "Price of Apple", params: []string{"symbol"}},
		{name: "optional absent", tmpl: "Weather in {location}{unit}?", slots: map[string]string{"location": "Lima"}, absent: []string{"unit"}, want: "Weather in Lima?", params: []string{"location", "unit"}},
		{name: "empty slot before a word", tmpl: "Convert {amount} {from_currency} to {to}", slots: map[string]string{"amount": "$5", "from_currency": "", "to": "EUR"}, want: "Convert $5 to EUR", params: []string{"amount", "from_currency", "to"}},
		{name: "empty slot before punctuation", tmpl: "Is {amount} {from_currency}?", slots: map[string]string{"amount": "$5", "from_currency": ""}, want: "Is $5?", params: []string{"amount", "from_currency"}},
		{name: "missing required", tmpl: "Weather in {location}", slots: map[string]string{}, errMatch: "no value for slot {location}"},
		{name: "unclosed", tmpl: "Weather in {location", slots: map[string]string{"location": "Lima"}, errMatch: "unclosed slot"},
		{name: "stray brace", tmpl: "Weather} in Lima", errMatch: "stray"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			absent := map[string]bool{}
			for _, a := range tt.absent {
				absent[a] = true
			}
			r, err := render(tt.tmpl, tt.slots, func(p string) bool { return absent[p] })
			if tt.errMatch != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errMatch) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errMatch)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if len(r.params) != len(tt.params) {
				t.Errorf("params %v, want %v", r.params, tt.params)
			}
			for _, p := range tt.params {
				if !r.params[p] {
					t.Errorf("param %q not recorded", p)
				}
			}
		})
	}
}

// Noise changes template text only: the values the call copies stay exactly as they are.
func TestNoiseKeepsValues(t *testing.T) {
	slots := map[string]string{"subject": "Project Update", "body": "The report is ready."}
	base, err := render("Send An Email With Subject {subject} Saying: {body}", slots, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		picks []int // the choices applyNoise draws, in order
		want  string
	}{
		{"lowercase", []int{noiseLowercase, 1}, "send an email with subject Project Update saying: The report is ready."},
		{"final punctuation belongs to a value", []int{noiseNoFinalPunct, 1}, "Send An Email With Subject Project Update Saying: The report is ready."},
		{"please", []int{noisePlease, 1, 0}, "Send An Email With Subject Project Update Saying: The report is ready. pls"},
		{"double space", []int{noiseDoubleSpace, 1, 0}, "Send  An Email With Subject Project Update Saying: The report is ready."},
		{"two kinds", []int{noiseLowercase, 0, 1, 1}, "send an email with subject Project Update saying: The report is ready. please"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			picks := tt.picks
			pick := func(n int) int {
				v := picks[0]
				picks = picks[1:]
				if v >= n {
					t.Fatalf("scripted pick %d out of range %d", v, n)
				}
				return v
			}
			if got := applyNoise(base, pick).String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if base.String() != "Send An Email With Subject Project Update Saying: The report is ready." {
				t.Errorf("applyNoise changed its input: %q", base.String())
			}
		})
	}
}

func TestTextHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{joinList(nil), ""},
		{joinList([]string{"a"}), "a"},
		{joinList([]string{"a", "b"}), "a and b"},
		{joinList([]string{"a", "b", "c"}), "a, b and c"},
		{lowerFirst("What time"), "what time"},
		{lowerFirst("ATMs near"), "ATMs near"},
		{lowerFirst("I'm in"), "I'm in"},
		{capitalize("élan"), "Élan"},
		{ordinal(1), "1st"}, {ordinal(2), "2nd"}, {ordinal(3), "3rd"}, {ordinal(4), "4th"},
		{ordinal(11), "11th"}, {ordinal(12), "12th"}, {ordinal(13), "13th"}, {ordinal(21), "21st"}, {ordinal(22), "22nd"},
		{twelveHour(19, 30, false), "7:30 pm"}, {twelveHour(0, 0, true), "12am"}, {twelveHour(12, 15, true), "12:15pm"},
		{formatNumber(1234567.5, true), "1,234,567.5"}, {formatNumber(999, true), "999"}, {formatNumber(-1200, true), "-1,200"},
		{formatNumber(0.15, false), "0.15"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// Dates stay in 2026-2027 and their phrasings name the same day.
func TestDates(t *testing.T) {
	for i := range 500 {
		s := newSampler(3, i, SplitTrain, newPools(SplitTrain))
		d := s.date()
		if d.iso < "2026-01-01" || d.iso > "2027-12-31" {
			t.Fatalf("date %s outside 2026-2027", d.iso)
		}
		if !strings.HasPrefix(d.on, "on ") && d.on != d.bare && !strings.HasPrefix(d.on, "in ") && !strings.HasPrefix(d.on, "this ") {
			t.Fatalf("odd date phrasing %q / %q", d.on, d.bare)
		}
		relative := !strings.Contains(d.bare, "202")
		if relative != s.dated {
			t.Fatalf("date %q: dated = %v, want %v", d.bare, s.dated, relative)
		}
		if !relative && !strings.Contains(d.bare, d.iso[:4]) {
			t.Fatalf("date %q does not state the year of %s", d.bare, d.iso)
		}
	}
}
