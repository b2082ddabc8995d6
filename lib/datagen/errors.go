package datagen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
)

// Error-recovery scenarios: the first call fails for a reason the tool reports, and the
// assistant either retries with corrected arguments (a city name where an IANA zone or an
// airport code was needed, a company name where a ticker was, notation the calculator
// rejects) or explains the problem (a square root of a negative number, a division by zero,
// a mass converted to a volume). Every call is valid for its schema: the failures are the
// ones only the tool itself can detect.
// Every failure comes from the real executor: if it accepts the bad call, Generate fails.

// errorCase is one way a call can fail; tools lists the tools it can use (any one).
type errorCase struct {
	tools []string
	run   func(b *builder, tg *toolGen) error
}

func allErrorCases() []errorCase {
	return []errorCase{
		{[]string{"get_current_time"}, (*builder).zoneByCityName},
		{[]string{"get_stock_price"}, (*builder).tickerByCompanyName},
		{[]string{"search_flights"}, (*builder).airportsByCityName},
		{[]string{"calculate"}, (*builder).calculatorNotation},
		{[]string{"calculate"}, (*builder).undefinedMath},
		{[]string{"convert_units"}, (*builder).massToVolume},
	}
}

// errorRecovery runs a random error case whose tool the registry has.
func (b *builder) errorRecovery() error {
	c := pick(b.s, b.g.errs)
	var usable []*toolGen
	for _, name := range c.tools {
		if tg := b.g.byName[name]; tg != nil {
			usable = append(usable, tg)
		}
	}
	return c.run(b, pick(b.s, usable))
}

// phraseWith renders a request with the tool's templates that contain all the given slots.
func (b *builder) phraseWith(tg *toolGen, req request, slots ...string) (rendered, error) {
	var ts templateSet
	for _, split := range []string{SplitTrain, SplitHeldout} {
		for _, t := range tg.templates.forSplit(split) {
			if containsAll(t, slots) {
				if split == SplitTrain {
					ts.train = append(ts.train, t)
				} else {
					ts.heldout = append(ts.heldout, t)
				}
			}
		}
	}
	if len(ts.forSplit(b.s.split)) == 0 {
		return rendered{}, fmt.Errorf("%s has no %s phrasing with slots %v", tg.name, b.s.split, slots)
	}
	return b.phrase(tg, req, ts)
}

func containsAll(tmpl string, slots []string) bool {
	for _, s := range slots {
		if !strings.Contains(tmpl, "{"+s+"}") {
			return false
		}
	}
	return true
}

// failThenRetry makes the failing call, checks that it failed, then makes the corrected
// call and answers from its result.
func (b *builder) failThenRetry(bad, good dataset.ToolCall, retry string) error {
	if err := b.fail(bad); err != nil {
		return err
	}
	out, err := b.callOK(retry, good)
	if err != nil {
		return err
	}
	answer, err := b.answer(out[0])
	if err != nil {
		return err
	}
	b.assistant(answer)
	return nil
}

// fail makes a call that must fail and returns an error if the executor accepted it.
func (b *builder) fail(bad dataset.ToolCall) error {
	out, err := b.call(CallIntro, bad)
	if err != nil {
		return err
	}
	if out[0].err == nil {
		return fmt.Errorf("expected %s to fail on %v, but it succeeded", bad.Name, bad.Parameters)
	}
	return nil
}

// withArg copies args with one argument replaced.
func withArg(args map[string]any, param string, value any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		out[k] = v
	}
	out[param] = value
	return out
}

// probeFails runs a call outside the conversation and reports whether the tool rejects it.
func (b *builder) probeFails(c dataset.ToolCall) bool {
	e, err := b.g.entry(c.Name)
	if err != nil {
		return false
	}
	res, err := e.Execute(c.Parameters)
	_, hasErr := res["error"]
	return err != nil || hasErr
}

// zoneByCityName: the first call passes the city where an IANA time zone is needed.
func (b *builder) zoneByCityName(tg *toolGen) error {
	req := tg.sample(b.s)
	city := req.slots["timezone:city"]
	text, err := b.phraseWith(tg, req, "timezone:city")
	if err != nil {
		return err
	}
	bad := callOf(tg.name, withArg(req.args, "timezone", city))
	if !b.probeFails(bad) { // some zone names are also city names ("Singapore")
		bad = callOf(tg.name, withArg(req.args, "timezone", city+" time"))
	}
	b.user(text)
	tz := req.args["timezone"].(string)
	return b.failThenRetry(bad, callOf(tg.name, req.args),
		fmt.Sprintf("The time zone has to be an IANA name, so I'll use %s for %s.", tz, city))
}

// tickerByCompanyName: the first call passes the company name where a ticker is needed.
func (b *builder) tickerByCompanyName(tg *toolGen) error {
	var names []company
	for _, c := range b.s.pools.companies {
		if b.probeFails(callOf(tg.name, map[string]any{"symbol": c.Name})) {
			names = append(names, c)
		}
	}
	if len(names) == 0 {
		return errors.New("get_stock_price accepts every company name of the pool as a ticker")
	}
	c := pick(b.s, names)
	req := newRequest()
	req.set("symbol", c.Symbol, c.Symbol)
	req.slots["symbol:company"] = c.Name
	text, err := b.phraseWith(tg, req, "symbol:company")
	if err != nil {
		return err
	}
	b.user(text)
	return b.failThenRetry(callOf(tg.name, map[string]any{"symbol": c.Name}), callOf(tg.name, req.args),
		fmt.Sprintf("%q isn't a ticker symbol; %s trades as %s, so let me look that up.", c.Name, c.Name, c.Symbol))
}

// airportsByCityName: the first call passes city names where airport codes are needed.
func (b *builder) airportsByCityName(tg *toolGen) error {
	req := tg.sample(b.s)
	from, to := req.slots["origin:city"], req.slots["destination:city"]
	req.slots["origin"], req.slots["destination"] = from, to
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.user(text)
	bad := withArg(withArg(req.args, "origin", from), "destination", to)
	return b.failThenRetry(callOf(tg.name, bad), callOf(tg.name, req.args),
		fmt.Sprintf("The flight search needs airport codes, so I'll use %s for %s and %s for %s.", req.args["origin"], from, req.args["destination"], to))
}

// calculatorNotation: the first expression keeps notation the user typed that the
// calculator does not read: "15% * 240" or "12 x 4".
func (b *builder) calculatorNotation(tg *toolGen) error {
	if b.s.chance(0.5) {
		return b.percentSign(tg)
	}
	return b.timesLetter(tg)
}

// percentSign: the first expression keeps the "%" the user typed.
func (b *builder) percentSign(tg *toolGen) error {
	p, base := pick(b.s, []int{5, 10, 12, 15, 18, 20, 25, 30, 40}), b.s.between(20, 5000)
	expr := fmt.Sprintf("%d * %s", base, formatNumber(float64(p)/100, false))
	req := newRequest()
	req.set("expression", expr, fmt.Sprintf("%d%% of %d", p, base))
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.user(text)
	return b.failThenRetry(callOf(tg.name, map[string]any{"expression": fmt.Sprintf("%d%% * %d", p, base)}), callOf(tg.name, req.args),
		fmt.Sprintf("The calculator doesn't accept the %% sign, so I'll write it as %s.", expr))
}

// timesLetter: the first expression keeps the "x" the user typed for multiplication.
func (b *builder) timesLetter(tg *toolGen) error {
	x, y := b.s.between(3, 999), b.s.between(2, 99)
	req := newRequest()
	req.set("expression", fmt.Sprintf("%d * %d", x, y), fmt.Sprintf("%d x %d", x, y))
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.user(text)
	return b.failThenRetry(callOf(tg.name, map[string]any{"expression": fmt.Sprintf("%d x %d", x, y)}), callOf(tg.name, req.args),
		fmt.Sprintf("The calculator uses * for multiplication, so let me rewrite that as %d * %d.", x, y))
}

func substanceTemplates() templateSet {
	return templateSet{
		train: []string{
			"How many {to_unit} is {value} {from_unit} of {substance}?",
			"Convert {value} {from_unit} of {substance} to {to_unit}.",
			"What's {value} {from_unit} of {substance} in {to_unit}?",
		},
		heldout: []string{"Turn {value} {from_unit} of {substance} into {to_unit}."},
	}
}

// massToVolume: the user converts a weight of some food to a volume; the tool refuses to
// mix dimensions and the assistant explains why.
func (b *builder) massToVolume(tg *toolGen) error {
	var mass, volume []unitInfo
	for _, u := range units() {
		switch u.Dimension {
		case "mass":
			mass = append(mass, u)
		case "volume":
			volume = append(volume, u)
		}
	}
	from, to := pick(b.s, mass), pick(b.s, volume)
	if b.s.chance(0.5) {
		from, to = to, from
	}
	v := b.s.measure(from)
	substance := pick(b.s, []string{"flour", "sugar", "rice", "honey", "olive oil", "milk", "butter", "oats"})
	req := newRequest()
	req.set("value", v, formatNumber(v, false))
	req.set("from_unit", from.Code, b.s.unitWord(from, v))
	req.set("to_unit", to.Code, b.s.unitWord(to, 2))
	req.slots["substance"] = substance
	text, err := b.phrase(tg, req, substanceTemplates())
	if err != nil {
		return err
	}
	b.user(text)
	if err := b.fail(callOf(tg.name, req.args)); err != nil {
		return err
	}
	b.assistant(fmt.Sprintf("I can't convert %s to %s directly: %s measure %s and %s measure %s, so the answer depends on how dense the %s is. If you know its density (or how much a cup of it weighs), I can work it out for you.",
		from.Plural, to.Plural, from.Plural, from.Dimension, to.Plural, to.Dimension, substance))
	return nil
}

// undefinedMath: the user asks for something with no real answer (the square root of a
// negative number, a division by zero); the calculator refuses and the assistant explains.
func (b *builder) undefinedMath(tg *toolGen) error {
	req := newRequest()
	var explain string
	if b.s.chance(0.5) {
		k := b.s.between(2, 30)
		req.set("expression", fmt.Sprintf("sqrt(-%d)", k*k), pick(b.s, []string{fmt.Sprintf("the square root of -%d", k*k), fmt.Sprintf("sqrt(-%d)", k*k)}))
		explain = fmt.Sprintf("-%d has no real square root, because no real number squared gives a negative result. In complex numbers the answer is %di (and -%di).", k*k, k, k)
	} else {
		a := b.s.between(1, 9999)
		req.set("expression", fmt.Sprintf("%d / 0", a), pick(b.s, []string{fmt.Sprintf("%d divided by 0", a), fmt.Sprintf("%d / 0", a), fmt.Sprintf("%d divided by zero", a)}))
		explain = fmt.Sprintf("Dividing by zero is undefined, so %d / 0 has no numeric answer. If you meant a different divisor, tell me and I'll calculate it.", a)
	}
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.user(text)
	if err := b.fail(callOf(tg.name, req.args)); err != nil {
		return err
	}
	b.assistant("The calculator couldn't evaluate that. " + explain)
	return nil
}
