package tools

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve the same on every machine, with or without /usr/share/zoneinfo
)

// climate is a city's simulated typical temperature, drawn from the city name alone so that
// current weather and forecasts for one city agree with each other.
func climate(location string) float64 {
	return uniform(seededRand("climate", normalize(location)), -5, 30)
}

// weatherConditions lists sky conditions suited to a temperature in °C.
func weatherConditions(tempC float64) []string {
	if tempC < 1 {
		return []string{"snow", "light snow", "cloudy", "clear", "fog"}
	}
	return []string{"sunny", "partly cloudy", "cloudy", "light rain", "rain", "thunderstorms", "fog", "windy"}
}

// rainChance is a plausible precipitation probability (percent) for a condition.
func rainChance(r *rand.Rand, condition string) float64 {
	switch {
	case strings.Contains(condition, "rain"), strings.Contains(condition, "snow"), condition == "thunderstorms":
		return float64(intIn(r, 60, 100))
	case condition == "cloudy", condition == "fog":
		return float64(intIn(r, 20, 50))
	}
	return float64(intIn(r, 0, 15))
}

// temperatureIn rounds a temperature to a tenth of a degree Celsius first, so that the same
// weather reported in both units agrees to the precision shown.
func temperatureIn(celsius float64, unit string) float64 {
	c := roundTo(celsius, 1)
	if unit == "fahrenheit" {
		return roundTo(c*9/5+32, 1)
	}
	return c
}

func runCurrentWeather(a args) (map[string]any, error) {
	loc, unit := a.str("location", ""), a.str("unit", "celsius")
	r := seededRand("weather-now", normalize(loc))
	tempC := climate(loc) + uniform(r, -4, 4)
	cond := pick(r, weatherConditions(tempC))
	humidity := intIn(r, 30, 70) + int(rainChance(r, cond)/4)
	return map[string]any{
		"location":       loc,
		"temperature":    temperatureIn(tempC, unit),
		"unit":           unit,
		"condition":      cond,
		"humidity":       float64(humidity),
		"wind_speed_kmh": roundTo(uniform(r, 0, 35), 1),
	}, nil
}

func runWeatherForecast(a args) (map[string]any, error) {
	loc, unit, days := a.str("location", ""), a.str("unit", "celsius"), a.integer("days", 1)
	base := climate(loc)
	// Each day has its own generator, so a 3-day forecast is the start of the 7-day one.
	forecast := make([]any, days)
	for d := range days {
		r := seededRand("weather-day", normalize(loc), fmt.Sprint(d))
		high := base + uniform(r, 1, 7)
		low := high - uniform(r, 4, 11)
		cond := pick(r, weatherConditions((high+low)/2))
		forecast[d] = map[string]any{
			"day":                  float64(d + 1),
			"high":                 temperatureIn(high, unit),
			"low":                  temperatureIn(low, unit),
			"condition":            cond,
			"precipitation_chance": rainChance(r, cond),
		}
	}
	return map[string]any{"location": loc, "unit": unit, "forecast": forecast}, nil
}

func runCalculate(a args) (map[string]any, error) {
	expr := a.str("expression", "")
	v, err := Evaluate(expr)
	if err != nil {
		return nil, fmt.Errorf("cannot evaluate %q: %w", expr, err)
	}
	// Twelve significant digits hide binary rounding (0.1+0.2 gives 0.3) and keep real precision.
	return map[string]any{"expression": expr, "result": roundSig(v, 12)}, nil
}

func runConvertUnits(a args) (map[string]any, error) {
	value, from, to := a.num("value", 0), a.str("from_unit", ""), a.str("to_unit", "")
	out, err := ConvertUnits(value, from, to)
	if err != nil {
		return nil, err
	}
	return map[string]any{"value": value, "from_unit": from, "to_unit": to, "result": roundMeasure(out)}, nil
}

func runConvertCurrency(a args) (map[string]any, error) {
	amount, from, to := a.num("amount", 0), a.str("from_currency", ""), a.str("to_currency", "")
	rate, err := ExchangeRate(from, to)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"amount":           amount,
		"from_currency":    from,
		"to_currency":      to,
		"rate":             roundSig(rate, 6),
		"converted_amount": roundTo(amount*rate, 2),
	}, nil
}

func searchSites() []string {
	return []string{"encyclopedia", "news", "guide", "forum", "blog", "reference", "travel", "science", "library", "answers"}
}

func runWebSearch(a args) (map[string]any, error) {
	query, n := a.str("query", ""), a.integer("num_results", 5)
	topic := titleCase(strings.Join(strings.Fields(query), " "))
	titles := []string{"%s - Overview and Key Facts", "What You Need to Know About %s", "%s: A Complete Guide", "%s Explained", "The Latest on %s", "%s: Frequently Asked Questions", "A Short History of %s", "Top 10 Facts About %s", "%s for Beginners", "Common Myths About %s"}
	snippets := []string{
		"%s is a widely discussed subject. This article covers its background, the main facts and recent developments.",
		"Everything you need to know about %s, with practical tips, common questions and expert answers.",
		"An in-depth look at %s: how it started, why it matters today and what experts expect next.",
		"Read the latest reports and analysis on %s, updated regularly by our editors.",
		"A beginner-friendly explanation of %s with examples, pictures and links to further reading.",
	}
	// Permutations drawn from the query alone keep results distinct, and make a shorter result
	// list the start of a longer one.
	r := seededRand("search", normalize(query))
	sites, titleOrder, snippetOrder := searchSites(), r.Perm(len(titles)), r.Perm(len(snippets))
	siteOrder := r.Perm(len(sites))
	results := make([]any, n)
	for i := range n {
		results[i] = map[string]any{
			"title":   fmt.Sprintf(titles[titleOrder[i%len(titles)]], topic),
			"url":     fmt.Sprintf("https://%s.example.com/%s", sites[siteOrder[i%len(sites)]], slug(query)),
			"snippet": fmt.Sprintf(snippets[snippetOrder[i%len(snippets)]], topic),
		}
	}
	return map[string]any{"query": query, "results": results}, nil
}

// isTicker reports whether s looks like an exchange ticker: 1-5 letters or digits starting with
// a letter, optionally followed by a class suffix such as ".B" or "-A".
func isTicker(s string) bool {
	base, suffix, hasSuffix := strings.Cut(strings.ReplaceAll(s, "-", "."), ".")
	if base == "" || len(base) > 5 || !isUpperLetter(base[0]) || (hasSuffix && (suffix == "" || len(suffix) > 2)) {
		return false
	}
	for _, c := range []byte(base + suffix) {
		if !isUpperLetter(c) && !isDigit(c) {
			return false
		}
	}
	return true
}

func isUpperLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func runStockPrice(a args) (map[string]any, error) {
	symbol := strings.ToUpper(strings.TrimSpace(a.str("symbol", "")))
	if !isTicker(symbol) {
		return nil, ArgError{Path: "symbol", Msg: fmt.Sprintf("%q is not a ticker symbol (1-5 letters, e.g. AAPL)", a.str("symbol", ""))}
	}
	r := seededRand("stock", symbol)
	price := roundTo(math.Exp(uniform(r, math.Log(5), math.Log(900))), 2)
	pct := roundTo(uniform(r, -4, 4), 2)
	prev := roundTo(price/(1+pct/100), 2)
	return map[string]any{
		"symbol":         symbol,
		"price":          price,
		"currency":       "USD",
		"change":         roundTo(price-prev, 2),
		"change_percent": pct,
		"previous_close": prev,
	}, nil
}

// newsSources names simulated outlets for a country code; "" is international.
func newsSources(country string) []string {
	switch country {
	case "us":
		return []string{"The Daily Ledger", "Metro Tribune", "Coast to Coast News"}
	case "gb":
		return []string{"The London Courier", "Albion Times", "The Northern Post"}
	case "fr":
		return []string{"Le Quotidien", "Paris Matin", "L'Observateur"}
	case "de":
		return []string{"Berliner Rundschau", "Die Tagespost", "Nordkurier Online"}
	case "jp":
		return []string{"Tokyo Herald", "Japan Daily Review", "Asahi Morning Post"}
	case "in":
		return []string{"The Indian Chronicle", "Delhi Dispatch", "Mumbai Mirror Online"}
	case "br":
		return []string{"Folha do Dia", "Jornal Carioca", "Brasil Agora"}
	case "ca":
		return []string{"The Maple Gazette", "Toronto Times", "Canada Today"}
	case "au":
		return []string{"Sydney Sun", "The Outback Courier", "Australia Now"}
	case "es":
		return []string{"El Diario Nacional", "La Voz de Madrid", "Noticias Hoy"}
	}
	return []string{"World Wire", "Global Report", "International Review"}
}

func runNewsHeadlines(a args) (map[string]any, error) {
	topic, country, n := a.str("topic", ""), a.str("country", ""), a.integer("count", 5)
	t := titleCase(strings.Join(strings.Fields(topic), " "))
	titles := []string{"New Developments in %s Draw Attention", "Experts Weigh In on the Future of %s", "%s: What Changed This Week", "Record Interest in %s as Debate Grows", "Five Things to Know About %s Today", "Officials Announce New Plans on %s", "%s Sector Sees Surprising Growth", "Why Everyone Is Talking About %s", "Inside the Race to Shape %s", "Analysis: The Numbers Behind %s"}
	order := seededRand("news", normalize(topic), country).Perm(len(titles))
	headlines := make([]any, n)
	for i := range n {
		r := seededRand("news-item", normalize(topic), country, fmt.Sprint(i))
		title := fmt.Sprintf(titles[order[i%len(titles)]], t)
		headlines[i] = map[string]any{
			"title":               title,
			"source":              pick(r, newsSources(country)),
			"url":                 fmt.Sprintf("https://news.example.com/%s/%s", slug(topic), slug(title)),
			"published_hours_ago": float64(intIn(r, 1, 36)),
		}
	}
	out := map[string]any{"topic": topic, "headlines": headlines}
	if country != "" {
		out["country"] = country
	}
	return out, nil
}

func runCurrentTime(a args) (map[string]any, error) {
	name := strings.TrimSpace(a.str("timezone", ""))
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, ArgError{Path: "timezone", Msg: fmt.Sprintf("%q is not an IANA time zone (e.g. Europe/Paris)", name)}
	}
	// The simulated clock: an instant in 2025 drawn from the zone name, shown in the real
	// zone's rules (offset and daylight saving at that instant).
	r := seededRand("clock", name)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(365*24*60)) * time.Minute).In(loc)
	return map[string]any{
		"timezone":    name,
		"datetime":    now.Format(time.RFC3339),
		"date":        now.Format(dateLayout),
		"time":        now.Format("15:04"),
		"day_of_week": now.Weekday().String(),
		"utc_offset":  now.Format("-07:00"),
	}, nil
}

func musicGenres() []string {
	return []string{"jazz", "rock", "pop", "classical", "hip hop", "lofi", "blues", "country", "electronic", "reggae", "metal", "folk", "relaxing", "workout", "chill", "party", "sleep", "focus"}
}

func musicWords() []string {
	return []string{"Midnight", "Golden", "River", "Echoes", "Summer", "Paper", "Wild", "Silver", "Neon", "Quiet"}
}

func musicNouns() []string {
	return []string{"Hearts", "Skies", "Roads", "Lights", "Dreams", "Waves", "Stories", "Fires"}
}

// musicRequestKind tells what a play_music query asks for: "playlist" for a genre or mood
// ("jazz", "relaxing music"), "artist" for "songs by X", otherwise "track".
func musicRequestKind(title string) string {
	t := strings.TrimSuffix(strings.TrimSuffix(normalize(title), " playlist"), " music")
	for _, g := range musicGenres() {
		if t == g {
			return "playlist"
		}
	}
	switch t {
	case "songs", "music", "something", "anything", "hits", "the best songs", "the hits", "top hits":
		return "artist"
	}
	return "track"
}

func runPlayMusic(a args) (map[string]any, error) {
	query, shuffle := a.str("query", ""), a.boolean("shuffle", false)
	r := seededRand("music", normalize(query))
	randomTitle := func() string { return pick(r, musicWords()) + " " + pick(r, musicNouns()) }
	title, artist := strings.TrimSpace(query), randomTitle()
	if t, by, ok := strings.Cut(query, " by "); ok && strings.TrimSpace(t) != "" && strings.TrimSpace(by) != "" {
		title, artist = strings.TrimSpace(t), titleCase(by)
	}
	kind := musicRequestKind(title)
	if kind != "track" {
		title = randomTitle()
	}
	return map[string]any{
		"status":  "playing",
		"query":   query,
		"type":    kind,
		"shuffle": shuffle,
		"now_playing": map[string]any{
			"title":            titleCase(title),
			"artist":           artist,
			"album":            randomTitle(),
			"duration_seconds": float64(intIn(r, 150, 330)),
		},
		"queue_length": float64(intIn(r, 10, 60)),
	}, nil
}
