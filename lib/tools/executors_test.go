package tools

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// run executes a built-in tool and fails the test on error.
func run(t *testing.T, tool string, a map[string]any) map[string]any {
	t.Helper()
	out, err := builtinExecutor(t, tool)(a)
	if err != nil {
		t.Fatalf("%s(%s): %v", tool, CanonicalJSON(a), err)
	}
	return out
}

// list returns a result field as a list of objects.
func list(t *testing.T, out map[string]any, key string) []map[string]any {
	t.Helper()
	items, ok := out[key].([]any)
	if !ok {
		t.Fatalf("result field %q = %#v, want a list", key, out[key])
	}
	objs := make([]map[string]any, len(items))
	for i, it := range items {
		if objs[i], ok = it.(map[string]any); !ok {
			t.Fatalf("%s[%d] = %#v, want an object", key, i, it)
		}
	}
	return objs
}

func TestWeatherUnitsAgree(t *testing.T) {
	for i := range 50 {
		city := fmt.Sprintf("City %d, Country", i)
		c := run(t, "get_current_weather", map[string]any{"location": city})
		f := run(t, "get_current_weather", map[string]any{"location": strings.ToUpper(city), "unit": "fahrenheit"})
		if c["condition"] != f["condition"] || c["humidity"] != f["humidity"] {
			t.Errorf("the same city gives different weather: %v vs %v", c, f)
		}
		if want := c["temperature"].(float64)*9/5 + 32; math.Abs(f["temperature"].(float64)-want) > 0.05+1e-9 {
			t.Errorf("fahrenheit temperature = %v, want %v (celsius %v)", f["temperature"], want, c["temperature"])
		}
		if c["unit"] != "celsius" || f["unit"] != "fahrenheit" {
			t.Errorf("units = %v, %v", c["unit"], f["unit"])
		}
		if h := c["humidity"].(float64); h < 0 || h > 100 {
			t.Errorf("humidity %v out of range", h)
		}
	}
}

func TestForecast(t *testing.T) {
	week := list(t, run(t, "get_weather_forecast", map[string]any{"location": "Oslo", "days": 7}), "forecast")
	three := list(t, run(t, "get_weather_forecast", map[string]any{"location": "Oslo", "days": 3}), "forecast")
	if len(week) != 7 || len(three) != 3 {
		t.Fatalf("got %d and %d days, want 7 and 3", len(week), len(three))
	}
	if !reflect.DeepEqual(three, week[:3]) {
		t.Errorf("3-day forecast is not the start of the 7-day one:\n%v\n%v", three, week[:3])
	}
	for i, d := range week {
		if d["day"] != float64(i+1) || d["high"].(float64) < d["low"].(float64) {
			t.Errorf("day %d = %v", i, d)
		}
		if p := d["precipitation_chance"].(float64); p < 0 || p > 100 {
			t.Errorf("day %d precipitation %v", i, p)
		}
	}
}

func TestCalculateTool(t *testing.T) {
	out := run(t, "calculate", map[string]any{"expression": "0.1 + 0.2"})
	if out["result"] != 0.3 || out["expression"] != "0.1 + 0.2" {
		t.Errorf("calculate(0.1 + 0.2) = %v, want result 0.3", out)
	}
	_, err := builtinExecutor(t, "calculate")(map[string]any{"expression": "5/(3-3)"})
	if err == nil || !strings.Contains(err.Error(), "calculate: cannot evaluate \"5/(3-3)\"") || !strings.Contains(err.Error(), "division by zero") {
		t.Errorf("calculate(5/(3-3)) error = %v", err)
	}
}

func TestWebSearch(t *testing.T) {
	five := list(t, run(t, "web_search", map[string]any{"query": "Go generics"}), "results")
	ten := list(t, run(t, "web_search", map[string]any{"query": "Go generics", "num_results": 10}), "results")
	if len(five) != 5 || len(ten) != 10 || !reflect.DeepEqual(five, ten[:5]) {
		t.Fatalf("got %d and %d results; 5 must be the start of 10", len(five), len(ten))
	}
	seen := map[any]bool{}
	for _, r := range ten {
		key := r["title"].(string) + r["url"].(string)
		if seen[key] || !strings.Contains(r["snippet"].(string), "Go Generics") || !strings.HasPrefix(r["url"].(string), "https://") {
			t.Errorf("bad or repeated result %v", r)
		}
		seen[key] = true
	}
}

func TestCreateEvent(t *testing.T) {
	out := run(t, "create_calendar_event", map[string]any{"title": "Sync", "date": "2025-01-31", "time": "23:30", "duration_minutes": 90,
		"recurrence": map[string]any{"frequency": "monthly", "count": 3}})
	if out["end_time"] != "01:00" || out["end_date"] != "2025-02-01" {
		t.Errorf("23:30 + 90 min ends %v %v, want 2025-02-01 01:00", out["end_date"], out["end_time"])
	}
	rec := out["recurrence"].(map[string]any)
	if want := []any{"2025-01-31", "2025-02-28", "2025-03-31"}; !reflect.DeepEqual(rec["next_occurrences"], want) {
		t.Errorf("monthly occurrences = %v, want %v (clamped to month ends)", rec["next_occurrences"], want)
	}
	weekly := run(t, "create_calendar_event", map[string]any{"title": "Gym", "date": "2024-12-30", "recurrence": map[string]any{"frequency": "weekly"}})
	rec = weekly["recurrence"].(map[string]any)
	if want := []any{"2024-12-30", "2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"}; !reflect.DeepEqual(rec["next_occurrences"], want) {
		t.Errorf("weekly occurrences = %v, want %v", rec["next_occurrences"], want)
	}
	if weekly["all_day"] != true || weekly["time"] != nil {
		t.Errorf("event without a time should be all-day: %v", weekly)
	}
	id, _ := out["event_id"].(string)
	if !strings.HasPrefix(id, "evt_") || len(id) != 14 {
		t.Errorf("event_id = %q", id)
	}
}

func TestListEvents(t *testing.T) {
	nonEmpty := 0
	for day := 1; day <= 10; day++ {
		date := time.Date(2025, 4, day, 0, 0, 0, 0, time.UTC).Format(dateLayout)
		out := run(t, "list_calendar_events", map[string]any{"date": date})
		events := list(t, out, "events")
		if out["count"] != float64(len(events)) || out["date"] != date {
			t.Errorf("%s: count %v for %d events", date, out["count"], len(events))
		}
		prev := ""
		for _, e := range events {
			tm := e["time"].(string)
			if tm <= prev || tm < "08:00" || tm > "17:30" {
				t.Errorf("%s: event times out of order or hours: %v", date, events)
			}
			prev = tm
			for _, a := range e["attendees"].([]any) {
				if !emailRe.MatchString(a.(string)) {
					t.Errorf("attendee %q is not an email address", a)
				}
			}
		}
		if len(events) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 5 {
		t.Errorf("only %d of 10 days have events; chains to send_email need some", nonEmpty)
	}
}

func TestStockPrice(t *testing.T) {
	lower := run(t, "get_stock_price", map[string]any{"symbol": "msft"})
	upper := run(t, "get_stock_price", map[string]any{"symbol": "MSFT"})
	if !reflect.DeepEqual(lower, upper) || upper["symbol"] != "MSFT" || upper["currency"] != "USD" {
		t.Errorf("msft and MSFT differ or are not normalized: %v vs %v", lower, upper)
	}
	price, prev := upper["price"].(float64), upper["previous_close"].(float64)
	if price < 5 || price > 900 || math.Abs(price-prev-upper["change"].(float64)) > 0.011 {
		t.Errorf("inconsistent quote %v", upper)
	}
	if pct := (price - prev) / prev * 100; math.Abs(pct-upper["change_percent"].(float64)) > 0.05 {
		t.Errorf("change_percent %v, computed %v", upper["change_percent"], pct)
	}
}

func TestIsTicker(t *testing.T) {
	for s, want := range map[string]bool{"AAPL": true, "F": true, "BRK.B": true, "BF-B": true, "GOOGL": true,
		"TOOLONG": false, "": false, "1ABC": false, "AB.": false, "AB.CDE": false, "A B": false, "APPLE INC.": false} {
		if got := isTicker(s); got != want {
			t.Errorf("isTicker(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTranslate(t *testing.T) {
	tests := []struct {
		args                 map[string]any
		wantText, wantSource string
	}{
		{map[string]any{"text": "Where is the train station?", "target_language": "French"}, "Où est la gare ?", "English"},
		{map[string]any{"text": "gracias!", "target_language": "Japanese"}, "ありがとう", "Spanish"},
		{map[string]any{"text": "谢谢", "target_language": "English"}, "Thank you", "Chinese"},
		{map[string]any{"text": "Guten Morgen", "target_language": "Italian", "source_language": "German"}, "Buongiorno", "German"},
		{map[string]any{"text": "The weather is nice", "target_language": "English"}, "The weather is nice", "English"},
		{map[string]any{"text": "Le chat est sur la table", "target_language": "Korean"}, "[ko] Le chat est sur la table", "French"},
	}
	for _, tt := range tests {
		out := run(t, "translate_text", tt.args)
		if out["translated_text"] != tt.wantText || out["source_language"] != tt.wantSource {
			t.Errorf("translate(%v) = %q from %v, want %q from %s", tt.args, out["translated_text"], out["source_language"], tt.wantText, tt.wantSource)
		}
		if _, given := tt.args["source_language"]; out["detected_source"] != !given {
			t.Errorf("translate(%v): detected_source = %v", tt.args, out["detected_source"])
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := map[string]string{
		"Where is the nearest hotel?":       "English",
		"¿Dónde está el hotel más cercano?": "Spanish",
		"Je voudrais une table pour deux":   "French",
		"Ich habe das Buch nicht gelesen":   "German",
		"Il treno per Roma è in ritardo":    "Italian",
		"Eu não sei onde fica a estação":    "Portuguese",
		"東京はどこですか":                          "Japanese",
		"我想喝咖啡":                             "Chinese",
		"감사합니다 친구":                          "Korean",
		"أين المطار":                        "Arabic",
		"12345":                             "English",
	}
	for text, want := range tests {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestDirections(t *testing.T) {
	drive := run(t, "get_directions", map[string]any{"origin": "Central Station", "destination": "City Museum"})
	back := run(t, "get_directions", map[string]any{"origin": "City Museum", "destination": "Central Station", "mode": "driving"})
	walk := run(t, "get_directions", map[string]any{"origin": "Central Station", "destination": "City Museum", "mode": "walking"})
	if drive["distance_km"] != back["distance_km"] || drive["distance_km"] != walk["distance_km"] {
		t.Errorf("the same route has different lengths: %v, %v, %v", drive["distance_km"], back["distance_km"], walk["distance_km"])
	}
	if drive["mode"] != "driving" || walk["duration_minutes"].(float64) <= drive["duration_minutes"].(float64) {
		t.Errorf("walking (%v min) should take longer than driving (%v min)", walk["duration_minutes"], drive["duration_minutes"])
	}
	outs := []map[string]any{drive, back, walk}
	for i := range 100 {
		for _, mode := range travelModes() {
			a := map[string]any{"origin": fmt.Sprintf("Stop %d", i), "destination": fmt.Sprintf("Stop %d", i+1), "mode": mode}
			outs = append(outs, run(t, "get_directions", a))
		}
	}
	for _, out := range outs {
		steps := list(t, out, "steps")
		var sum float64
		for _, s := range steps {
			d := s["distance_km"].(float64)
			if d < 0 {
				t.Errorf("negative step %v", s)
			}
			sum += d
		}
		if math.Abs(sum-out["distance_km"].(float64)) > 1e-9 {
			t.Errorf("steps add up to %v km, route is %v km", sum, out["distance_km"])
		}
		if last := steps[len(steps)-1]["instruction"]; last != "Arrive at "+out["destination"].(string) {
			t.Errorf("last step %q does not arrive at the destination", last)
		}
	}
}

func TestNearbyPlaces(t *testing.T) {
	for _, radius := range []float64{0.1, 2, 50} {
		out := run(t, "find_nearby_places", map[string]any{"location": "Lyon, France", "place_type": "cafe", "radius_km": radius})
		places := list(t, out, "places")
		if len(places) < 3 || len(places) > 5 {
			t.Errorf("radius %v: %d places, want 3 to 5", radius, len(places))
		}
		prev := 0.0
		for _, p := range places {
			d := p["distance_km"].(float64)
			if d < prev || d > radius {
				t.Errorf("radius %v: distances not sorted or outside the radius: %v", radius, places)
			}
			prev = d
			if !strings.HasSuffix(p["address"].(string), ", Lyon") || p["name"] == "" {
				t.Errorf("place %v lacks a name or an address in Lyon", p)
			}
			if r := p["rating"].(float64); r < 3.5 || r > 5 {
				t.Errorf("rating %v out of range", r)
			}
		}
	}
}

func TestCurrentTime(t *testing.T) {
	for _, zone := range []string{"Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Sydney"} {
		out := run(t, "get_current_time", map[string]any{"timezone": zone})
		ts, err := time.Parse(time.RFC3339, out["datetime"].(string))
		if err != nil {
			t.Fatalf("%s: datetime %v: %v", zone, out["datetime"], err)
		}
		loc, _ := time.LoadLocation(zone)
		local := ts.In(loc)
		if got, want := out["utc_offset"], local.Format("-07:00"); got != want {
			t.Errorf("%s: offset %v, want %v at %v", zone, got, want, ts.UTC())
		}
		if out["date"] != local.Format(dateLayout) || out["time"] != local.Format("15:04") || out["day_of_week"] != local.Weekday().String() {
			t.Errorf("%s: fields disagree with datetime: %v", zone, out)
		}
		if ts.Year() != 2025 {
			t.Errorf("%s: simulated clock left 2025: %v", zone, ts)
		}
	}
	if got := run(t, "get_current_time", map[string]any{"timezone": "UTC"})["utc_offset"]; got != "+00:00" {
		t.Errorf("UTC offset = %v", got)
	}
}

func TestNewsHeadlines(t *testing.T) {
	out := run(t, "get_news_headlines", map[string]any{"topic": "space exploration", "country": "fr", "count": 10})
	items := list(t, out, "headlines")
	titles := map[any]bool{}
	for _, h := range items {
		titles[h["title"]] = true
		if !strings.Contains(h["title"].(string), "Space Exploration") {
			t.Errorf("headline %q does not mention the topic", h["title"])
		}
		if indexOf(newsSources("fr"), h["source"].(string)) < 0 {
			t.Errorf("source %q is not a French outlet", h["source"])
		}
	}
	if len(items) != 10 || len(titles) != 10 || out["country"] != "fr" {
		t.Errorf("got %d headlines, %d distinct titles, country %v", len(items), len(titles), out["country"])
	}
	if n := len(list(t, run(t, "get_news_headlines", map[string]any{"topic": "sports"}), "headlines")); n != 5 {
		t.Errorf("default count gave %d headlines, want 5", n)
	}
}

func TestSearchFlights(t *testing.T) {
	args := map[string]any{"origin": "sfo", "destination": "ORD", "date": "2025-09-10", "passengers": 3}
	eco := run(t, "search_flights", args)
	args["cabin"] = "business"
	biz := run(t, "search_flights", args)
	if eco["origin"] != "SFO" || eco["cabin"] != "economy" || biz["cabin"] != "business" {
		t.Errorf("origin/cabin not normalized: %v %v %v", eco["origin"], eco["cabin"], biz["cabin"])
	}
	ef, bf := list(t, eco, "flights"), list(t, biz, "flights")
	if len(ef) != len(bf) || len(ef) < 3 {
		t.Fatalf("cabin changed the schedule: %d vs %d flights", len(ef), len(bf))
	}
	prev := ""
	for i, f := range ef {
		dep, arr := f["departure_time"].(string), f["arrival_time"].(string)
		if dep < prev {
			t.Errorf("departures not sorted: %v", ef)
		}
		prev = dep
		end := (parseClock(dep) + int(f["duration_minutes"].(float64))) % (24 * 60)
		if arr != formatClock(end) {
			t.Errorf("flight %v: arrival %s, want departure + duration = %s", f["flight_number"], arr, formatClock(end))
		}
		price := f["price_per_person"].(float64)
		if f["total_price"] != roundTo(price*3, 2) {
			t.Errorf("total %v != 3 x %v", f["total_price"], price)
		}
		if ratio := bf[i]["price_per_person"].(float64) / price; math.Abs(ratio-3.5) > 0.01 {
			t.Errorf("business / economy fare = %v, want 3.5", ratio)
		}
		if n := f["flight_number"].(string); len(n) < 5 || !isUpperLetter(n[0]) || !isUpperLetter(n[1]) {
			t.Errorf("flight number %q", n)
		}
	}
}

func TestBookRestaurantAndReminder(t *testing.T) {
	out := run(t, "book_restaurant", map[string]any{"restaurant_name": "Sushi Ko", "date": "2025-07-04", "time": "20:00", "party_size": 2})
	c, _ := out["confirmation_number"].(string)
	if out["status"] != "confirmed" || len(c) != 8 || strings.ContainsAny(c, "O0I1") || out["party_size"] != 2.0 {
		t.Errorf("booking = %v", out)
	}
	rem := run(t, "set_reminder", map[string]any{"message": "Water plants", "date": "2025-07-04", "time": "08:15"})
	if rem["status"] != "scheduled" || rem["time"] != "08:15" || !strings.HasPrefix(rem["reminder_id"].(string), "rem_") {
		t.Errorf("reminder = %v", rem)
	}
}

func TestSendEmail(t *testing.T) {
	out := run(t, "send_email", map[string]any{"to": "a@example.com", "subject": "S", "body": "B", "cc": []any{"b@example.com", "c@example.com"}})
	if out["status"] != "sent" || !reflect.DeepEqual(out["cc"], []any{"b@example.com", "c@example.com"}) {
		t.Errorf("send_email = %v", out)
	}
	if id := out["message_id"].(string); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@mail.example.com>") {
		t.Errorf("message_id = %q", id)
	}
}

func TestPlayMusic(t *testing.T) {
	tests := []struct {
		query, kind, title, artist string
	}{
		{"Bohemian Rhapsody by Queen", "track", "Bohemian Rhapsody", "Queen"},
		{"songs by Adele", "artist", "", "Adele"},
		{"relaxing music", "playlist", "", ""},
		{"Jazz", "playlist", "", ""},
		{"Yesterday", "track", "Yesterday", ""},
	}
	for _, tt := range tests {
		out := run(t, "play_music", map[string]any{"query": tt.query})
		now := out["now_playing"].(map[string]any)
		if out["type"] != tt.kind || (tt.title != "" && now["title"] != tt.title) || (tt.artist != "" && now["artist"] != tt.artist) {
			t.Errorf("play_music(%q) = %v, want %s %q by %q", tt.query, out, tt.kind, tt.title, tt.artist)
		}
		if now["title"] == "" || now["artist"] == "" || out["shuffle"] != false {
			t.Errorf("play_music(%q) = %v", tt.query, out)
		}
	}
}
