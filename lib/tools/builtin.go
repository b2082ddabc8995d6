package tools

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Builtins returns a fresh registry of the built-in example tools, in a fixed order, each with
// a deterministic simulated executor. Every call builds new schemas, so callers may change what
// they get without affecting anyone else.
func Builtins() *Registry {
	r := NewRegistry()
	for _, b := range builtinTools() {
		// The executor validates against its own copy, which callers' edits cannot reach.
		e := Entry{Tool: b.tool, Domain: b.domain, Execute: validated(cloneTool(b.tool), b.run)}
		if err := r.Add(e); err != nil {
			// The table is constant and covered by tests; a failure here is a programming error.
			panic(fmt.Sprintf("tools: built-in tool table is invalid: %v", err))
		}
	}
	return r
}

// InvalidArgsError is returned by the built-in executors when a call's arguments do not
// satisfy the tool's schema; Problems lists each one with its path.
type InvalidArgsError struct {
	Tool     string
	Problems []ArgError
}

func (e *InvalidArgsError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return fmt.Sprintf("%s: invalid arguments: %s", e.Tool, strings.Join(msgs, "; "))
}

// validated wraps a simulation so that it only ever sees arguments that satisfy the schema and
// have no blank strings, and so that every error names the tool. A simulation reports a bad
// argument value the schema cannot express (an unknown time zone, a malformed airport code) by
// returning an ArgError, which becomes an InvalidArgsError like the schema's own problems.
func validated(t Tool, run func(args) (map[string]any, error)) Executor {
	return func(a map[string]any) (map[string]any, error) {
		problems := append(t.ValidateArgs(a), blankStrings(a)...)
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Path < problems[j].Path })
		if len(problems) > 0 {
			return nil, &InvalidArgsError{Tool: t.Name, Problems: problems}
		}
		out, err := run(args(a))
		var ae ArgError
		switch {
		case errors.As(err, &ae):
			return nil, &InvalidArgsError{Tool: t.Name, Problems: []ArgError{ae}}
		case err != nil:
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		return out, nil
	}
}

// blankStrings reports top-level string arguments that are empty or only spaces: the schema
// accepts them, but no simulated service could act on an empty city or query.
func blankStrings(a map[string]any) []ArgError {
	var out []ArgError
	for _, name := range sortedKeys(a) {
		if s, ok := a[name].(string); ok && strings.TrimSpace(s) == "" {
			out = append(out, ArgError{Path: name, Msg: "must not be empty"})
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// builtinTool is one row of the built-in table.
type builtinTool struct {
	domain string
	tool   Tool
	run    func(args) (map[string]any, error)
}

func temperatureUnits() []string { return []string{"celsius", "fahrenheit"} }

func languageNames() []string {
	return []string{"English", "Spanish", "French", "German", "Italian", "Portuguese", "Japanese", "Chinese", "Korean", "Arabic"}
}

func travelModes() []string { return []string{"driving", "walking", "bicycling", "transit"} }

func placeTypes() []string {
	return []string{"restaurant", "cafe", "pharmacy", "hospital", "gas_station", "supermarket", "museum", "park", "hotel", "atm"}
}

func newsCountries() []string {
	return []string{"us", "gb", "fr", "de", "jp", "in", "br", "ca", "au", "es"}
}

func cabinClasses() []string { return []string{"economy", "premium_economy", "business", "first"} }

func recurrenceFrequencies() []string { return []string{"daily", "weekly", "monthly"} }

// builtinTools is the table of TOOLS.md: names, parameters and the order are a contract with
// the data generator; descriptions are written for the model that reads them in its prompt.
func builtinTools() []builtinTool {
	return []builtinTool{
		{"weather", Tool{
			Name:        "get_current_weather",
			Description: "Get the current weather conditions (temperature, sky, humidity, wind) for a city.",
			Parameters: params(Properties{
				prop("location", stringParam(`City name, optionally with its country, e.g. "Paris, France" or "Tokyo".`)),
				prop("unit", enumParam("Temperature unit of the answer. Defaults to celsius.", temperatureUnits())),
			}, "location"),
		}, runCurrentWeather},
		{"weather", Tool{
			Name:        "get_weather_forecast",
			Description: "Get the daily weather forecast for a city for the next 1 to 7 days, with high and low temperatures and the chance of rain.",
			Parameters: params(Properties{
				prop("location", stringParam(`City name, optionally with its country, e.g. "Berlin, Germany".`)),
				prop("days", intParam("Number of days to forecast, starting today (1 to 7).", 1, 7)),
				prop("unit", enumParam("Temperature unit of the answer. Defaults to celsius.", temperatureUnits())),
			}, "location", "days"),
		}, runWeatherForecast},
		{"calculator", Tool{
			Name:        "calculate",
			Description: "Evaluate an arithmetic expression and return the exact numeric result. Use it for any arithmetic instead of computing by hand.",
			Parameters: params(Properties{
				prop("expression", stringParam(`The expression, using numbers, + - * / ^ (power), parentheses and sqrt(), e.g. "(12.5 + 7) * 3^2" or "sqrt(144) / 4".`)),
			}, "expression"),
		}, runCalculate},
		{"conversion", Tool{
			Name:        "convert_units",
			Description: "Convert a measurement between units of length, mass, volume or temperature. Both units must measure the same kind of quantity.",
			Parameters: params(Properties{
				prop("value", numberParam("The amount to convert, in from_unit.")),
				prop("from_unit", enumParam("Unit of the given value.", unitNames())),
				prop("to_unit", enumParam("Unit to convert to.", unitNames())),
			}, "value", "from_unit", "to_unit"),
		}, runConvertUnits},
		{"conversion", Tool{
			Name:        "convert_currency",
			Description: "Convert an amount of money from one currency to another at the current exchange rate.",
			Parameters: params(Properties{
				prop("amount", numberParam("The amount of money to convert, in from_currency.")),
				prop("from_currency", enumParam("ISO 4217 code of the currency the amount is in.", currencyCodes())),
				prop("to_currency", enumParam("ISO 4217 code of the currency to convert to.", currencyCodes())),
			}, "amount", "from_currency", "to_currency"),
		}, runConvertCurrency},
		{"search", Tool{
			Name:        "web_search",
			Description: "Search the web and return the top results, each with a title, URL and a short snippet.",
			Parameters: params(Properties{
				prop("query", stringParam("What to search for, in plain words.")),
				prop("num_results", intParam("How many results to return (1 to 10). Defaults to 5.", 1, 10)),
			}, "query"),
		}, runWebSearch},
		{"calendar", Tool{
			Name:        "create_calendar_event",
			Description: "Create an event in the user's calendar, optionally inviting attendees and repeating it.",
			Parameters: params(Properties{
				prop("title", stringParam("Short title of the event.")),
				prop("date", formatParam("date", "Day of the event, YYYY-MM-DD.")),
				prop("time", formatParam("time", "Start time, 24-hour HH:MM. Omit for an all-day event.")),
				prop("duration_minutes", intParam("Length of the event in minutes (5 to 480). Defaults to 60.", 5, 480)),
				prop("attendees", arrayParam("Email addresses of the people to invite, in any order.", formatParam("email", "An attendee's email address."))),
				prop("recurrence", objectParam("How the event repeats. Omit for a one-off event.", Properties{
					prop("frequency", enumParam("How often the event repeats.", recurrenceFrequencies())),
					prop("count", intParam("Total number of occurrences (1 to 52). Omit to repeat indefinitely.", 1, 52)),
				}, "frequency")),
			}, "title", "date"),
		}, runCreateEvent},
		{"calendar", Tool{
			Name:        "list_calendar_events",
			Description: "List the events in the user's calendar on a given day.",
			Parameters: params(Properties{
				prop("date", formatParam("date", "The day to list, YYYY-MM-DD.")),
			}, "date"),
		}, runListEvents},
		{"email", Tool{
			Name:        "send_email",
			Description: "Send an email from the user's account.",
			Parameters: params(Properties{
				prop("to", formatParam("email", "Email address of the recipient.")),
				prop("subject", stringParam("Subject line.")),
				prop("body", stringParam("Plain-text body of the message.")),
				prop("cc", arrayParam("Email addresses to copy, in any order.", formatParam("email", "An email address to copy."))),
			}, "to", "subject", "body"),
		}, runSendEmail},
		{"stocks", Tool{
			Name:        "get_stock_price",
			Description: "Get the latest trading price of a stock in US dollars, with its change since the previous close.",
			Parameters: params(Properties{
				prop("symbol", stringParam(`Stock ticker symbol in upper case, e.g. "AAPL" or "MSFT".`)),
			}, "symbol"),
		}, runStockPrice},
		{"translation", Tool{
			Name:        "translate_text",
			Description: "Translate text into another language.",
			Parameters: params(Properties{
				prop("text", stringParam("The text to translate.")),
				prop("target_language", enumParam("Language to translate into.", languageNames())),
				prop("source_language", enumParam("Language the text is written in. Omit to detect it automatically.", languageNames())),
			}, "text", "target_language"),
		}, runTranslate},
		{"maps", Tool{
			Name:        "get_directions",
			Description: "Get a route between two places with its distance, travel time and turn-by-turn steps.",
			Parameters: params(Properties{
				prop("origin", stringParam("Starting point: an address, place name or city.")),
				prop("destination", stringParam("Where to go: an address, place name or city.")),
				prop("mode", enumParam("How to travel. Defaults to driving.", travelModes())),
			}, "origin", "destination"),
		}, runDirections},
		{"maps", Tool{
			Name:        "find_nearby_places",
			Description: "Find places of a given type near a location, nearest first, with their addresses, distance and rating.",
			Parameters: params(Properties{
				prop("location", stringParam(`Where to search around: an address or city, e.g. "Rome, Italy".`)),
				prop("place_type", enumParam("Kind of place to look for.", placeTypes())),
				prop("radius_km", boundedNumberParam("Search radius in kilometres (0.1 to 50). Defaults to 5.", 0.1, 50)),
			}, "location", "place_type"),
		}, runNearbyPlaces},
		{"reminders", Tool{
			Name:        "set_reminder",
			Description: "Set a reminder that notifies the user with a message at a given date and time.",
			Parameters: params(Properties{
				prop("message", stringParam("What to remind the user of.")),
				prop("date", formatParam("date", "Day of the reminder, YYYY-MM-DD.")),
				prop("time", formatParam("time", "Time of the reminder, 24-hour HH:MM.")),
			}, "message", "date", "time"),
		}, runSetReminder},
		{"time", Tool{
			Name:        "get_current_time",
			Description: "Get the current local date and time in a time zone.",
			Parameters: params(Properties{
				prop("timezone", stringParam(`IANA time zone name, e.g. "Europe/Paris", "America/New_York" or "UTC".`)),
			}, "timezone"),
		}, runCurrentTime},
		{"news", Tool{
			Name:        "get_news_headlines",
			Description: "Get the latest news headlines about a topic, optionally from one country's press.",
			Parameters: params(Properties{
				prop("topic", stringParam(`Subject of the news, e.g. "technology" or "climate".`)),
				prop("country", enumParam("Two-letter country code of the news sources. Omit for international news.", newsCountries())),
				prop("count", intParam("How many headlines to return (1 to 10). Defaults to 5.", 1, 10)),
			}, "topic"),
		}, runNewsHeadlines},
		{"travel", Tool{
			Name:        "search_flights",
			Description: "Search for flights between two airports on a given day, with flight numbers, times and prices.",
			Parameters: params(Properties{
				prop("origin", stringParam(`Three-letter IATA code of the departure airport, e.g. "JFK".`)),
				prop("destination", stringParam(`Three-letter IATA code of the arrival airport, e.g. "LHR".`)),
				prop("date", formatParam("date", "Departure day, YYYY-MM-DD.")),
				prop("passengers", intParam("Number of passengers (1 to 9). Defaults to 1.", 1, 9)),
				prop("cabin", enumParam("Cabin class. Defaults to economy.", cabinClasses())),
			}, "origin", "destination", "date"),
		}, runSearchFlights},
		{"restaurants", Tool{
			Name:        "book_restaurant",
			Description: "Book a table at a restaurant.",
			Parameters: params(Properties{
				prop("restaurant_name", stringParam("Name of the restaurant.")),
				prop("date", formatParam("date", "Day of the booking, YYYY-MM-DD.")),
				prop("time", formatParam("time", "Time of the booking, 24-hour HH:MM.")),
				prop("party_size", intParam("Number of guests (1 to 20).", 1, 20)),
			}, "restaurant_name", "date", "time", "party_size"),
		}, runBookRestaurant},
		{"music", Tool{
			Name:        "play_music",
			Description: "Play music: a song, an artist, an album, a genre or a mood.",
			Parameters: params(Properties{
				prop("query", stringParam(`What to play, e.g. "Bohemian Rhapsody", "jazz" or "songs by Adele".`)),
				prop("shuffle", boolParam("Play in random order. Defaults to false.")),
			}, "query"),
		}, runPlayMusic},
	}
}
