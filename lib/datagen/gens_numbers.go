package datagen

import (
	"fmt"
	"strconv"
	"strings"
)

// Generators of the number tools: calculator, unit and currency conversion, stock prices.

// arithmetic is a calculation as the user says it and as the calculator takes it.
type arithmetic struct {
	text, expr string
}

// arithmetic draws a calculation: a binary operation, a percentage, a root, a power, an
// average or a compound expression, said in symbols or in words.
func (s *sampler) arithmetic() arithmetic {
	n := func(lo, hi int) string { return strconv.Itoa(s.between(lo, hi)) }
	words := s.chance(0.6)
	say := func(spoken, symbolic string) string {
		if words {
			return spoken
		}
		return symbolic
	}
	switch s.intn(7) {
	case 0, 1:
		a, b := n(12, 9999), n(2, 999)
		ops := [][3]string{{"+", "plus", "added to"}, {"-", "minus", "minus"}, {"*", "times", "multiplied by"}, {"/", "divided by", "divided by"}}
		op := pick(s, ops)
		return arithmetic{say(a+" "+op[1+s.intn(2)]+" "+b, a+" "+op[0]+" "+b), a + " " + op[0] + " " + b}
	case 2:
		p, base := pick(s, []int{5, 8, 10, 12, 15, 18, 20, 25, 30, 35, 40, 75}), n(20, 5000)
		return arithmetic{fmt.Sprintf("%d%% of %s", p, base), base + " * " + formatNumber(float64(p)/100, false)}
	case 3:
		root := s.between(2, 99)
		radicand := root * root // a perfect square half of the time
		if s.chance(0.5) {
			radicand = s.between(2, 99) * s.between(2, 99)
		}
		sq := strconv.Itoa(radicand)
		return arithmetic{say("the square root of "+sq, "sqrt("+sq+")"), "sqrt(" + sq + ")"}
	case 4:
		b, e := n(2, 12), s.between(2, 10)
		spoken := fmt.Sprintf("%s to the power of %d", b, e)
		if e == 2 {
			spoken = b + " squared"
		} else if e == 3 {
			spoken = b + " cubed"
		}
		return arithmetic{say(spoken, fmt.Sprintf("%s^%d", b, e)), fmt.Sprintf("%s ^ %d", b, e)}
	case 5:
		k := s.between(3, 4)
		vals := make([]string, k)
		for i := range vals {
			vals[i] = n(1, 500)
		}
		return arithmetic{"the average of " + joinList(vals), fmt.Sprintf("(%s) / %d", strings.Join(vals, " + "), k)}
	}
	a, b, c := n(2, 300), fmt.Sprintf("%d.%d", s.between(1, 99), s.between(1, 9)), n(2, 40)
	expr := fmt.Sprintf("(%s + %s) * %s", a, b, c)
	return arithmetic{say(fmt.Sprintf("the sum of %s and %s, multiplied by %s", a, b, c), expr), expr}
}

func calculateGen() toolGen {
	return toolGen{
		name:   "calculate",
		action: "do calculations",
		templates: templateSet{
			train: []string{
				"What is {expression}?",
				"Can you calculate {expression} for me?",
				"Please compute {expression}.",
				"Quick math question: what's {expression}?",
				"Work out {expression}.",
				"I need the result of {expression}.",
				"Help me figure out {expression}.",
				"calc {expression}",
				"What do you get for {expression}?",
				"Could you do this calculation: {expression}?",
				"How much is {expression}?",
				"Solve {expression} please.",
			},
			heldout: []string{
				"Crunch the numbers on {expression} for me.",
				"I'm stuck on some arithmetic: {expression}. What's the answer?",
				"Evaluate {expression}, would you?",
				"Give me the value of {expression}.",
			},
		},
		asks: map[string]string{"expression": "what you'd like me to calculate"},
		sample: func(s *sampler) request {
			r := newRequest()
			a := s.arithmetic()
			r.set("expression", a.expr, a.text)
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			expr, value := res.str("expression"), res.numText("result")
			return pick(s, []string{
				fmt.Sprintf("%s = %s.", expr, value),
				fmt.Sprintf("The result is %s.", value),
				fmt.Sprintf("That comes to %s (%s).", value, expr),
			})
		},
	}
}

// unitWord says a unit the way people write it for a value: "5 kilometers", "1 mile",
// "12 kg", "30°C".
func (s *sampler) unitWord(u unitInfo, value float64) string {
	if u.Dimension == "temperature" {
		return pick(s, []string{u.Plural, strings.TrimPrefix(u.Plural, "degrees ")})
	}
	short := map[string]string{"km": "km", "kg": "kg", "cm": "cm", "lb": "lbs", "oz": "oz", "ft": "ft", "mi": "mi", "g": "g"}[u.Code]
	if short != "" && s.chance(0.25) {
		return short
	}
	if value == 1 {
		return u.Singular
	}
	return u.Plural
}

// unitPair draws two different units of one dimension.
func (s *sampler) unitPair() (unitInfo, unitInfo) {
	all := units()
	from := pick(s, all)
	var same []unitInfo
	for _, u := range all {
		if u.Dimension == from.Dimension && u.Code != from.Code {
			same = append(same, u)
		}
	}
	return from, pick(s, same)
}

// measure draws a value in a unit's usual range: whole most of the time, else one decimal.
func (s *sampler) measure(u unitInfo) float64 {
	v := float64(s.between(int(u.Low), int(u.High)))
	if s.chance(0.3) {
		v += float64(s.between(1, 9)) / 10
	}
	return v
}

func convertUnitsGen() toolGen {
	return toolGen{
		name:   "convert_units",
		action: "convert units of measurement",
		templates: templateSet{
			train: []string{
				"How many {to_unit} is {value} {from_unit}?",
				"Convert {value} {from_unit} to {to_unit}.",
				"What's {value} {from_unit} in {to_unit}?",
				"Can you convert {value} {from_unit} into {to_unit}?",
				"I have {value} {from_unit}. How much is that in {to_unit}?",
				"{value} {from_unit} to {to_unit}?",
				"Please change {value} {from_unit} to {to_unit}.",
				"What does {value} {from_unit} come to in {to_unit}?",
				"Express {value} {from_unit} in {to_unit}.",
				"The label says {value} {from_unit}; what is that in {to_unit}?",
				"How much is {value} {from_unit} in {to_unit}?",
				"Help me convert {value} {from_unit} to {to_unit}.",
			},
			heldout: []string{
				"Turn {value} {from_unit} into {to_unit} for me.",
				"If something measures {value} {from_unit}, what's that in {to_unit}?",
				"I'd like {value} {from_unit} expressed in {to_unit}.",
				"What's the {to_unit} equivalent of {value} {from_unit}?",
			},
		},
		asks: map[string]string{"value": "the amount to convert", "from_unit": "which unit it's in", "to_unit": "which unit you want"},
		sample: func(s *sampler) request {
			r := newRequest()
			from, to := s.unitPair()
			v := s.measure(from)
			r.set("value", v, formatNumber(v, false))
			r.set("from_unit", from.Code, s.unitWord(from, v))
			r.set("to_unit", to.Code, s.unitWord(to, 2))
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			return pick(s, []string{
				fmt.Sprintf("%s %s is %s %s.", res.numText("value"), res.str("from_unit"), res.numText("result"), res.str("to_unit")),
				fmt.Sprintf("That's %s %s (from %s %s).", res.numText("result"), res.str("to_unit"), res.numText("value"), res.str("from_unit")),
			})
		},
	}
}

// money draws an amount in a currency and says it: "$250", "250 USD", "1,200 euros".
func (s *sampler) money(r request, c currency) {
	v := s.amount()
	text := formatNumber(v, s.chance(0.5))
	r.args["amount"] = v
	r.args["from_currency"] = c.Code
	switch {
	case c.Symbol != "" && s.chance(0.4):
		r.slots["amount"], r.slots["from_currency"] = c.Symbol+text, ""
	case c.Code == "USD" && s.chance(0.3):
		r.slots["amount"], r.slots["from_currency"] = text, "dollars"
	default:
		r.slots["amount"], r.slots["from_currency"] = text, s.currencyWord(c)
	}
}

func (s *sampler) currencyWord(c currency) string {
	if s.chance(0.5) {
		return c.Code
	}
	return c.Name
}

func convertCurrencyGen() toolGen {
	return toolGen{
		name:   "convert_currency",
		action: "convert currencies",
		templates: templateSet{
			train: []string{
				"Convert {amount} {from_currency} to {to_currency}.",
				"How much is {amount} {from_currency} in {to_currency}?",
				"What's {amount} {from_currency} worth in {to_currency}?",
				"I have {amount} {from_currency}. How many {to_currency} is that?",
				"Exchange {amount} {from_currency} into {to_currency}.",
				"{amount} {from_currency} to {to_currency}, please.",
				"Can you tell me what {amount} {from_currency} is in {to_currency}?",
				"What would {amount} {from_currency} be in {to_currency} today?",
				"I'm traveling soon. How much is {amount} {from_currency} in {to_currency}?",
				"Please convert {amount} {from_currency} into {to_currency}.",
				"If I change {amount} {from_currency}, how many {to_currency} do I get?",
				"What's the {to_currency} value of {amount} {from_currency}?",
			},
			heldout: []string{
				"Figure out how much {amount} {from_currency} comes to in {to_currency}.",
				"My budget is {amount} {from_currency}; what's that in {to_currency}?",
				"Run a currency conversion: {amount} {from_currency} into {to_currency}.",
				"How many {to_currency} would I receive for {amount} {from_currency}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"Convert {amount} {from_currency} for me.",
				"How much is {amount} {from_currency} in another currency?",
				"I need to exchange some money into {to_currency}.",
			},
			heldout: []string{"Figure out the exchange on {amount} {from_currency}."},
		},
		asks: map[string]string{"amount": "how much money", "from_currency": "which currency you have", "to_currency": "which currency you want it in"},
		sample: func(s *sampler) request {
			r := newRequest()
			pair := pickDistinct(s, currencies(), 2)
			s.money(r, pair[0])
			r.set("to_currency", pair[1].Code, s.currencyWord(pair[1]))
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			from, to := res.str("from_currency"), res.str("to_currency")
			return fmt.Sprintf("%s %s is %s %s (1 %s = %s %s).", res.money("amount"), from, res.money("converted_amount"), to, from, res.numText("rate"), to)
		},
	}
}

// companyRequest sets the symbol of a request, said by ticker or by company name.
func (s *sampler) companyRequest(r request, c company) {
	r.set("symbol", c.Symbol, c.Symbol)
	r.slots["symbol:company"] = c.Name
	if s.chance(0.3) {
		r.slots["symbol:company"] = c.Name + " (" + c.Symbol + ")"
	}
}

// priceMove says how a stock moved today.
func priceMove(res result) string {
	pct := res.num("change_percent")
	switch {
	case pct > 0:
		return fmt.Sprintf("up %s%% today", formatNumber(pct, false))
	case pct < 0:
		return fmt.Sprintf("down %s%% today", formatNumber(-pct, false))
	}
	return "unchanged today"
}

func stockGen() toolGen {
	return toolGen{
		name:   "get_stock_price",
		action: "look up stock prices",
		templates: templateSet{
			train: []string{
				"What's the current stock price of {symbol:company}?",
				"How much is {symbol} trading at?",
				"Get me the latest price for {symbol}.",
				"What's the share price of {symbol:company} right now?",
				"Check the stock price for {symbol:company}.",
				"How is {symbol} doing today?",
				"Can you look up the stock quote for {symbol:company}?",
				"What's a share of {symbol:company} worth?",
				"Price of {symbol} please",
				"I want to know where {symbol:company} stock is trading.",
				"Give me a quote on {symbol}.",
				"How much does one {symbol:company} share cost right now?",
			},
			heldout: []string{
				"Where is {symbol:company} stock sitting today?",
				"Fetch the market price of {symbol}.",
				"What's the ticker {symbol} at?",
				"Any idea how {symbol:company} shares are priced right now?",
			},
		},
		asks: map[string]string{"symbol": "which company or ticker you mean"},
		sample: func(s *sampler) request {
			r := newRequest()
			s.companyRequest(r, pick(s, s.pools.companies))
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			return pick(s, []string{
				fmt.Sprintf("%s is trading at $%s, %s.", res.str("symbol"), res.money("price"), priceMove(res)),
				fmt.Sprintf("The latest price of %s is $%s (%s, previous close $%s).", res.str("symbol"), res.money("price"), priceMove(res), res.money("previous_close")),
			})
		},
	}
}
