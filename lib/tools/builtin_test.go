package tools

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func builtinExecutor(t testing.TB, name string) Executor {
	t.Helper()
	e, ok := Builtins().Get(name)
	if !ok {
		t.Fatalf("no built-in tool %q", name)
	}
	return e.Execute
}

// describeSchema renders a schema compactly: name! for required, type@format, [enum],
// (min..max), array<items>, object{properties}. It lets the test below state TOOLS.md's
// contract one line per tool.
func describeSchema(s *Schema) string {
	var b strings.Builder
	switch s.Type {
	case TypeArray:
		return "array<" + describeSchema(s.Items) + ">"
	case TypeObject:
		return "object{" + describeProperties(s) + "}"
	}
	b.WriteString(s.Type)
	if s.Format != "" {
		b.WriteString("@" + s.Format)
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		b.WriteString("[" + strings.Join(vals, ",") + "]")
	}
	if s.Minimum != nil || s.Maximum != nil {
		fmt.Fprintf(&b, "(%v..%v)", *s.Minimum, *s.Maximum)
	}
	return b.String()
}

func describeProperties(s *Schema) string {
	parts := make([]string, len(s.Properties))
	for i, p := range s.Properties {
		name := p.Name
		for _, r := range s.Required {
			if r == p.Name {
				name += "!"
			}
		}
		parts[i] = name + ":" + describeSchema(p.Schema)
	}
	return strings.Join(parts, " ")
}

// TestBuiltinsMatchContract checks names, order, domains and every parameter against TOOLS.md.
func TestBuiltinsMatchContract(t *testing.T) {
	const (
		units      = "[km,mi,m,ft,cm,in,kg,lb,g,oz,l,gal,celsius,fahrenheit]"
		currencies = "[USD,EUR,GBP,JPY,CHF,CAD,AUD,CNY,INR,BRL,MXN,SEK]"
		languages  = "[English,Spanish,French,German,Italian,Portuguese,Japanese,Chinese,Korean,Arabic]"
		tempUnits  = "[celsius,fahrenheit]"
	)
	want := []struct{ name, domain, params string }{
		{"get_current_weather", "weather", "location!:string unit:string" + tempUnits},
		{"get_weather_forecast", "weather", "location!:string days!:integer(1..7) unit:string" + tempUnits},
		{"calculate", "calculator", "expression!:string"},
		{"convert_units", "conversion", "value!:number from_unit!:string" + units + " to_unit!:string" + units},
		{"convert_currency", "conversion", "amount!:number from_currency!:string" + currencies + " to_currency!:string" + currencies},
		{"web_search", "search", "query!:string num_results:integer(1..10)"},
		{"create_calendar_event", "calendar", "title!:string date!:string@date time:string@time duration_minutes:integer(5..480) " +
			"attendees:array<string@email> recurrence:object{frequency!:string[daily,weekly,monthly] count:integer(1..52)}"},
		{"list_calendar_events", "calendar", "date!:string@date"},
		{"send_email", "email", "to!:string@email subject!:string body!:string cc:array<string@email>"},
		{"get_stock_price", "stocks", "symbol!:string"},
		{"translate_text", "translation", "text!:string target_language!:string" + languages + " source_language:string" + languages},
		{"get_directions", "maps", "origin!:string destination!:string mode:string[driving,walking,bicycling,transit]"},
		{"find_nearby_places", "maps", "location!:string place_type!:string[restaurant,cafe,pharmacy,hospital,gas_station,supermarket,museum,park,hotel,atm] radius_km:number(0.1..50)"},
		{"set_reminder", "reminders", "message!:string date!:string@date time!:string@time"},
		{"get_current_time", "time", "timezone!:string"},
		{"get_news_headlines", "news", "topic!:string country:string[us,gb,fr,de,jp,in,br,ca,au,es] count:integer(1..10)"},
		{"search_flights", "travel", "origin!:string destination!:string date!:string@date passengers:integer(1..9) cabin:string[economy,premium_economy,business,first]"},
		{"book_restaurant", "restaurants", "restaurant_name!:string date!:string@date time!:string@time party_size!:integer(1..20)"},
		{"play_music", "music", "query!:string shuffle:boolean"},
	}
	entries := Builtins().Entries()
	if len(entries) != len(want) {
		t.Fatalf("Builtins() has %d tools, want %d", len(entries), len(want))
	}
	for i, w := range want {
		e := entries[i]
		if e.Tool.Name != w.name || e.Domain != w.domain {
			t.Errorf("tool %d = %s [%s], want %s [%s]", i, e.Tool.Name, e.Domain, w.name, w.domain)
			continue
		}
		if got := describeProperties(&e.Tool.Parameters); got != w.params {
			t.Errorf("%s parameters:\n got %s\nwant %s", w.name, got, w.params)
		}
	}
}

func TestBuiltinsAreWellFormed(t *testing.T) {
	r := Builtins()
	if r.Len() < 16 || len(r.Domains()) < 8 {
		t.Errorf("Builtins() has %d tools over %d domains, want >= 16 over >= 8", r.Len(), len(r.Domains()))
	}
	for _, e := range r.Entries() {
		if err := e.Tool.Check(); err != nil {
			t.Errorf("Check: %v", err)
		}
		if e.Execute == nil {
			t.Errorf("%s has no executor", e.Tool.Name)
		}
		if len(e.Tool.Description) < 20 {
			t.Errorf("%s: description %q is too short to guide a model", e.Tool.Name, e.Tool.Description)
		}
		forEachSchema(&e.Tool.Parameters, e.Tool.Name, func(path string, s *Schema) {
			if path != e.Tool.Name && s.Description == "" {
				t.Errorf("%s has no description", path)
			}
		})
	}
}

// forEachSchema visits s and every schema nested in it, with a path for messages.
func forEachSchema(s *Schema, path string, visit func(string, *Schema)) {
	visit(path, s)
	if s.Items != nil {
		forEachSchema(s.Items, path+"[]", visit)
	}
	for _, p := range s.Properties {
		forEachSchema(p.Schema, path+"."+p.Name, visit)
	}
}

func TestBuiltinsReturnsFreshRegistry(t *testing.T) {
	a, b := Builtins(), Builtins()
	ea, _ := a.Get("get_current_weather")
	ea.Tool.Parameters.Properties.Get("unit").Enum[0] = "kelvin"
	ea.Tool.Parameters.Properties[0].Schema.Description = "changed"
	eb, _ := b.Get("get_current_weather")
	if eb.Tool.Param("unit").Enum[0] != "celsius" || eb.Tool.Param("location").Description == "changed" {
		t.Error("changing one Builtins() registry changed another")
	}
}

// exampleCall is a valid call of a built-in tool.
type exampleCall struct {
	tool string
	args map[string]any
}

// validCalls lists two valid calls per built-in tool whose results must differ.
func validCalls() [][2]exampleCall {
	pair := func(tool string, a, b map[string]any) [2]exampleCall {
		return [2]exampleCall{{tool, a}, {tool, b}}
	}
	return [][2]exampleCall{
		pair("get_current_weather", map[string]any{"location": "Paris, France"}, map[string]any{"location": "Tokyo", "unit": "fahrenheit"}),
		pair("get_weather_forecast", map[string]any{"location": "Berlin", "days": 3}, map[string]any{"location": "Lima, Peru", "days": 7, "unit": "fahrenheit"}),
		pair("calculate", map[string]any{"expression": "(12.5 + 7) * 3^2"}, map[string]any{"expression": "sqrt(144) / 4"}),
		pair("convert_units", map[string]any{"value": 100, "from_unit": "km", "to_unit": "mi"}, map[string]any{"value": 20.5, "from_unit": "celsius", "to_unit": "fahrenheit"}),
		pair("convert_currency", map[string]any{"amount": 100, "from_currency": "USD", "to_currency": "EUR"}, map[string]any{"amount": 250.75, "from_currency": "GBP", "to_currency": "JPY"}),
		pair("web_search", map[string]any{"query": "electric cars"}, map[string]any{"query": "history of jazz", "num_results": 3}),
		pair("create_calendar_event", map[string]any{"title": "Dentist", "date": "2025-03-14"},
			map[string]any{"title": "Team sync", "date": "2025-01-31", "time": "23:30", "duration_minutes": 90,
				"attendees": []any{"ana@example.com", "bo@example.org"}, "recurrence": map[string]any{"frequency": "monthly", "count": 3}}),
		pair("list_calendar_events", map[string]any{"date": "2025-03-04"}, map[string]any{"date": "2025-03-05"}),
		pair("send_email", map[string]any{"to": "bob@example.com", "subject": "Hi", "body": "See you soon."},
			map[string]any{"to": "amy@example.com", "subject": "Report", "body": "Attached.", "cc": []any{"cfo@example.com"}}),
		pair("get_stock_price", map[string]any{"symbol": "AAPL"}, map[string]any{"symbol": "BRK.B"}),
		pair("translate_text", map[string]any{"text": "Hello", "target_language": "Spanish"},
			map[string]any{"text": "The meeting is at noon.", "target_language": "German", "source_language": "English"}),
		pair("get_directions", map[string]any{"origin": "Louvre", "destination": "Eiffel Tower"}, map[string]any{"origin": "Louvre", "destination": "Eiffel Tower", "mode": "transit"}),
		pair("find_nearby_places", map[string]any{"location": "Rome, Italy", "place_type": "museum"}, map[string]any{"location": "Rome, Italy", "place_type": "pharmacy", "radius_km": 1.5}),
		pair("set_reminder", map[string]any{"message": "Call mom", "date": "2025-05-01", "time": "09:00"}, map[string]any{"message": "Call mom", "date": "2025-05-01", "time": "09:30"}),
		pair("get_current_time", map[string]any{"timezone": "Europe/Paris"}, map[string]any{"timezone": "Asia/Tokyo"}),
		pair("get_news_headlines", map[string]any{"topic": "climate"}, map[string]any{"topic": "technology", "country": "jp", "count": 2}),
		pair("search_flights", map[string]any{"origin": "JFK", "destination": "LHR", "date": "2025-06-01"},
			map[string]any{"origin": "CDG", "destination": "NRT", "date": "2025-06-01", "passengers": 2, "cabin": "business"}),
		pair("book_restaurant", map[string]any{"restaurant_name": "Chez Marie", "date": "2025-06-01", "time": "19:30", "party_size": 4},
			map[string]any{"restaurant_name": "Chez Marie", "date": "2025-06-01", "time": "19:30", "party_size": 5}),
		pair("play_music", map[string]any{"query": "Bohemian Rhapsody by Queen"}, map[string]any{"query": "jazz", "shuffle": true}),
	}
}

func TestValidCallsCoverEveryBuiltin(t *testing.T) {
	covered := map[string]bool{}
	for _, p := range validCalls() {
		covered[p[0].tool] = true
	}
	for _, e := range Builtins().Entries() {
		if !covered[e.Tool.Name] {
			t.Errorf("validCalls has no example for %s", e.Tool.Name)
		}
	}
}

// TestExecutorsAreDeterministic runs every valid call twice, with its numbers as Go ints and
// again as JSON decodes them, and checks the results are JSON values that marshal identically;
// the two calls of a pair must give different results.
func TestExecutorsAreDeterministic(t *testing.T) {
	r := Builtins()
	for _, p := range validCalls() {
		e, _ := r.Get(p[0].tool)
		var results [2][]byte
		for i, call := range p {
			before := CanonicalJSON(call.args)
			out, err := e.Execute(call.args)
			if after := CanonicalJSON(call.args); after != before {
				t.Errorf("%s changed its arguments: %s -> %s", call.tool, before, after)
			}
			if err != nil {
				t.Errorf("%s(%s): %v", call.tool, CanonicalJSON(call.args), err)
				continue
			}
			if path, bad := findNonJSONValue(out, call.tool); bad {
				t.Errorf("%s(%s): result holds a non-JSON value at %s", call.tool, CanonicalJSON(call.args), path)
			}
			first, err := json.Marshal(out)
			if err != nil {
				t.Errorf("%s: marshal result: %v", call.tool, err)
				continue
			}
			again, _ := e.Execute(decodeJSON(t, CanonicalJSON(call.args)))
			if second, _ := json.Marshal(again); !bytes.Equal(first, second) {
				t.Errorf("%s(%s) is not deterministic:\n%s\n%s", call.tool, CanonicalJSON(call.args), first, second)
			}
			results[i] = first
		}
		if results[0] != nil && bytes.Equal(results[0], results[1]) {
			t.Errorf("%s gives the same result for different arguments: %s", p[0].tool, results[0])
		}
	}
}

// decodeJSON decodes text as a JSON object with numbers as json.Number, as a strict reader of
// model output would.
func decodeJSON(t testing.TB, text string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %s: %v", text, err)
	}
	return m
}

// findNonJSONValue reports the path of the first value that is not one of the types
// encoding/json decodes into (string, float64, bool, nil, []any, map[string]any).
func findNonJSONValue(v any, path string) (string, bool) {
	switch x := v.(type) {
	case nil, string, float64, bool:
		return "", false
	case []any:
		for i, item := range x {
			if p, bad := findNonJSONValue(item, fmt.Sprintf("%s[%d]", path, i)); bad {
				return p, true
			}
		}
		return "", false
	case map[string]any:
		for _, k := range sortedKeys(x) {
			if p, bad := findNonJSONValue(x[k], path+"."+k); bad {
				return p, true
			}
		}
		return "", false
	}
	return fmt.Sprintf("%s (%T)", path, v), true
}

func TestExecutorsRejectInvalidArgs(t *testing.T) {
	tests := []struct {
		tool     string
		args     map[string]any
		wantPath string
		wantMsg  string
	}{
		{"get_current_weather", map[string]any{}, "location", "missing required parameter"},
		{"get_current_weather", map[string]any{"location": "Paris", "unit": "kelvin"}, "unit", `"kelvin" is not one of`},
		{"get_current_weather", map[string]any{"location": 42}, "location", "wrong type: got number, want string"},
		{"get_current_weather", map[string]any{"location": "Paris", "city": "Paris"}, "city", "unknown parameter"},
		{"get_current_weather", map[string]any{"location": "  "}, "location", "must not be empty"},
		{"get_weather_forecast", map[string]any{"location": "Oslo", "days": 8}, "days", "above the maximum 7"},
		{"get_weather_forecast", map[string]any{"location": "Oslo", "days": 2.5}, "days", "want integer"},
		{"get_weather_forecast", map[string]any{"location": "Oslo", "days": "3"}, "days", "wrong type: got string"},
		{"convert_units", map[string]any{"value": "ten", "from_unit": "km", "to_unit": "mi"}, "value", "wrong type"},
		{"convert_currency", map[string]any{"amount": 5, "from_currency": "usd", "to_currency": "EUR"}, "from_currency", "is not one of"},
		{"web_search", map[string]any{"query": "go", "num_results": 0}, "num_results", "below the minimum 1"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "03/14/2025"}, "date", "is not a date"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "2025-02-30"}, "date", "is not a date"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "2025-03-14", "time": "9am"}, "time", "is not a time"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "2025-03-14", "attendees": []any{"a@b.com", "bob"}}, "attendees[1]", "not an email address"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "2025-03-14", "recurrence": map[string]any{"count": 3}}, "recurrence.frequency", "missing required parameter"},
		{"create_calendar_event", map[string]any{"title": "x", "date": "2025-03-14", "recurrence": "weekly"}, "recurrence", "want object"},
		{"send_email", map[string]any{"to": "not-an-address", "subject": "s", "body": "b"}, "to", "not an email address"},
		{"get_stock_price", map[string]any{"symbol": "Apple Inc."}, "symbol", "not a ticker symbol"},
		{"translate_text", map[string]any{"text": "hi", "target_language": "Klingon"}, "target_language", "is not one of"},
		{"get_directions", map[string]any{"origin": "Paris", "destination": " paris "}, "destination", "same place as origin"},
		{"find_nearby_places", map[string]any{"location": "Rome", "place_type": "zoo"}, "place_type", "is not one of"},
		{"find_nearby_places", map[string]any{"location": "Rome", "place_type": "cafe", "radius_km": 0.05}, "radius_km", "below the minimum 0.1"},
		{"set_reminder", map[string]any{"message": "m", "date": "2025-01-01", "time": "25:00"}, "time", "is not a time"},
		{"get_current_time", map[string]any{"timezone": "Mars/Olympus"}, "timezone", "not an IANA time zone"},
		{"get_current_time", map[string]any{"timezone": "Local"}, "timezone", "not an IANA time zone"},
		{"get_news_headlines", map[string]any{"topic": "ai", "country": "xx"}, "country", "is not one of"},
		{"search_flights", map[string]any{"origin": "New York", "destination": "LHR", "date": "2025-06-01"}, "origin", "not a three-letter IATA airport code"},
		{"search_flights", map[string]any{"origin": "jfk", "destination": "JFK", "date": "2025-06-01"}, "destination", "same airport as origin"},
		{"search_flights", map[string]any{"origin": "JFK", "destination": "LHR", "date": "2025-06-01", "passengers": 10}, "passengers", "above the maximum 9"},
		{"book_restaurant", map[string]any{"restaurant_name": "X", "date": "2025-06-01", "time": "19:30"}, "party_size", "missing required parameter"},
		{"play_music", map[string]any{"query": "jazz", "shuffle": "yes"}, "shuffle", "want boolean"},
	}
	r := Builtins()
	for _, tt := range tests {
		e, _ := r.Get(tt.tool)
		out, err := e.Execute(tt.args)
		var ae *InvalidArgsError
		if !errors.As(err, &ae) {
			t.Errorf("%s(%s) = %v, %v; want an InvalidArgsError", tt.tool, CanonicalJSON(tt.args), out, err)
			continue
		}
		if ae.Tool != tt.tool || !hasProblem(ae.Problems, tt.wantPath, tt.wantMsg) {
			t.Errorf("%s(%s) error = %q; want a problem at %q containing %q", tt.tool, CanonicalJSON(tt.args), err, tt.wantPath, tt.wantMsg)
		}
		if !strings.HasPrefix(err.Error(), tt.tool+": invalid arguments: ") {
			t.Errorf("error %q does not name the tool", err)
		}
	}
}

func hasProblem(problems []ArgError, path, msg string) bool {
	for _, p := range problems {
		if p.Path == path && strings.Contains(p.Msg, msg) {
			return true
		}
	}
	return false
}

func BenchmarkExecuteBuiltins(b *testing.B) {
	r := Builtins()
	calls := validCalls()
	for b.Loop() {
		for _, p := range calls {
			e, _ := r.Get(p[1].tool)
			if _, err := e.Execute(p[1].args); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkBuiltins(b *testing.B) {
	for b.Loop() {
		Builtins()
	}
}

// TestExecutorsAreSafeConcurrently runs the executors of one registry from several goroutines
// (meaningful under -race) and checks each gets the sequential result.
func TestExecutorsAreSafeConcurrently(t *testing.T) {
	r := Builtins()
	calls := validCalls()
	want := make([]string, len(calls))
	for i, p := range calls {
		e, _ := r.Get(p[1].tool)
		out, _ := e.Execute(p[1].args)
		want[i] = CanonicalJSON(out)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(calls))
	for range 4 {
		wg.Go(func() {
			for i, p := range calls {
				e, _ := r.Get(p[1].tool)
				if out, _ := e.Execute(p[1].args); CanonicalJSON(out) != want[i] {
					errs <- p[1].tool
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for tool := range errs {
		t.Errorf("%s gave a different result concurrently", tool)
	}
}
