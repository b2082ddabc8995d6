package tools

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// travelSpeed is the average speed (km/h) and fixed overhead (minutes: parking, waiting for a
// train) of a travel mode, used to turn a route's length into a travel time.
func travelSpeed(mode string) (kmh, overhead float64) {
	switch mode {
	case "walking":
		return 5, 0
	case "bicycling":
		return 15, 0
	case "transit":
		return 22, 8
	}
	return 38, 3
}

// orderedPair returns its two arguments in a fixed order, so that A->B and B->A are the same
// route to the simulation.
func orderedPair(a, b string) (string, string) {
	if a > b {
		return b, a
	}
	return a, b
}

func runDirections(a args) (map[string]any, error) {
	origin, dest, mode := a.str("origin", ""), a.str("destination", ""), a.str("mode", "driving")
	if normalize(origin) == normalize(dest) {
		return nil, ArgError{Path: "destination", Msg: "is the same place as origin"}
	}
	p, q := orderedPair(normalize(origin), normalize(dest))
	distance := roundTo(uniform(seededRand("route", p, q), 0.8, 40), 1)
	kmh, overhead := travelSpeed(mode)
	mainStreet, steps := routeSteps(seededRand("directions", p, q, mode), mode, dest, distance)
	return map[string]any{
		"origin":           origin,
		"destination":      dest,
		"mode":             mode,
		"distance_km":      distance,
		"duration_minutes": max(1, math.Round(distance/kmh*60+overhead)),
		"summary":          "via " + mainStreet,
		"steps":            steps,
	}, nil
}

// routeSteps splits a route into 3-6 turn-by-turn instructions whose lengths add up to total,
// and returns the street the route starts on with them.
func routeSteps(r *rand.Rand, mode, dest string, total float64) (string, []any) {
	n := intIn(r, 3, 6)
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		weights[i] = uniform(r, 0.2, 1)
		sum += weights[i]
	}
	start := "Head"
	if mode == "transit" {
		start = "Take the bus"
	}
	mainStreet := pick(r, streetNames())
	turns := []string{"Turn left onto %s", "Turn right onto %s", "Continue onto %s", "Keep left to stay on %s", "At the roundabout, take the second exit onto %s"}
	steps := make([]any, n)
	// Each step's length is the difference of rounded running totals: the lengths are never
	// negative and add up to the total exactly.
	cum, prev := 0.0, 0.0
	for i := range n {
		cum += weights[i]
		end := roundTo(total*cum/sum, 1)
		length := roundTo(end-prev, 1)
		prev = end
		var text string
		switch {
		case i == 0:
			text = fmt.Sprintf("%s %s on %s", start, pick(r, []string{"north", "south", "east", "west"}), mainStreet)
		case i == n-1:
			text = "Arrive at " + dest
		default:
			text = fmt.Sprintf(pick(r, turns), pick(r, streetNames()))
		}
		steps[i] = map[string]any{"instruction": text, "distance_km": length}
	}
	return mainStreet, steps
}

// placeNames gives name patterns (with %s for a surname or street) for a kind of place.
func placeNames(placeType string) []string {
	switch placeType {
	case "restaurant":
		return []string{"Trattoria %s", "%s Bistro", "The %s Kitchen", "Casa %s", "%s Grill House"}
	case "cafe":
		return []string{"Cafe %s", "%s Coffee Roasters", "The Daily Grind on %s", "%s Espresso Bar"}
	case "pharmacy":
		return []string{"%s Pharmacy", "HealthPlus Pharmacy %s", "City Chemist %s"}
	case "hospital":
		return []string{"%s General Hospital", "St. %s Medical Center", "%s University Hospital"}
	case "gas_station":
		return []string{"FuelStop %s", "%s Service Station", "QuickGas %s"}
	case "supermarket":
		return []string{"FreshMart %s", "%s Grocers", "Green Basket %s"}
	case "museum":
		return []string{"%s Museum of Art", "Museum of %s History", "The %s Gallery", "%s Science Museum"}
	case "park":
		return []string{"%s Park", "%s Gardens", "%s Riverside Park"}
	case "hotel":
		return []string{"Hotel %s", "The %s Grand", "%s Inn & Suites", "%s Boutique Hotel"}
	}
	return []string{"%s Bank ATM", "CashPoint %s", "Community Credit Union ATM %s"}
}

func runNearbyPlaces(a args) (map[string]any, error) {
	loc, kind, radius := a.str("location", ""), a.str("place_type", ""), a.num("radius_km", 5)
	r := seededRand("places", normalize(loc), kind)
	n := intIn(r, 3, 5)
	distances := make([]float64, n)
	for i := range distances {
		distances[i] = roundTo(uniform(r, 0.05, 1)*radius, 2)
	}
	sort.Float64s(distances)
	places := make([]any, n)
	for i, d := range distances {
		name := fmt.Sprintf(pick(r, placeNames(kind)), pick(r, surnames()))
		places[i] = map[string]any{
			"name":        name,
			"address":     fmt.Sprintf("%d %s, %s", intIn(r, 1, 250), pick(r, streetNames()), city(loc)),
			"distance_km": max(d, 0.01),
			"rating":      roundTo(uniform(r, 3.5, 5), 1),
			"open_now":    r.Float64() < 0.8,
		}
	}
	return map[string]any{"location": loc, "place_type": kind, "radius_km": radius, "places": places}, nil
}

// airlines lists simulated carriers: display name and two-letter designator.
func airlines() [][2]string {
	return [][2]string{{"Aurora Airways", "AU"}, {"Blue Meridian", "BM"}, {"Northwind Air", "NX"}, {"SkyBridge", "SK"}, {"Coastal Jet", "CJ"}, {"Atlas Express", "AE"}}
}

// cabinPriceFactor is a cabin's fare relative to economy.
func cabinPriceFactor(cabin string) float64 {
	switch cabin {
	case "premium_economy":
		return 1.6
	case "business":
		return 3.5
	case "first":
		return 6
	}
	return 1
}

func airportCode(a args, name string) (string, error) {
	raw := a.str(name, "")
	c := strings.ToUpper(strings.TrimSpace(raw))
	if len(c) != 3 || !isUpperLetter(c[0]) || !isUpperLetter(c[1]) || !isUpperLetter(c[2]) {
		return "", ArgError{Path: name, Msg: fmt.Sprintf("%q is not a three-letter IATA airport code (e.g. JFK)", raw)}
	}
	return c, nil
}

func runSearchFlights(a args) (map[string]any, error) {
	origin, err := airportCode(a, "origin")
	if err != nil {
		return nil, err
	}
	dest, err := airportCode(a, "destination")
	if err != nil {
		return nil, err
	}
	if origin == dest {
		return nil, ArgError{Path: "destination", Msg: "is the same airport as origin"}
	}
	date := a.str("date", "")
	day, err := parseDate("date", date)
	if err != nil {
		return nil, err
	}
	passengers, cabin := a.integer("passengers", 1), a.str("cabin", "economy")
	p, q := orderedPair(origin, dest)
	block := intIn(seededRand("flight-route", p, q), 45, 780) // scheduled block time of the route
	r := seededRand("flights", origin, dest, date)
	n := intIn(r, 3, 5)
	departures := make([]int, n)
	for i := range departures {
		departures[i] = 5 * intIn(r, 6*12, 22*12) // 06:00 to 22:00, on five-minute marks
	}
	sort.Ints(departures)
	flights := make([]any, n)
	for i, dep := range departures {
		carrier := airlines()[r.IntN(len(airlines()))]
		stops := 0
		duration := block + 5*intIn(r, -3, 3)
		if r.Float64() < 0.3 {
			stops, duration = 1, duration+5*intIn(r, 12, 30)
		}
		price := roundTo((60+0.9*float64(duration))*uniform(r, 0.8, 1.4)*cabinPriceFactor(cabin), 2)
		arrDate, arrTime := clockAfter(day, dep, duration)
		f := map[string]any{
			"flight_number":    fmt.Sprintf("%s%d", carrier[1], intIn(r, 100, 9899)),
			"airline":          carrier[0],
			"departure_time":   formatClock(dep),
			"arrival_time":     arrTime,
			"duration_minutes": float64(duration),
			"stops":            float64(stops),
			"price_per_person": price,
			"total_price":      roundTo(price*float64(passengers), 2),
		}
		if arrDate != date {
			f["arrival_date"] = arrDate
		}
		flights[i] = f
	}
	return map[string]any{
		"origin": origin, "destination": dest, "date": date, "passengers": float64(passengers),
		"cabin": cabin, "currency": "USD", "flights": flights,
	}, nil
}
