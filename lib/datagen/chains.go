package datagen

import (
	"fmt"
	"strings"
)

// A chain is a multi-step request: the second call needs a value that only the first call's
// result has (a price to convert, a place to go to, a flight to put in the calendar).
type chain struct {
	first, second string
	// templates phrase the whole request; they have slots for the first call's parameters
	// and for what the user says about the second call (later's keys).
	templates templateSet
	// start draws the first call's request and the second call's user-given arguments.
	start func(s *sampler) (first request, later map[string]any)
	// then builds the second call's arguments from later and the first result.
	then func(s *sampler, later map[string]any, first result) map[string]any
	// next is what the assistant says when it makes the second call.
	next string
	// answer reads both results back.
	answer func(s *sampler, first, second result) string
}

func allChains() []chain {
	return []chain{stockCurrencyChain(), placesDirectionsChain(), calendarEmailChain(), flightCalendarChain(), weatherPlacesChain(), searchTranslateChain()}
}

func stockCurrencyChain() chain {
	return chain{
		first: "get_stock_price", second: "convert_currency",
		templates: templateSet{
			train: []string{
				"How much is one share of {symbol:company} in {to_currency}?",
				"What's the stock price of {symbol} in {to_currency}?",
				"Get the price of {symbol:company} stock and convert it to {to_currency}.",
				"I'm paying in {to_currency}. What does a {symbol:company} share cost?",
				"Check {symbol} and tell me the price in {to_currency}.",
				"What would one {symbol:company} share cost me in {to_currency}?",
			},
			heldout: []string{
				"Quote {symbol:company} stock for me in {to_currency}.",
				"Convert the current {symbol} share price into {to_currency}.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			s.companyRequest(r, pick(s, s.pools.companies))
			to := pick(s, currencies()[1:])
			r.slots["to_currency"] = s.currencyWord(to)
			return r, map[string]any{"to_currency": to.Code}
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			return map[string]any{"amount": first.num("price"), "from_currency": first.str("currency"), "to_currency": later["to_currency"]}
		},
		next: "Now I'll convert that price.",
		answer: func(s *sampler, first, second result) string {
			return fmt.Sprintf("%s is trading at $%s (%s), which is %s %s at the current rate of %s.",
				first.str("symbol"), first.money("price"), priceMove(first), second.money("converted_amount"), second.str("to_currency"), second.numText("rate"))
		},
	}
}

func placesDirectionsChain() chain {
	return chain{
		first: "find_nearby_places", second: "get_directions",
		templates: templateSet{
			train: []string{
				"Find the nearest {place_type:single} to {location} and tell me how to get there{mode}.",
				"I need {place_type:one} near {location}. How do I get to the closest one{mode}?",
				"Where's the closest {place_type:single} around {location}, and what's the route there{mode}?",
				"Look for {place_type:one} near {location}, then give me directions{mode}.",
				"Get me to the nearest {place_type:single} from {location}{mode}.",
				"Is there {place_type:one} close to {location}? Show me the way{mode}.",
			},
			heldout: []string{
				"Locate {place_type:one} by {location} and map my route over{mode}.",
				"Take me to whichever {place_type:single} is closest to {location}{mode}.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			_, loc := s.location()
			r.set("location", loc, loc)
			s.placeKind(r, pick(s, placeTypes()))
			later := map[string]any{}
			modes := newRequest()
			s.travelMode(modes, []string{"driving", "walking", "bicycling", "transit"})
			if m, ok := modes.args["mode"]; ok {
				later["mode"] = m
				r.slots["mode"] = modes.slots["mode"]
			}
			return r, later
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			args := map[string]any{"origin": first.str("location"), "destination": closest(first).str("address")}
			if m, ok := later["mode"]; ok {
				args["mode"] = m
			}
			return args
		},
		next: "Now let me get directions to the closest one.",
		answer: func(s *sampler, first, second result) string {
			p := closest(first)
			return fmt.Sprintf("The closest one is %s at %s, %s km away (rated %s). Getting there by %s takes about %s minutes (%s km, %s).",
				p.str("name"), p.str("address"), p.numText("distance_km"), p.numText("rating"), modeNoun(second.str("mode")), second.numText("duration_minutes"), second.numText("distance_km"), second.str("summary"))
		},
	}
}

// closest is the first place of a find_nearby_places result (they come nearest first).
func closest(res result) result {
	places := res.list("places")
	if len(places) == 0 {
		res.fail("places", "a non-empty array")
		return res
	}
	return places[0]
}

func calendarEmailChain() chain {
	return chain{
		first: "list_calendar_events", second: "send_email",
		templates: templateSet{
			train: []string{
				"Check my calendar for {date:bare} and email the schedule to {to}.",
				"Send {to} a summary of my meetings {date}.",
				"What's on my agenda {date}? Email it to {to}.",
				"Email {to} my plans for {date:bare}.",
				"Look at my events {date} and send a rundown to {to}.",
				"Could you forward my schedule for {date:bare} to {to}?",
			},
			heldout: []string{
				"Share my agenda for {date:bare} with {to} by email.",
				"Let {to} know by email what I have going on {date}.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			r.setDate("date", s.date())
			to := newRequest()
			s.recipient(to)
			r.slots["to"] = to.slots["to"]
			return r, map[string]any{"to": to.args["to"]}
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			date := first.str("date")
			body := "My calendar is clear on " + date + "."
			if lines := eventLines(first); len(lines) > 0 {
				body = "Here is my schedule for " + date + ":\n" + strings.Join(lines, "\n")
			}
			return map[string]any{"to": later["to"], "subject": "My schedule for " + date, "body": body}
		},
		next: "Now I'll email the schedule.",
		answer: func(s *sampler, first, second result) string {
			lines := eventLines(first)
			summary := fmt.Sprintf("Your calendar is clear on %s.", first.str("date"))
			if len(lines) > 0 {
				summary = fmt.Sprintf("You have %d event(s) on %s:\n%s\n", len(lines), first.str("date"), strings.Join(lines, "\n"))
			}
			return fmt.Sprintf("%s\nI've emailed the schedule to %s with the subject %q.", summary, second.str("to"), second.str("subject"))
		},
	}
}

func flightCalendarChain() chain {
	return chain{
		first: "search_flights", second: "create_calendar_event",
		templates: templateSet{
			train: []string{
				"Find a flight from {origin} to {destination} {date} and put the {choice} one in my calendar.",
				"Search flights from {origin} to {destination} {date}, then add the {choice} option to my calendar.",
				"I'm flying from {origin} to {destination} {date}. Find me the {choice} flight and block it out on my calendar.",
				"Look up flights from {origin} to {destination} {date} and create a calendar event for the {choice} one.",
				"Get me the {choice} flight from {origin} to {destination} {date} and save it to my calendar.",
				"Check flights {origin} to {destination} for {date:bare} and add the {choice} to my schedule.",
			},
			heldout: []string{
				"Hunt for a flight from {origin} to {destination} {date} and pencil the {choice} into my calendar.",
				"Which is the {choice} flight out of {origin} for {destination} {date}? Put it on my calendar.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			pair := pickDistinct(s, s.pools.cities, 2)
			s.airport(r, "origin", pair[0])
			s.airport(r, "destination", pair[1])
			r.setDate("date", s.date())
			choice := pick(s, []string{"earliest", "cheapest"})
			r.slots["choice"] = choice
			return r, map[string]any{"choice": choice}
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			f := chosenFlight(first, later["choice"].(string))
			args := map[string]any{
				"title": fmt.Sprintf("Flight %s %s to %s", f.str("flight_number"), first.str("origin"), first.str("destination")),
				"date":  first.str("date"),
				"time":  f.str("departure_time"),
			}
			if d := f.num("duration_minutes"); d >= 5 && d <= 480 {
				args["duration_minutes"] = int(d)
			}
			return args
		},
		next: "Now I'll add that flight to your calendar.",
		answer: func(s *sampler, first, second result) string {
			return fmt.Sprintf("I found %d flights. I added %q to your calendar on %s at %s; it arrives at %s.",
				len(first.list("flights")), second.str("title"), second.str("date"), second.str("time"), arrival(first, second))
		},
	}
}

// chosenFlight picks the earliest (the results are sorted by departure) or the cheapest flight.
func chosenFlight(res result, choice string) result {
	flights := res.list("flights")
	if len(flights) == 0 {
		res.fail("flights", "a non-empty array")
		return res
	}
	best := flights[0]
	if choice == "cheapest" {
		for _, f := range flights[1:] {
			if f.num("total_price") < best.num("total_price") {
				best = f
			}
		}
	}
	return best
}

// arrival finds the arrival time of the flight an event was made for.
func arrival(flights, event result) string {
	for _, f := range flights.list("flights") {
		if strings.Contains(event.str("title"), f.str("flight_number")) {
			return f.str("arrival_time") + " and costs $" + f.money("total_price")
		}
	}
	flights.fail("flights", "an array holding the booked flight")
	return ""
}

func weatherPlacesChain() chain {
	return chain{
		first: "get_current_weather", second: "find_nearby_places",
		templates: templateSet{
			train: []string{
				"Check the weather in {location}. If it's raining, find me {indoor:one}; otherwise, a park.",
				"I'm in {location} with a free afternoon. Depending on the weather, find {indoor:one} or a park nearby.",
				"Look at the weather in {location} and find somewhere to go: {indoor:one} if it's bad, a park if it's nice.",
				"What's it like outside in {location}? Find me a park if it's nice, or {indoor:one} if not.",
				"Given today's weather in {location}, should I visit a park or {indoor:one}? Find one nearby.",
				"Is it nice out in {location}? If so, find a park; if not, {indoor:one}.",
			},
			heldout: []string{
				"Weather-check {location} and pick a park or {indoor:one} to visit based on it.",
				"Plan my afternoon in {location}: a park if the weather allows, otherwise {indoor:one}.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			_, loc := s.location()
			r.set("location", loc, loc)
			indoor := pick(s, []string{"museum", "cafe"})
			r.slots["indoor:one"] = "a " + indoor
			return r, map[string]any{"indoor": indoor}
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			kind := "park"
			if badWeather(first) {
				kind = later["indoor"].(string)
			}
			return map[string]any{"location": first.str("location"), "place_type": kind}
		},
		next: "Now let me find a good place nearby.",
		answer: func(s *sampler, first, second result) string {
			unit := first.str("unit")
			verdict := "good weather for a park"
			if badWeather(first) {
				verdict = "better spent indoors, so I looked for a " + second.str("place_type")
			}
			p := closest(second)
			return fmt.Sprintf("It's %s and %s in %s, %s. The closest option is %s at %s, %s km away (rated %s).",
				degrees(first, "temperature", unit), first.str("condition"), first.str("location"), verdict, p.str("name"), p.str("address"), p.numText("distance_km"), p.numText("rating"))
		},
	}
}

// badWeather tells whether a current-weather result keeps people indoors: rain, snow,
// storms, fog, or below 5°C (41°F).
func badWeather(res result) bool {
	condition, temp := res.str("condition"), res.num("temperature")
	if res.str("unit") == "fahrenheit" {
		temp = (temp - 32) * 5 / 9
	}
	if temp < 5 {
		return true
	}
	for _, w := range []string{"rain", "snow", "thunder", "fog"} {
		if strings.Contains(condition, w) {
			return true
		}
	}
	return false
}

func searchTranslateChain() chain {
	return chain{
		first: "web_search", second: "translate_text",
		templates: templateSet{
			train: []string{
				"Search for {query} and translate the top result's summary into {target_language}.",
				"Look up {query}, then give me the first snippet in {target_language}.",
				"Find something about {query} and translate it to {target_language}.",
				"I need info on {query} in {target_language}. Search and translate the best result.",
				"Search the web for {query} and put the top snippet into {target_language}.",
				"Can you find {query} online and translate the first result into {target_language}?",
			},
			heldout: []string{
				"Dig up {query} and render the leading result in {target_language}.",
				"Get me the top hit for {query}, translated into {target_language}.",
			},
		},
		start: func(s *sampler) (request, map[string]any) {
			r := newRequest()
			q := pick(s, s.pools.queries)
			r.set("query", q, q)
			target := pick(s, languages()[1:])
			r.slots["target_language"] = target
			return r, map[string]any{"target_language": target}
		},
		then: func(s *sampler, later map[string]any, first result) map[string]any {
			results := first.list("results")
			if len(results) == 0 {
				first.fail("results", "a non-empty array")
				return nil
			}
			args := map[string]any{"text": results[0].str("snippet"), "target_language": later["target_language"]}
			if s.chance(0.3) {
				args["source_language"] = "English"
			}
			return args
		},
		next: "Now I'll translate the top result.",
		answer: func(s *sampler, first, second result) string {
			top := first.list("results")[0]
			return fmt.Sprintf("The top result for %q is %q (%s). In %s, its summary reads: %q",
				first.str("query"), top.str("title"), top.str("url"), second.str("target_language"), second.str("translated_text"))
		},
	}
}

// multiStep: the first call, its result, a second call built from it, its result, an answer.
func (b *builder) multiStep() error {
	c := pick(b.s, b.g.chains)
	req, later := c.start(b.s)
	text, err := render(b.s.template(c.templates), req.slots, func(p string) bool {
		_, inFirst := req.args[p]
		_, inLater := later[p]
		return !inFirst && !inLater
	})
	if err != nil {
		return err
	}
	for _, p := range append(sortedKeys(req.args), sortedKeys(later)...) {
		if !text.params[p] {
			return fmt.Errorf("chain %s -> %s: phrasing has no slot for %q", c.first, c.second, p)
		}
	}
	b.user(text)
	first, err := b.callOK(CallIntro, callOf(c.first, req.args))
	if err != nil {
		return err
	}
	args := c.then(b.s, later, first[0].res)
	if err := *first[0].res.err; err != nil {
		return err
	}
	intro := CallIntro
	if b.s.chance(0.5) {
		intro = c.next
	}
	second, err := b.callOK(intro, callOf(c.second, args))
	if err != nil {
		return err
	}
	answer := c.answer(b.s, first[0].res, second[0].res)
	if err := *first[0].res.err; err != nil {
		return err
	}
	if err := *second[0].res.err; err != nil {
		return err
	}
	b.assistant(answer)
	return nil
}
