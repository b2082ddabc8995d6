package tools

import (
	"fmt"
	"math"
)

// unitDef describes a unit by how it maps onto its dimension's base unit (metre, kilogram,
// litre, kelvin): base = (value + offset) * scale. Offsets are zero except for temperatures,
// which is what lets one formula convert both lengths and degrees.
type unitDef struct {
	name      string
	dimension string
	scale     float64
	offset    float64
}

// unitTable lists the units convert_units knows, in the order its enum shows them. The factors
// are the exact international definitions (1 in = 2.54 cm, 1 lb = 0.45359237 kg, US gallon).
func unitTable() []unitDef {
	return []unitDef{
		{"km", "length", 1000, 0},
		{"mi", "length", 1609.344, 0},
		{"m", "length", 1, 0},
		{"ft", "length", 0.3048, 0},
		{"cm", "length", 0.01, 0},
		{"in", "length", 0.0254, 0},
		{"kg", "mass", 1, 0},
		{"lb", "mass", 0.45359237, 0},
		{"g", "mass", 0.001, 0},
		{"oz", "mass", 0.028349523125, 0},
		{"l", "volume", 1, 0},
		{"gal", "volume", 3.785411784, 0},
		{"celsius", "temperature", 1, 273.15},
		{"fahrenheit", "temperature", 5.0 / 9.0, 459.67},
	}
}

func unitNames() []string {
	var names []string
	for _, u := range unitTable() {
		names = append(names, u.name)
	}
	return names
}

func lookupUnit(name string) (unitDef, error) {
	for _, u := range unitTable() {
		if u.name == name {
			return u, nil
		}
	}
	return unitDef{}, fmt.Errorf("unknown unit %q", name)
}

// ConvertUnits converts value from one unit to another of the same dimension. Converting
// between dimensions (km to kg) and temperatures below absolute zero are errors.
func ConvertUnits(value float64, from, to string) (float64, error) {
	f, err := lookupUnit(from)
	if err != nil {
		return 0, err
	}
	t, err := lookupUnit(to)
	if err != nil {
		return 0, err
	}
	if f.dimension != t.dimension {
		return 0, fmt.Errorf("cannot convert %s (%s) to %s (%s)", from, f.dimension, to, t.dimension)
	}
	base := (value + f.offset) * f.scale
	if f.dimension == "temperature" && base < 0 {
		return 0, fmt.Errorf("%v %s is below absolute zero", value, from)
	}
	return base/t.scale - t.offset, nil
}

// currencyDef is a currency and its fixed simulated rate in units per US dollar.
type currencyDef struct {
	code   string
	perUSD float64
}

// currencyTable lists the currencies convert_currency knows, in enum order, with fixed rates:
// the simulation must give the same answer every time, so rates are constants, not live data.
func currencyTable() []currencyDef {
	return []currencyDef{
		{"USD", 1},
		{"EUR", 0.92},
		{"GBP", 0.79},
		{"JPY", 150},
		{"CHF", 0.88},
		{"CAD", 1.37},
		{"AUD", 1.53},
		{"CNY", 7.24},
		{"INR", 83.5},
		{"BRL", 5.4},
		{"MXN", 18.2},
		{"SEK", 10.6},
	}
}

func currencyCodes() []string {
	var codes []string
	for _, c := range currencyTable() {
		codes = append(codes, c.code)
	}
	return codes
}

// ExchangeRate is how many units of to one unit of from buys, at the fixed simulated rates.
func ExchangeRate(from, to string) (float64, error) {
	var fromRate, toRate float64
	for _, c := range currencyTable() {
		if c.code == from {
			fromRate = c.perUSD
		}
		if c.code == to {
			toRate = c.perUSD
		}
	}
	switch {
	case fromRate == 0:
		return 0, fmt.Errorf("unknown currency %q", from)
	case toRate == 0:
		return 0, fmt.Errorf("unknown currency %q", to)
	}
	return toRate / fromRate, nil
}

// roundTo rounds x to the given number of decimals (half away from zero).
func roundTo(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	r := math.Round(x*p) / p
	if r == 0 {
		return 0 // no negative zero in results
	}
	return r
}

// roundSig rounds x to the given number of significant digits.
func roundSig(x float64, digits int) float64 {
	if x == 0 {
		return 0 // also turns -0 into 0
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	exp := int(math.Floor(math.Log10(math.Abs(x))))
	return roundTo(x, digits-1-exp)
}

// roundMeasure rounds a measurement for display: four decimals, or six significant digits
// where that keeps more (1 in in km is 0.0000254), but never more than ten decimals, which
// clears the float noise of temperature offsets (32 °F is 0 °C, not 5.7e-14).
func roundMeasure(x float64) float64 {
	if x == 0 {
		return 0
	}
	exp := int(math.Floor(math.Log10(math.Abs(x))))
	return roundTo(x, min(10, max(4, 5-exp)))
}
