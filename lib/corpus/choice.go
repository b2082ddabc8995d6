package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The choice kind: forms whose fields take one of a few listed values, filled from a request
// that names the value in its own words ("two tents" → "tent", "a big one" → "large",
// "kilometers" → "km"). Free fields (the form kind) are copied from the request; a listed
// field is not: the model has to find the word that names it and map that word to the listed
// spelling. Without practice a small model falls back to one favourite listed value whatever
// the request says (measured 2026-11-27 on LoRA fine-tunes of the shipped base: for "Find
// cafes / parks / hotels near Vienna" the place type is the same for all three).

// choiceField is an enumerated field: its values and, for each, the words a person may use.
type choiceField struct {
	Names       []string // names a form may give the field
	Description string
	Values      []choiceValue
}

type choiceValue struct {
	Value string
	Said  []string // ways to say it, each with %s-free text
}

// choiceFields are generic families of listed values: sizes, kinds of place, things to rent,
// units, days, currencies and levels. Everyday knowledge, as a pretrained model has it.
func choiceFields() []choiceField {
	return []choiceField{
		{[]string{"size", "dimension"}, "How big.", []choiceValue{
			{"small", []string{"a small one", "a little one", "the tiny size", "small"}},
			{"medium", []string{"a medium one", "the regular size", "a middle-sized one", "medium"}},
			{"large", []string{"a large one", "a big one", "the huge size", "large"}},
		}},
		{[]string{"place_kind", "venue", "spot"}, "Kind of place.", []choiceValue{
			{"cafe", []string{"cafes", "a cafe", "somewhere for coffee"}},
			{"park", []string{"parks", "a park", "some green space"}},
			{"museum", []string{"museums", "a museum", "an exhibition hall"}},
			{"cinema", []string{"cinemas", "a cinema", "somewhere to watch a film"}},
			{"bakery", []string{"bakeries", "a bakery", "somewhere for fresh bread"}},
			{"station", []string{"stations", "a station", "where the trains stop"}},
			{"hotel", []string{"hotels", "a hotel", "somewhere to sleep"}},
			{"pool", []string{"pools", "a pool", "somewhere to swim"}},
		}},
		{[]string{"item", "rental", "equipment"}, "What to rent.", []choiceValue{
			{"tent", []string{"two tents", "a tent", "tents"}},
			{"bike", []string{"two bikes", "a bicycle", "bikes"}},
			{"boat", []string{"two boats", "a boat", "boats"}},
			{"canoe", []string{"two canoes", "a canoe", "canoes"}},
			{"kayak", []string{"two kayaks", "a kayak", "kayaks"}},
			{"projector", []string{"two projectors", "a projector", "projectors"}},
		}},
		{[]string{"unit", "measure"}, "Unit of the amount.", []choiceValue{
			{"km", []string{"kilometers", "kilometres", "km"}},
			{"mi", []string{"miles", "a mile"}},
			{"kg", []string{"kilograms", "kilos", "kg"}},
			{"lb", []string{"pounds of weight", "lbs"}},
			{"l", []string{"liters", "litres"}},
			{"gal", []string{"gallons", "a gallon"}},
			{"m", []string{"meters", "metres"}},
			{"ft", []string{"feet", "a foot"}},
			{"g", []string{"grams", "a gram"}},
			{"oz", []string{"ounces", "an ounce"}},
		}},
		{[]string{"day", "weekday"}, "Day of the week.", []choiceValue{
			{"mon", []string{"Monday", "on Monday"}}, {"tue", []string{"Tuesday", "on Tuesday"}},
			{"wed", []string{"Wednesday", "midweek on Wednesday"}}, {"thu", []string{"Thursday", "on Thursday"}},
			{"fri", []string{"Friday", "on Friday"}}, {"sat", []string{"Saturday", "on Saturday"}},
			{"sun", []string{"Sunday", "on Sunday"}},
		}},
		{[]string{"currency", "money"}, "Currency, as its code.", []choiceValue{
			{"EUR", []string{"euros", "in euros"}}, {"USD", []string{"US dollars", "dollars"}},
			{"GBP", []string{"British pounds", "pounds sterling"}}, {"JPY", []string{"Japanese yen", "yen"}},
			{"CHF", []string{"Swiss francs", "francs"}}, {"INR", []string{"Indian rupees", "rupees"}},
		}},
		{[]string{"level", "priority"}, "How much or how urgent.", []choiceValue{
			{"low", []string{"no rush", "low priority", "whenever you can"}},
			{"normal", []string{"normal priority", "the usual pace", "ordinary"}},
			{"high", []string{"urgent", "high priority", "as soon as possible"}},
		}},
	}
}

// choiceTopic lists 2-4 forms with one or two listed fields each (values in a random order,
// so their position says nothing) and maybe a free field, and asks for one in prose.
func choiceTopic(rng *rand.Rand) topic {
	all := forms()
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	fields := choiceFields()
	n := 2 + rng.IntN(3)
	type entry struct {
		name   string
		fields []string // each field's name in this form
		values [][]choiceValue
	}
	entries := make([]entry, n)
	var b strings.Builder
	fmt.Fprintf(&b, "You are the front desk of %s. People ask in their own words; reply with the form that fits and its fields as one JSON object (keys sorted), using the listed spelling of each value. Forms:\n", madeUpName(rng))
	for i := range entries {
		e := entry{name: formName(rng, all[i])}
		var props []string
		for _, k := range rng.Perm(len(fields))[:1+rng.IntN(2)] {
			f := fields[k]
			vals := slices.Clone(f.Values)
			rng.Shuffle(len(vals), func(a, c int) { vals[a], vals[c] = vals[c], vals[a] })
			vals = vals[:min(len(vals), 3+rng.IntN(4))]
			name := oneOf(rng, f.Names)
			listed := make([]string, len(vals))
			for j, v := range vals {
				listed[j] = v.Value
			}
			props = append(props, fmt.Sprintf("%q: {\"type\": \"string\", \"enum\": [%s], \"description\": %q}", name, quotedList(listed), f.Description))
			e.fields, e.values = append(e.fields, name), append(e.values, vals)
		}
		entries[i] = e
		b.WriteString(catalogLine(e.name, all[i].Purpose, props, e.fields) + "\n")
	}
	k := rng.IntN(n)
	e := entries[k]
	rec := make([]copyValue, len(e.fields))
	said := make([]string, len(e.fields))
	for j, field := range e.fields {
		v := oneOf(rng, e.values[j])
		rec[j] = copyValue{Key: field, Text: v.Value}
		said[j] = oneOf(rng, v.Said)
	}
	user := oneOf(rng, all[k].Asks) + " " + capitalize(strings.Join(said, ", ")) + "."
	return topic{system: strings.TrimSuffix(b.String(), "\n"), first: exchange{user, e.name + "\n" + jsonObject(rec)}}
}
