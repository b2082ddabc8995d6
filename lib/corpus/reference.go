package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tooltune/tooltune/lib/datagen"
)

// Codes and forms topics.
//
// KindCodes states the facts and conventions a request has to be turned into before any
// system can act on it: a city's airport code and IANA time zone, a company's ticker symbol, a
// date written as YYYY-MM-DD (also "tomorrow" or "in 3 days" from a given today). Pretrained
// models bring these from the web; a base model made from nothing knows only what its corpus
// says. The cities and companies are lib/datagen's, in both splits: the facts are general
// knowledge, and what held-out tool examples test is the use of a fact, not its recall.
//
// KindForm teaches reading a long, structured system message: a catalog of forms written as
// JSON objects with typed fields in JSON-Schema style ("type", "description", "required"), the
// shape in which systems describe what they accept. The user asks for something in prose; the
// assistant names the form whose purpose fits and fills its fields as a JSON object copied
// from the request (a field's name varies from catalog to catalog: a place may be "city",
// "location" or "where", so values are found by what they are, not by the user's word), asks
// for a required field the request lacks, or, when the question is about something else,
// just answers it. There are no tools, calls, call markers or tool
// turns: it is schema-guided extraction, a skill of its own that tool calling builds on.

func codesTopic(rng *rand.Rand) topic {
	switch rng.IntN(6) {
	case 0, 1:
		return cityCodeTopic(rng)
	case 2:
		return tickerTopic(rng)
	default:
		return dateTopic(rng)
	}
}

func cityCodeTopic(rng *rand.Rand) topic {
	c := oneOf(rng, datagen.Cities())
	airport := exchange{
		fmt.Sprintf(oneOf(rng, []string{"What is the airport code of %s?", "Which airport code does %s have?", "What's the IATA code for %s?", "If I fly to %s, what code do I use?"}), c.Name),
		fmt.Sprintf(oneOf(rng, []string{"The main airport of %s has the code %s.", "%s's airport code is %s.", "For %s, use the airport code %s."}), c.Name, c.Airport),
	}
	zone := exchange{
		fmt.Sprintf(oneOf(rng, []string{"Which time zone is %s in?", "What is the IANA time zone of %s?", "What's the tz name for %s?"}), c.Name),
		fmt.Sprintf(oneOf(rng, []string{"%s is in the %s time zone.", "The IANA time zone of %s is %s.", "%s keeps the time of %s."}), c.Name, c.TimeZone),
	}
	reverse := exchange{
		fmt.Sprintf(oneOf(rng, []string{"Which city is the airport code %s?", "Where does the code %s fly to?"}), c.Airport),
		fmt.Sprintf("%s is the airport code of %s, %s.", c.Airport, c.Name, c.Country),
	}
	first, follow := airport, zone
	if rng.IntN(2) == 0 {
		first, follow = zone, airport
	}
	if rng.IntN(5) == 0 {
		first = reverse
	}
	return topic{first: first, followUps: []exchange{follow}}
}

func tickerTopic(rng *rand.Rand) topic {
	c := oneOf(rng, datagen.Companies())
	first := exchange{
		fmt.Sprintf(oneOf(rng, []string{"What is the ticker symbol of %s?", "Under which symbol does %s trade?", "What's %s's stock ticker?"}), c.Name),
		fmt.Sprintf(oneOf(rng, []string{"%s trades under the ticker %s.", "The ticker symbol of %s is %s.", "%s's shares are listed as %s."}), c.Name, c.Symbol),
	}
	if rng.IntN(4) == 0 {
		first = exchange{
			fmt.Sprintf(oneOf(rng, []string{"Which company has the ticker %s?", "Whose shares trade as %s?"}), c.Symbol),
			fmt.Sprintf("%s is the ticker of %s.", c.Symbol, c.Name),
		}
	}
	return topic{first: first, followUps: []exchange{{"Is that a price?", "No, a ticker is only the short name of the shares; prices change all the time."}}}
}

// dateTopic writes a day as YYYY-MM-DD, from a written date or from a relative phrase and
// today's date given in the system message.
func dateTopic(rng *rand.Rand) topic {
	today := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(700))
	if rng.IntN(2) == 0 {
		d := today.AddDate(0, 0, rng.IntN(60))
		said := oneOf(rng, []string{
			fmt.Sprintf("%s %d, %d", d.Month(), d.Day(), d.Year()),
			fmt.Sprintf("%d %s %d", d.Day(), d.Month(), d.Year()),
			fmt.Sprintf("the %d of %s %d", d.Day(), d.Month(), d.Year()),
		})
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"Write %s as YYYY-MM-DD.", "What is %s in ISO format?", "Give me %s as an ISO date."}), said),
			d.Format("2006-01-02"),
		}}
	}
	n := rng.IntN(11)
	phrase := map[int]string{0: "today", 1: "tomorrow"}[n]
	if phrase == "" {
		phrase = fmt.Sprintf("in %d days", n)
	}
	d := today.AddDate(0, 0, n)
	system := fmt.Sprintf("You are a helpful assistant. Today is %s, %s.", today.Weekday(), today.Format("2006-01-02"))
	return topic{system: system, first: exchange{
		fmt.Sprintf(oneOf(rng, []string{"What is the date %s?", "Which date is %s, as YYYY-MM-DD?", "Give me the ISO date for %s."}), phrase),
		fmt.Sprintf("%s is %s, %s.", capitalize(phrase), d.Weekday(), d.Format("2006-01-02")),
	}}
}

// form is a kind of form a catalog can hold: what it is for, how people ask for it, and the
// keys (from copyKeys) of its fields.
type form struct {
	Purpose string
	Asks    []string
	Keys    []string
}

func forms() []form {
	return []form{
		{"Apply for a library card.", []string{"I'd like a library card.", "Can I sign up to borrow books?"}, []string{"name", "email", "age"}},
		{"Register a pet with the town.", []string{"I need to register my dog.", "How do I get my cat on the town's pet list?"}, []string{"name", "color", "age"}},
		{"Book a room in the community centre.", []string{"I want to book a room at the community centre.", "Can we reserve the hall for an event?"}, []string{"date", "count", "title"}},
		{"Report a broken street light.", []string{"A street light is broken near my house.", "The lamp on our street is out."}, []string{"city", "code", "date"}},
		{"Order a parking permit.", []string{"I need a parking permit.", "Can I get a permit to park on my street?"}, []string{"name", "code", "city"}},
		{"Sign up for a course.", []string{"Sign me up for a class, please.", "I want to join a course."}, []string{"name", "topic", "email"}},
		{"Send a parcel.", []string{"I have a parcel to send.", "Please ship a package for me."}, []string{"name", "city", "amount"}},
		{"Request a refund.", []string{"I want my money back.", "Can I get a refund for this?"}, []string{"code", "amount", "email"}},
		{"Enter a photo contest.", []string{"I'd like to enter the photo competition.", "How do I submit a picture to the contest?"}, []string{"name", "title", "email"}},
		{"Renew a membership.", []string{"My membership runs out, I want to renew it.", "Please extend my membership."}, []string{"code", "date", "name"}},
		{"Reserve a table for a dinner event.", []string{"We'd like a table at the dinner.", "Book us seats for the dinner evening."}, []string{"name", "count", "date"}},
		{"Lend out a tool from the tool library.", []string{"Can I borrow a ladder?", "I need to borrow a drill for a week."}, []string{"item", "name", "date"}},
	}
}

// fieldDescription says what a key of copyKeys holds, as a schema's description would.
func fieldDescription(key string) (typ, description string) {
	switch key {
	case "name":
		return "string", "Full name."
	case "city":
		return "string", "City or town."
	case "email":
		return "string", "Email address for the confirmation."
	case "date":
		return "string", "Day, as YYYY-MM-DD."
	case "code":
		return "string", "Reference code, e.g. \"AB-1234\"."
	case "color":
		return "string", "Main color."
	case "count":
		return "integer", "How many people or things."
	case "age":
		return "integer", "Age in years."
	case "amount":
		return "integer", "Amount in euros."
	case "item":
		return "string", "The thing asked for."
	case "title":
		return "string", "A short title."
	default:
		return "string", "The subject."
	}
}

// fieldNames are the names a form may give a field holding a key of copyKeys. A catalog picks
// one per field, so that the model learns to find a value by what it is (a place, a person, a
// day) and not by the word the user happened to use: "weather in Oslo" fills "location".
func fieldNames(key string) []string {
	switch key {
	case "name":
		return []string{"name", "full_name", "person", "contact", "owner"}
	case "city":
		return []string{"city", "town", "location", "place", "where"}
	case "email":
		return []string{"email", "email_address", "reply_to"}
	case "date":
		return []string{"date", "day", "when", "on"}
	case "code":
		return []string{"code", "reference", "ref", "number", "id"}
	case "count", "amount":
		return []string{key, "quantity", "value", "n"}
	case "age":
		return []string{"age", "years"}
	case "color":
		return []string{"color", "colour", "shade"}
	default: // "item", "title", "topic"
		return []string{key, "subject", "text", "query", "label"}
	}
}

// catalogEntry writes a form as one line of JSON: its name, purpose and fields schema, each
// field under its name in names (keyed by copyKeys key).
func catalogEntry(name string, f form, names map[string]string, required []string) string {
	props := make([]string, len(f.Keys))
	for i, k := range f.Keys {
		typ, desc := fieldDescription(k)
		props[i] = fmt.Sprintf("%q: {\"type\": %q, \"description\": %q}", names[k], typ, desc)
	}
	req := make([]string, len(required))
	for i, r := range required {
		req[i] = names[r]
	}
	return catalogLine(name, f.Purpose, props, req)
}

// catalogLine writes one form of a catalog as a line of JSON: its name, purpose and an object
// schema of the given properties (each `"name": {schema}`) and required field names.
func catalogLine(name, purpose string, props, required []string) string {
	return fmt.Sprintf("{\"form\": %q, \"purpose\": %q, \"fields\": {\"type\": \"object\", \"properties\": {%s}, \"required\": [%s]}}",
		name, purpose, strings.Join(props, ", "), quotedList(required))
}

// quotedList writes strings as the items of a JSON array: "a", "b".
func quotedList(xs []string) string {
	quoted := make([]string, len(xs))
	for i, x := range xs {
		quoted[i] = strconv.Quote(x)
	}
	return strings.Join(quoted, ", ")
}

// formName names a form of a catalog after the first word of its purpose and a made-up word:
// "book_ghud".
func formName(rng *rand.Rand, f form) string {
	return strings.ToLower(strings.Fields(f.Purpose)[0]) + "_" + madeUpWord(rng)
}

// saidValue writes a value the way a person puts it into a request; now and then as the
// field's name and the value ("location Oslo"). The value never starts the phrase, so
// capitalizing the phrase leaves the value as it is.
func saidValue(rng *rand.Rand, v copyValue, field string) string {
	var ways []string
	switch v.Key {
	case "name":
		ways = []string{"my name is %s", "I'm %s", "the name is %s", "put it under %s", "it's for %s", "this is %s speaking", "sign it as %s"}
	case "city":
		ways = []string{"it's in %s", "I live in %s", "the town is %s", "in the %s area", "over in %s", "near %s", "around %s", "we're based in %s", "I'm flying to %s", "for %s"}
	case "email":
		ways = []string{"my email is %s", "write to %s", "reach me at %s", "send it to %s", "my address is %s", "use %s"}
	case "date":
		ways = []string{"on %s", "for %s", "the date is %s", "by %s", "starting %s", "on the day %s"}
	case "code":
		ways = []string{"the code is %s", "reference %s", "my number is %s", "ticket %s", "with code %s", "it says %s on it"}
	case "color":
		ways = []string{"it is %s", "the color is %s", "mostly %s", "a %s one"}
	case "count":
		ways = []string{"we are %s", "for %s people", "%s of them", "a group of %s", "party of %s"}
	case "age":
		ways = []string{"aged %s", "%s years old", "turning %s", "age %s"}
	case "amount":
		ways = []string{"%s euros", "the amount is %s", "it cost %s", "a total of %s"}
	default:
		ways = []string{"it's the %s", "about %s", "it is called %s", "something on %s", "look up %s", "titled %s", "I need %s"}
	}
	if rng.IntN(4) == 0 {
		return field + " " + v.Text
	}
	return fmt.Sprintf(oneOf(rng, ways), v.Text)
}

// formTopic offers a catalog of 2-5 forms and asks for one in prose.
func formTopic(rng *rand.Rand) topic {
	all := forms()
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	n := 2 + rng.IntN(4)
	names := make([]string, n)
	fields := make([]map[string]string, n) // copyKeys key -> the field's name in this catalog
	required := make([][]string, n)
	var b strings.Builder
	fmt.Fprintf(&b, "You are the front desk of %s. People ask for things in their own words; reply with the form that fits and its fields as one JSON object (keys sorted), or ask for a missing required field. Forms:\n", madeUpName(rng))
	for i := range n {
		names[i] = formName(rng, all[i])
		fields[i] = map[string]string{}
		used := map[string]bool{}
		for _, key := range all[i].Keys {
			name := oneOf(rng, fieldNames(key))
			if used[name] { // two fields of one form never share a name
				name = key
			}
			fields[i][key], used[name] = name, true
		}
		required[i] = all[i].Keys[:1+rng.IntN(len(all[i].Keys))]
		b.WriteString(catalogEntry(names[i], all[i], fields[i], required[i]) + "\n")
	}
	system := strings.TrimSuffix(b.String(), "\n")
	if rng.IntN(6) == 0 { // not every question is about a form
		t := factTopic(rng)
		t.system = system
		return t
	}
	k := rng.IntN(n)
	f := all[k]
	rec := make([]copyValue, 0, len(f.Keys))
	for _, key := range f.Keys {
		if slices.Contains(required[k], key) || rng.IntN(2) == 0 {
			rec = append(rec, randomValue(rng, key))
		}
	}
	var missing copyValue
	if rng.IntN(5) == 0 { // leave out a required field: ask for it
		i := rng.IntN(len(required[k]))
		for j, v := range rec {
			if v.Key == required[k][i] {
				missing = v
				rec = slices.Delete(rec, j, j+1)
				break
			}
		}
	}
	said := make([]string, len(rec))
	for i, v := range rec {
		said[i] = saidValue(rng, v, fields[k][v.Key])
	}
	// filled writes the record as the form's JSON object, under the form's field names.
	filled := func(rec []copyValue) string {
		named := slices.Clone(rec)
		for i := range named {
			named[i].Key = fields[k][named[i].Key]
		}
		return names[k] + "\n" + jsonObject(named)
	}
	user := oneOf(rng, f.Asks)
	if len(said) > 0 {
		user += " " + capitalize(strings.Join(said, ", ")) + "."
	}
	if missing.Key != "" {
		_, desc := fieldDescription(missing.Key)
		return topic{system: system,
			first:     exchange{user, fmt.Sprintf("The %s form needs one more field: %s (%s) What should I put?", names[k], fields[k][missing.Key], strings.ToLower(desc))},
			followUps: []exchange{{capitalize(saidValue(rng, missing, fields[k][missing.Key])) + ".", filled(append(rec, missing))}},
		}
	}
	return topic{system: system, first: exchange{user, filled(rec)}}
}
