package tools

import (
	"math"
	"strings"
	"testing"
)

// The expected values below are worked by hand from the definitions (1 mi = 1609.344 m,
// 1 in = 2.54 cm, 1 lb = 0.45359237 kg, 1 oz = 1/16 lb, 1 US gal = 3.785411784 l,
// °F = °C × 9/5 + 32), then rounded as roundMeasure does.
func TestConvertUnitsTool(t *testing.T) {
	tests := []struct {
		value    float64
		from, to string
		want     float64
	}{
		{100, "km", "mi", 62.1371}, // 100000/1609.344 = 62.13711...
		{1, "mi", "km", 1.60934},
		{12, "in", "cm", 30.48},
		{6, "ft", "m", 1.8288},
		{1, "m", "ft", 3.28084}, // 1/0.3048 = 3.280839...
		{1, "kg", "lb", 2.20462},
		{16, "oz", "lb", 1},
		{500, "g", "oz", 17.637}, // 500/28.349523125 = 17.63698...
		{1, "gal", "l", 3.78541},
		{2, "l", "gal", 0.528344}, // 2/3.785411784 = 0.5283441...
		{1, "in", "km", 0.0000254},
		{100, "celsius", "fahrenheit", 212},
		{-40, "celsius", "fahrenheit", -40},
		{98.6, "fahrenheit", "celsius", 37},
		{32, "fahrenheit", "celsius", 0},
		{0, "celsius", "celsius", 0},
		{-273.15, "celsius", "fahrenheit", -459.67},
		{2.5, "km", "m", 2500},
		{-3, "m", "cm", -300}, // lengths may be negative (a change, a depth)
	}
	convert := builtinExecutor(t, "convert_units")
	for _, tt := range tests {
		out, err := convert(map[string]any{"value": tt.value, "from_unit": tt.from, "to_unit": tt.to})
		if err != nil {
			t.Errorf("%v %s -> %s: %v", tt.value, tt.from, tt.to, err)
			continue
		}
		if got := out["result"]; got != tt.want {
			t.Errorf("%v %s -> %s = %v, want %v", tt.value, tt.from, tt.to, got, tt.want)
		}
	}
}

// TestConvertUnitsAgainstFormulas compares the table-driven conversion with the textbook
// formulas over a range of values, before rounding.
func TestConvertUnitsAgainstFormulas(t *testing.T) {
	formulas := []struct {
		from, to string
		f        func(float64) float64
	}{
		{"celsius", "fahrenheit", func(c float64) float64 { return c*9/5 + 32 }},
		{"fahrenheit", "celsius", func(f float64) float64 { return (f - 32) * 5 / 9 }},
		{"mi", "ft", func(mi float64) float64 { return mi * 5280 }},
		{"ft", "in", func(ft float64) float64 { return ft * 12 }},
		{"lb", "oz", func(lb float64) float64 { return lb * 16 }},
		{"kg", "g", func(kg float64) float64 { return kg * 1000 }},
		{"gal", "in", nil}, // different dimensions: must fail
	}
	for _, fm := range formulas {
		for v := -100.0; v <= 500; v += 37.5 {
			got, err := ConvertUnits(v, fm.from, fm.to)
			if fm.f == nil {
				if err == nil {
					t.Errorf("ConvertUnits(%v, %s, %s) = %v, want an error", v, fm.from, fm.to, got)
				}
				continue
			}
			if err != nil {
				t.Errorf("ConvertUnits(%v, %s, %s): %v", v, fm.from, fm.to, err)
				continue
			}
			if want := fm.f(v); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
				t.Errorf("ConvertUnits(%v, %s, %s) = %v, want %v", v, fm.from, fm.to, got, want)
			}
		}
	}
}

func TestConvertUnitsErrors(t *testing.T) {
	tests := []struct {
		value    float64
		from, to string
		wantErr  string
	}{
		{1, "km", "kg", "cannot convert km (length) to kg (mass)"},
		{1, "celsius", "m", "cannot convert celsius (temperature) to m (length)"},
		{1, "gal", "lb", "cannot convert gal (volume) to lb (mass)"},
		{-300, "celsius", "fahrenheit", "below absolute zero"},
		{-500, "fahrenheit", "celsius", "below absolute zero"},
		{1, "parsec", "km", `unknown unit "parsec"`},
		{1, "km", "furlong", `unknown unit "furlong"`},
	}
	for _, tt := range tests {
		got, err := ConvertUnits(tt.value, tt.from, tt.to)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ConvertUnits(%v, %s, %s) = %v, %v; want error containing %q", tt.value, tt.from, tt.to, got, err, tt.wantErr)
		}
	}
	// Through the tool, the error names the tool.
	_, err := builtinExecutor(t, "convert_units")(map[string]any{"value": 3, "from_unit": "km", "to_unit": "kg"})
	if err == nil || !strings.HasPrefix(err.Error(), "convert_units: cannot convert km") {
		t.Errorf("convert_units km -> kg: error = %v, want one naming the tool and the units", err)
	}
}

// Rates are units per US dollar: USD 1, EUR 0.92, GBP 0.79, JPY 150, CHF 0.88.
func TestConvertCurrencyTool(t *testing.T) {
	tests := []struct {
		amount         float64
		from, to       string
		want, wantRate float64
	}{
		{100, "USD", "EUR", 92, 0.92},
		{50, "GBP", "USD", 63.29, 1.26582},           // 50/0.79 = 63.2911...
		{1000, "JPY", "EUR", 6.13, 0.00613333},       // 1000*0.92/150 = 6.1333...
		{100, "EUR", "JPY", 16304.35, 163.043},       // 100*150/0.92 = 16304.347...
		{19.99, "CHF", "GBP", 17.95, 0.897727},       // 19.99*0.79/0.88 = 17.945...
		{10, "SEK", "SEK", 10, 1},                    //
		{0, "USD", "INR", 0, 83.5},                   //
		{-25, "USD", "CAD", -34.25, 1.37},            // a refund converts too
		{1234567.89, "USD", "MXN", 22469135.6, 18.2}, // 1234567.89*18.2 = 22469135.598
	}
	convert := builtinExecutor(t, "convert_currency")
	for _, tt := range tests {
		out, err := convert(map[string]any{"amount": tt.amount, "from_currency": tt.from, "to_currency": tt.to})
		if err != nil {
			t.Errorf("%v %s -> %s: %v", tt.amount, tt.from, tt.to, err)
			continue
		}
		if out["converted_amount"] != tt.want || out["rate"] != tt.wantRate {
			t.Errorf("%v %s -> %s = %v at rate %v, want %v at %v", tt.amount, tt.from, tt.to, out["converted_amount"], out["rate"], tt.want, tt.wantRate)
		}
	}
}

func TestExchangeRateIsConsistent(t *testing.T) {
	codes := currencyCodes()
	for _, a := range codes {
		for _, b := range codes {
			ab, err1 := ExchangeRate(a, b)
			ba, err2 := ExchangeRate(b, a)
			if err1 != nil || err2 != nil {
				t.Fatalf("ExchangeRate(%s, %s): %v, %v", a, b, err1, err2)
			}
			if math.Abs(ab*ba-1) > 1e-12 {
				t.Errorf("rate %s->%s (%v) times %s->%s (%v) = %v, want 1", a, b, ab, b, a, ba, ab*ba)
			}
		}
	}
	if _, err := ExchangeRate("USD", "XYZ"); err == nil || !strings.Contains(err.Error(), `"XYZ"`) {
		t.Errorf("ExchangeRate(USD, XYZ) error = %v, want one naming XYZ", err)
	}
}

func TestRounding(t *testing.T) {
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"roundTo half away from zero", roundTo(0.125, 2), 0.13},
		{"roundTo negative half", roundTo(-1.25, 1), -1.3},
		{"roundTo negative zero", math.Copysign(1, roundTo(-0.001, 2)), 1},
		{"roundSig 3", roundSig(123456, 3), 123000},
		{"roundSig small", roundSig(0.000123456, 2), 0.00012},
		{"roundSig zero", math.Copysign(1, roundSig(math.Copysign(0, -1), 5)), 1},
		{"roundMeasure large", roundMeasure(1234.56789), 1234.5679},
		{"roundMeasure small", roundMeasure(0.0001234567), 0.000123457},
		{"roundMeasure noise", roundMeasure(5.7e-14), 0},
	}
	for _, tt := range tests {
		if math.Abs(tt.got-tt.want) > 1e-15*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
