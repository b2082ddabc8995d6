package datagen

import (
	"fmt"
	"strings"
)

// Generators of the information tools: weather, forecast, time, news, web search, music.

// location draws a city and says it as "Paris" or "Paris, France"; the call uses the same
// text, so the model learns to copy the place the user named.
func (s *sampler) location() (city, string) {
	c := pick(s, s.pools.cities)
	if c.Country != c.Name && s.chance(0.4) {
		return c, c.Name + ", " + c.Country
	}
	return c, c.Name
}

// temperatureUnit sometimes asks for a unit: the call then carries it.
func (s *sampler) temperatureUnit(r request) {
	if !s.chance(0.35) {
		return
	}
	unit := pick(s, []string{"celsius", "fahrenheit"})
	name := capitalize(unit)
	symbol := map[string]string{"celsius": "°C", "fahrenheit": "°F"}[unit]
	r.set("unit", unit, pick(s, []string{" in " + name, " in " + unit, " in degrees " + name, " (in " + symbol + ")", ", in " + name + " please"}))
}

// degrees writes a temperature of a result with its unit symbol.
func degrees(res result, key, unit string) string {
	symbol := "°C"
	if unit == "fahrenheit" {
		symbol = "°F"
	}
	return res.numText(key) + symbol
}

func weatherGen() toolGen {
	return toolGen{
		name:   "get_current_weather",
		action: "check the current weather",
		templates: templateSet{
			train: []string{
				"What's the weather like in {location}{unit}?",
				"How's the weather in {location} right now{unit}?",
				"Can you check the current weather in {location}{unit}?",
				"Is it raining in {location} at the moment?",
				"Tell me the current conditions in {location}{unit}.",
				"What's the temperature in {location}{unit}?",
				"I'm about to head out in {location}. What's it like outside{unit}?",
				"Current weather for {location}{unit}, please.",
				"Do I need a jacket in {location} today? Check the weather{unit}.",
				"weather in {location}{unit}",
				"How warm is it in {location} right now{unit}?",
				"Give me a weather update for {location}{unit}.",
				"What are the weather conditions in {location} today{unit}?",
			},
			heldout: []string{
				"Could you look up how the weather is in {location}{unit}?",
				"I'd like to know the present weather in {location}{unit}.",
				"Before I leave, what's the sky doing over {location}{unit}?",
				"Check {location}'s weather for me{unit}.",
				"Any idea what the weather's like in {location} now{unit}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"What's the weather like right now{unit}?",
				"Can you check the weather for me{unit}?",
				"Is it cold outside today?",
			},
			heldout: []string{"I'd like to know the present weather{unit}."},
		},
		asks: map[string]string{"location": "which city you'd like the weather for"},
		sample: func(s *sampler) request {
			r := newRequest()
			_, loc := s.location()
			r.set("location", loc, loc)
			s.temperatureUnit(r)
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			unit := res.str("unit")
			loc, temp, cond, hum := res.str("location"), degrees(res, "temperature", unit), res.str("condition"), res.numText("humidity")
			return pick(s, []string{
				fmt.Sprintf("It's currently %s in %s (%s), with %s%% humidity.", temp, loc, cond, hum),
				fmt.Sprintf("Current weather in %s: %s, %s, humidity %s%%.", loc, cond, temp, hum),
				fmt.Sprintf("Right now it's %s in %s. Conditions: %s; humidity %s%%, wind %s km/h.", temp, loc, cond, hum, res.numText("wind_speed_kmh")),
			})
		},
	}
}

func forecastGen() toolGen {
	return toolGen{
		name:   "get_weather_forecast",
		action: "get a weather forecast",
		templates: templateSet{
			train: []string{
				"What's the forecast for {location} for the next {days} days{unit}?",
				"Give me the {days}-day forecast for {location}{unit}.",
				"Will it rain in {location} over the next {days} days?",
				"How will the weather be in {location} for the coming {days} days{unit}?",
				"I'm traveling to {location}. What's the weather outlook for the next {days} days{unit}?",
				"Can you get me a {days}-day weather forecast for {location}{unit}?",
				"Forecast for {location}, next {days} days{unit}",
				"What temperatures should I expect in {location} over the next {days} days{unit}?",
				"Show me the weather forecast in {location} for {days} days{unit}.",
				"Planning a trip to {location} - what's the forecast for the next {days} days{unit}?",
				"Is the weather in {location} going to be nice for the next {days} days?",
				"Pull up a {days}-day outlook for {location}{unit}.",
			},
			heldout: []string{
				"Predict the weather in {location} for the upcoming {days} days{unit}.",
				"What does the {days}-day weather look like for {location}{unit}?",
				"Should I pack an umbrella for {location}? Check the next {days} days of forecast{unit}.",
				"Could you find the weather prediction for {location}, {days} days ahead{unit}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"What's the forecast for the next {days} days{unit}?",
				"Is it going to rain in {location} over the next few days?",
				"Can you get me a weather forecast{unit}?",
			},
			heldout: []string{"Predict the weather for the upcoming days{unit}."},
		},
		asks: map[string]string{"location": "which city the forecast is for", "days": "how many days ahead (1 to 7) you want"},
		sample: func(s *sampler) request {
			r := newRequest()
			_, loc := s.location()
			r.set("location", loc, loc)
			days := s.between(2, 7)
			r.set("days", days, s.spelled(days))
			s.temperatureUnit(r)
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			unit := res.str("unit")
			var days []string
			for _, d := range res.list("forecast") {
				days = append(days, fmt.Sprintf("day %s: %s, high %s, low %s, %s%% chance of rain",
					d.numText("day"), d.str("condition"), degrees(d, "high", unit), degrees(d, "low", unit), d.numText("precipitation_chance")))
			}
			return fmt.Sprintf("Here's the %d-day forecast for %s: %s.", len(days), res.str("location"), strings.Join(days, "; "))
		},
	}
}

func timeGen() toolGen {
	return toolGen{
		name:   "get_current_time",
		action: "look up the current time",
		templates: templateSet{
			train: []string{
				"What time is it in {timezone:city}?",
				"What's the current time in {timezone:city}?",
				"Can you tell me the local time in {timezone:city}?",
				"I need to call someone in {timezone:city}. What time is it there?",
				"Time in {timezone:city} right now?",
				"What's the date and time in {timezone:city}?",
				"Is it morning or evening in {timezone:city} right now?",
				"Check the clock in {timezone:city} for me.",
				"How late is it in {timezone:city}?",
				"Tell me the current local time for {timezone:city}.",
				"What time is it in the {timezone} time zone?",
				"What hour is it in {timezone:city} now?",
			},
			heldout: []string{
				"My friend lives in {timezone:city}; is it too late to phone them now?",
				"Look up the present time over in {timezone:city}.",
				"Give me the local clock reading for {timezone:city}.",
				"Report the current time for zone {timezone}.",
			},
		},
		asks: map[string]string{"timezone": "which city or time zone you mean"},
		sample: func(s *sampler) request {
			r := newRequest()
			c := pick(s, s.pools.cities)
			r.set("timezone", c.TimeZone, c.TimeZone)
			r.slots["timezone:city"] = c.Name
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			place := res.str("timezone")
			return pick(s, []string{
				fmt.Sprintf("It's %s on %s, %s in the %s time zone (UTC%s).", res.str("time"), res.str("day_of_week"), res.str("date"), place, res.str("utc_offset")),
				fmt.Sprintf("The local time in %s is %s (%s, %s).", place, res.str("time"), res.str("day_of_week"), res.str("date")),
			})
		},
	}
}

func newsGen() toolGen {
	return toolGen{
		name:   "get_news_headlines",
		action: "fetch news headlines",
		templates: templateSet{
			train: []string{
				"What are the latest {count}headlines about {topic}{country}?",
				"Give me {count}news headlines on {topic}{country}.",
				"Any news about {topic}{country}?",
				"Show me {count}headlines about {topic}{country}.",
				"What's happening with {topic}{country}? Get me {count}headlines.",
				"Catch me up on {topic} news{country}.",
				"Find {count}recent news articles about {topic}{country}.",
				"I want the latest news on {topic}{country}.",
				"Fetch {count}headlines on {topic}{country}.",
				"What's new in {topic}{country}? Show me {count}headlines.",
				"Pull up {count}news stories about {topic}{country}.",
				"news on {topic}{country}",
			},
			heldout: []string{
				"Brief me on {topic} with {count}headlines{country}.",
				"Read me {count}headlines covering {topic}{country}.",
				"Keep me posted on {topic}{country}: list {count}headlines.",
				"Skim the press for {count}stories about {topic}{country}.",
			},
		},
		asks: map[string]string{"topic": "which topic you're interested in"},
		sample: func(s *sampler) request {
			r := newRequest()
			topic := pick(s, s.pools.newsTopics)
			r.set("topic", topic, topic)
			if s.chance(0.4) {
				c := pick(s, newsCountries())
				r.set("country", c.Code, pick(s, []string{" in " + c.Name, " from " + c.Name}))
			}
			if s.chance(0.4) {
				n := s.between(2, 10)
				r.set("count", n, pick(s, []string{s.spelled(n) + " ", "the top " + fmt.Sprint(n) + " "}))
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			var lines []string
			for i, h := range res.list("headlines") {
				lines = append(lines, fmt.Sprintf("%d. %q (%s, %s hours ago)", i+1, h.str("title"), h.str("source"), h.numText("published_hours_ago")))
			}
			return fmt.Sprintf("Here are the latest headlines about %s:\n%s", res.str("topic"), strings.Join(lines, "\n"))
		},
	}
}

func webSearchGen() toolGen {
	return toolGen{
		name:   "web_search",
		action: "search the web",
		templates: templateSet{
			train: []string{
				"Search the web for {query}{num_results}.",
				"Can you look up {query}{num_results}?",
				"Find information about {query}{num_results}.",
				"Do a web search on {query}{num_results}.",
				"I want to read about {query}. Search for it{num_results}.",
				"Look up {query} online{num_results}.",
				"What does the web say about {query}{num_results}?",
				"Search for \"{query}\"{num_results}.",
				"Find me some articles on {query}{num_results}.",
				"I'm curious about {query}; can you search that{num_results}?",
				"web search: {query}{num_results}",
				"Please search online for {query}{num_results}.",
			},
			heldout: []string{
				"Dig up some web results on {query}{num_results}.",
				"Could you hunt online for {query}{num_results}?",
				"Pull some search results about {query}{num_results}.",
				"I need sources on {query}. Run a search{num_results}.",
			},
		},
		asks: map[string]string{"query": "what you'd like me to search for"},
		sample: func(s *sampler) request {
			r := newRequest()
			q := pick(s, s.pools.queries)
			r.set("query", q, q)
			if s.chance(0.3) {
				n := s.between(2, 10)
				r.set("num_results", n, pick(s, []string{fmt.Sprintf(", top %d results", n), fmt.Sprintf(" and give me %s results", s.spelled(n)), fmt.Sprintf(" (just %d results)", n)}))
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			results := res.list("results")
			var lines []string
			for i, item := range results[:min(3, len(results))] {
				lines = append(lines, fmt.Sprintf("%d. %s (%s): %s", i+1, item.str("title"), item.str("url"), item.str("snippet")))
			}
			return fmt.Sprintf("Here's what I found for %q:\n%s", res.str("query"), strings.Join(lines, "\n"))
		},
	}
}

func musicGen() toolGen {
	return toolGen{
		name:   "play_music",
		action: "play music",
		templates: templateSet{
			train: []string{
				"Play {query}{shuffle}.",
				"Put on {query}{shuffle}.",
				"Can you play {query}{shuffle}?",
				"I want to listen to {query}{shuffle}.",
				"Start playing {query}{shuffle}.",
				"Play me some music: {query}{shuffle}.",
				"I'm in the mood for {query}. Play it{shuffle}.",
				"Queue up {query}{shuffle}.",
				"Let's hear {query}{shuffle}.",
				"Could you put {query} on{shuffle}?",
				"Music please: {query}{shuffle}",
				"Turn on {query}{shuffle}.",
			},
			heldout: []string{
				"Spin {query} for me{shuffle}.",
				"Fill the room with {query}{shuffle}.",
				"Crank up {query}{shuffle}.",
				"I'd love to hear {query} right now{shuffle}.",
			},
		},
		asks: map[string]string{"query": "what you'd like to hear"},
		sample: func(s *sampler) request {
			r := newRequest()
			q := pick(s, s.pools.music)
			r.set("query", q, q)
			if s.chance(0.35) {
				if s.chance(0.6) {
					r.set("shuffle", true, pick(s, []string{" on shuffle", " shuffled", " in random order"}))
				} else {
					r.set("shuffle", false, pick(s, []string{" in order", " without shuffle", ", no shuffle"}))
				}
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			now := res.obj("now_playing")
			mode := ""
			if res.boolean("shuffle") {
				mode = " on shuffle"
			}
			return fmt.Sprintf("Now playing%s: %q by %s, from the album %q. %s more tracks are queued.",
				mode, now.str("title"), now.str("artist"), now.str("album"), res.numText("queue_length"))
		},
	}
}
