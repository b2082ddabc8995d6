package datagen

// World facts behind the generator's values, exported for other corpora.
//
// Some calls need more than the words of a request: "flights out of Buenos Aires" takes the
// airport code EZE, "the time in Lima" the IANA zone America/Lima, "Starbucks shares" the
// ticker SBUX. Any pretrained model brings such facts to fine-tuning; a base model built from
// nothing learns them only if its corpus states them, so lib/corpus states these (both
// splits: they are general knowledge, not examples of calls).

// CityFacts are the codes the built-in tools expect for a city.
type CityFacts struct {
	Name, Country string
	Airport       string // IATA code of its main airport
	TimeZone      string // IANA time zone name
}

// Cities returns the facts of every city the generator uses, in both splits.
func Cities() []CityFacts {
	var out []CityFacts
	for _, c := range cities() {
		out = append(out, CityFacts{Name: c.Name, Country: c.Country, Airport: c.Airport, TimeZone: c.TimeZone})
	}
	return out
}

// CompanyFacts is a listed company and its ticker symbol.
type CompanyFacts struct{ Name, Symbol string }

// Companies returns every company the generator uses, in both splits.
func Companies() []CompanyFacts {
	var out []CompanyFacts
	for _, c := range companies() {
		out = append(out, CompanyFacts{Name: c.Name, Symbol: c.Symbol})
	}
	return out
}
