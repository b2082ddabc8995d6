package datagen

import (
	"fmt"
	"strings"
)

// Generators of the travel tools: directions, nearby places, flights, translation.

// travelMode sometimes names how the user travels; the call then carries the mode.
func (s *sampler) travelMode(r request, modes []string) {
	if !s.chance(0.5) {
		return
	}
	mode := pick(s, modes)
	phrases := map[string][]string{
		"driving":   {" by car", " driving", " if I drive"},
		"walking":   {" on foot", " walking", " if I walk"},
		"bicycling": {" by bike", " cycling", " on my bicycle"},
		"transit":   {" by public transport", " using transit", " by bus or train"},
	}[mode]
	r.set("mode", mode, pick(s, phrases))
}

// place draws somewhere in a city to go from or to: mostly a street address, sometimes its
// main station or airport. Routes stay within one city, as the simulated router expects.
func (s *sampler) place(c city) string {
	switch s.intn(6) {
	case 0:
		return c.Name + " Central Station"
	case 1:
		return c.Name + " Airport"
	}
	return s.address(c)
}

// address draws a street address in a city.
func (s *sampler) address(c city) string {
	return fmt.Sprintf("%d %s, %s", s.between(1, 250), pick(s, s.pools.streets), c.Name)
}

func directionsGen() toolGen {
	return toolGen{
		name:   "get_directions",
		action: "get directions",
		templates: templateSet{
			train: []string{
				"How do I get from {origin} to {destination}{mode}?",
				"Give me directions from {origin} to {destination}{mode}.",
				"What's the best route from {origin} to {destination}{mode}?",
				"I need directions to {destination} from {origin}{mode}.",
				"Navigate from {origin} to {destination}{mode}.",
				"How long does it take to get from {origin} to {destination}{mode}?",
				"Show me the way from {origin} to {destination}{mode}.",
				"Directions {origin} to {destination}{mode}",
				"Can you route me from {origin} to {destination}{mode}?",
				"I'm at {origin}. How do I reach {destination}{mode}?",
				"Plan a route from {origin} to {destination}{mode}.",
				"How far is {destination} from {origin}{mode}?",
			},
			heldout: []string{
				"Map out a trip from {origin} over to {destination}{mode}.",
				"Starting at {origin}, what's the way to {destination}{mode}?",
				"Guide me to {destination}, leaving from {origin}{mode}.",
				"Which way to {destination} if I set off from {origin}{mode}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"How do I get to {destination}{mode}?",
				"Give me directions to {destination}{mode}.",
				"I need directions, please.",
			},
			heldout: []string{"Guide me to {destination}{mode}."},
		},
		asks: map[string]string{"origin": "where you're starting from", "destination": "where you want to go"},
		sample: func(s *sampler) request {
			r := newRequest()
			c := pick(s, s.pools.cities)
			from, to := s.place(c), s.place(c)
			for to == from {
				to = s.place(c)
			}
			r.set("origin", from, from)
			r.set("destination", to, to)
			s.travelMode(r, []string{"driving", "walking", "bicycling", "transit"})
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			steps := res.list("steps")
			var lines []string
			for i, st := range steps {
				lines = append(lines, fmt.Sprintf("%d. %s (%s km)", i+1, st.str("instruction"), st.numText("distance_km")))
			}
			return fmt.Sprintf("From %s to %s by %s it's %s km and takes about %s minutes, %s:\n%s",
				res.str("origin"), res.str("destination"), modeNoun(res.str("mode")), res.numText("distance_km"), res.numText("duration_minutes"), res.str("summary"), strings.Join(lines, "\n"))
		},
	}
}

// modeNoun says a travel mode after "by".
func modeNoun(mode string) string {
	switch mode {
	case "driving":
		return "car"
	case "walking":
		return "foot"
	case "bicycling":
		return "bike"
	}
	return "public transport"
}

// placeKind sets the place type of a request, with its plural and "a/an" forms as slots.
func (s *sampler) placeKind(r request, p placeType) {
	r.set("place_type", p.Code, p.Plural)
	article := "a "
	if strings.ContainsAny(p.Singular[:1], "aeiouAEIOU") {
		article = "an "
	}
	r.slots["place_type:one"] = article + p.Singular
	r.slots["place_type:single"] = p.Singular
}

func nearbyGen() toolGen {
	return toolGen{
		name:   "find_nearby_places",
		action: "find places nearby",
		templates: templateSet{
			train: []string{
				"Find {place_type} near {location}{radius_km}.",
				"Are there any {place_type} around {location}{radius_km}?",
				"Show me {place_type} close to {location}{radius_km}.",
				"I'm looking for {place_type} in {location}{radius_km}.",
				"What {place_type} are near {location}{radius_km}?",
				"Search for {place_type} near {location}{radius_km}.",
				"Can you find some {place_type} around {location}{radius_km}?",
				"List {place_type} near {location}{radius_km}.",
				"Where are the closest {place_type} to {location}{radius_km}?",
				"I need {place_type} near {location}{radius_km}, please.",
				"Help me locate {place_type} in {location}{radius_km}.",
				"Look for {place_type} around {location}{radius_km}.",
			},
			heldout: []string{
				"Point me to {place_type} in the {location} area{radius_km}.",
				"Which {place_type} can I reach near {location}{radius_km}?",
				"Scout out {place_type} around {location}{radius_km}.",
				"Got any {place_type} close by {location}{radius_km}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"Find {place_type} near me{radius_km}.",
				"Are there any {place_type} nearby?",
				"I'm looking for something around {location}.",
			},
			heldout: []string{"Scout out some {place_type} for me."},
		},
		asks: map[string]string{"location": "where you are (a city or an address)", "place_type": "what kind of place you're looking for"},
		sample: func(s *sampler) request {
			r := newRequest()
			_, loc := s.location()
			r.set("location", loc, loc)
			s.placeKind(r, pick(s, placeTypes()))
			if s.chance(0.3) {
				km := pick(s, []float64{0.5, 1, 2, 3, 5, 10, 15, 25})
				r.set("radius_km", km, pick(s, []string{fmt.Sprintf(" within %s km", formatNumber(km, false)), fmt.Sprintf(", no more than %s km away", formatNumber(km, false))}))
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			var lines []string
			for i, p := range res.list("places") {
				open := "open now"
				if !p.boolean("open_now") {
					open = "closed now"
				}
				lines = append(lines, fmt.Sprintf("%d. %s, %s (%s km, rated %s, %s)", i+1, p.str("name"), p.str("address"), p.numText("distance_km"), p.numText("rating"), open))
			}
			return fmt.Sprintf("Here's what I found near %s:\n%s", res.str("location"), strings.Join(lines, "\n"))
		},
	}
}

// airport says a city's airport as the city, its code, or both; the call takes the code.
func (s *sampler) airport(r request, param string, c city) {
	text := pick(s, []string{c.Name, c.Airport, c.Name + " (" + c.Airport + ")"})
	r.set(param, c.Airport, text)
	r.slots[param+":city"] = c.Name
}

func flightsGen() toolGen {
	tail := "{date}{passengers}{cabin}"
	return toolGen{
		name:   "search_flights",
		action: "search for flights",
		templates: templateSet{
			train: []string{
				"Find flights from {origin} to {destination} " + tail + ".",
				"Search for a flight from {origin} to {destination} " + tail + ".",
				"Are there any flights from {origin} to {destination} " + tail + "?",
				"I need to fly from {origin} to {destination} " + tail + ".",
				"Show me flights to {destination} from {origin} " + tail + ".",
				"Look up flights between {origin} and {destination} " + tail + ".",
				"What flights go from {origin} to {destination} " + tail + "?",
				"Can you check flights from {origin} to {destination} " + tail + "?",
				"I'm planning to travel from {origin} to {destination} " + tail + ". What flights are there?",
				"Flights {origin} to {destination}, {date:bare}{passengers}{cabin}",
				"Help me find a flight out of {origin} to {destination} " + tail + ".",
				"Get me flight options from {origin} to {destination} " + tail + ".",
			},
			heldout: []string{
				"Scan for airfare from {origin} to {destination} " + tail + ".",
				"What can I fly on from {origin} to {destination} " + tail + "?",
				"Hunt down flights leaving {origin} for {destination} " + tail + ".",
				"Which airlines fly {origin} to {destination} " + tail + "?",
			},
		},
		clarify: templateSet{
			train: []string{
				"Find flights from {origin} to {destination}{passengers}.",
				"I want to fly out of {origin} {date}.",
				"Search for flights to {destination}{cabin}.",
			},
			heldout: []string{"Scan for airfare to {destination}."},
		},
		asks: map[string]string{"origin": "where you're flying from", "destination": "where you're flying to", "date": "which day you want to travel"},
		sample: func(s *sampler) request {
			r := newRequest()
			pair := pickDistinct(s, s.pools.cities, 2)
			s.airport(r, "origin", pair[0])
			s.airport(r, "destination", pair[1])
			r.setDate("date", s.date())
			if s.chance(0.35) {
				n := s.between(1, 6)
				text := fmt.Sprintf(" for %s passengers", s.spelled(n))
				if n == 1 {
					text = " for one passenger"
				}
				r.set("passengers", n, text)
			}
			if s.chance(0.3) {
				cabin := pick(s, []string{"economy", "premium_economy", "business", "first"})
				word := strings.ReplaceAll(cabin, "_", " ")
				r.set("cabin", cabin, pick(s, []string{" in " + word, ", " + word + " class", " flying " + word}))
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			flights := res.list("flights")
			if len(flights) == 0 {
				return fmt.Sprintf("I couldn't find any flights from %s to %s on %s.", res.str("origin"), res.str("destination"), res.str("date"))
			}
			cheapest := flights[0]
			for _, f := range flights[1:] {
				if f.num("total_price") < cheapest.num("total_price") {
					cheapest = f
				}
			}
			return fmt.Sprintf("I found %d flights from %s to %s on %s. The cheapest is %s with %s, departing at %s and arriving at %s, for $%s in total. The earliest leaves at %s (%s).",
				len(flights), res.str("origin"), res.str("destination"), res.str("date"),
				cheapest.str("flight_number"), cheapest.str("airline"), cheapest.str("departure_time"), cheapest.str("arrival_time"), cheapest.money("total_price"),
				flights[0].str("departure_time"), flights[0].str("flight_number"))
		},
	}
}

func translateGen() toolGen {
	return toolGen{
		name:   "translate_text",
		action: "translate text",
		templates: templateSet{
			train: []string{
				"Translate \"{text}\"{source_language} into {target_language}.",
				"How do you say \"{text}\" in {target_language}?",
				"Can you translate this{source_language} to {target_language}: {text}",
				"What's \"{text}\" in {target_language}?",
				"Please translate the following{source_language} into {target_language}: \"{text}\"",
				"I need \"{text}\" translated{source_language} to {target_language}.",
				"Translate to {target_language}: {text}",
				"How would I write \"{text}\" in {target_language}?",
				"Help me translate \"{text}\"{source_language} into {target_language}.",
				"Could you put \"{text}\" into {target_language}?",
				"{target_language} translation of \"{text}\", please.",
				"Convert this text{source_language} to {target_language}: \"{text}\"",
			},
			heldout: []string{
				"Render \"{text}\" in {target_language} for me.",
				"What's the {target_language} version of \"{text}\"?",
				"I'm writing to someone who speaks {target_language}. Translate \"{text}\"{source_language}.",
				"Turn \"{text}\"{source_language} into {target_language}, please.",
			},
		},
		clarify: templateSet{
			train: []string{
				"Translate \"{text}\" for me.",
				"Can you translate this{source_language}: {text}",
				"I need something translated into {target_language}.",
			},
			heldout: []string{"Render \"{text}\" in another language."},
		},
		asks: map[string]string{"text": "the text you'd like translated", "target_language": "which language to translate it into"},
		sample: func(s *sampler) request {
			r := newRequest()
			var text, source, target string
			if s.chance(0.7) {
				text, source = pick(s, s.pools.englishTexts), "English"
				target = pick(s, languages()[1:])
			} else {
				f := pick(s, s.pools.foreignTexts)
				text, source = f.Text, f.Language
				target = "English"
			}
			r.set("text", text, text)
			r.set("target_language", target, target)
			if s.chance(0.3) {
				r.set("source_language", source, " from "+source)
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			return pick(s, []string{
				fmt.Sprintf("In %s, that's: %q", res.str("target_language"), res.str("translated_text")),
				fmt.Sprintf("Here's the %s translation (from %s): %q", res.str("target_language"), res.str("source_language"), res.str("translated_text")),
			})
		},
	}
}
