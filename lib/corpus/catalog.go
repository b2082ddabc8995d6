package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The catalog kind: forms of many services, asked for in casual words.
//
// The form kind offers a catalog drawn from twelve fixed forms, each asked for in two fixed
// ways, and a model learns them by heart: the shipped base fills 86 of 100 such requests,
// yet with a catalog written from the basic tools' schemas it picks the right entry for none
// of the 181 held-out tool requests (build/formprobe, 2026-11-27). Reading a catalog is not
// what it learned. Here every catalog is drawn from about sixty services (a verb and an
// object: book a taxi, cancel a taxi, pay a parking fine), next to entries that share the
// verb or the object, so only reading both finds the entry; requests use casual verbs and
// other words for the object ("line up a cab"); and a request may fit no entry (say so),
// leave out a required field (ask for it), or ask for two things (fill two forms). The
// services are everyday errands of town and home, none of the errands lib/datagen's tools
// serve: no music, news, web search, email, translation, places, directions, weather, units
// or currencies.

// serviceVerb is what a request asks to do, with the casual ways to say it (%s: the object).
type serviceVerb struct {
	Verb   string
	Casual []string
}

// serviceObject is what a service acts on: its plain noun phrase, the word in form names,
// other ways to say it, the verbs that apply and the keys (copyKeys) of its fields, the
// first of which is always required.
type serviceObject struct {
	Plain, Short string
	Said         []string
	Verbs        []string
	Keys         []string
}

func serviceVerbs() map[string]serviceVerb {
	verbs := []serviceVerb{
		{"book", []string{"book %s", "get me %s", "line up %s", "set me up with %s", "arrange %s", "sort out %s for me"}},
		{"cancel", []string{"cancel %s", "call off %s", "scrap %s", "I no longer need %s, drop it", "back out of %s", "nix %s"}},
		{"renew", []string{"renew %s", "extend %s", "keep %s going another year", "top up %s"}},
		{"order", []string{"order %s", "have %s delivered", "send over %s", "get %s shipped to me", "I'd like %s brought round"}},
		{"report", []string{"report %s", "flag %s", "let the town know about %s", "complain about %s", "there's %s, tell someone"}},
		{"rent", []string{"rent %s", "hire %s", "borrow %s for a while", "take out %s"}},
		{"return", []string{"return %s", "give back %s", "hand in %s", "drop off %s I borrowed"}},
		{"pay", []string{"pay %s", "settle %s", "cover %s", "clear %s"}},
		{"schedule", []string{"schedule %s", "set up %s", "put %s on the calendar", "plan %s", "pencil in %s"}},
	}
	out := make(map[string]serviceVerb, len(verbs))
	for _, v := range verbs {
		out[v.Verb] = v
	}
	return out
}

func serviceObjects() []serviceObject {
	return []serviceObject{
		{"a haircut", "haircut", []string{"a haircut", "a trim", "a cut at the barber"}, []string{"book", "cancel", "schedule"}, []string{"name", "date"}},
		{"a taxi", "taxi", []string{"a taxi", "a cab", "a ride"}, []string{"book", "cancel", "order"}, []string{"city", "date", "count"}},
		{"a table", "table", []string{"a table", "dinner seats", "a spot at the restaurant"}, []string{"book", "cancel"}, []string{"name", "count", "date"}},
		{"a hotel room", "room", []string{"a hotel room", "a room for the night", "somewhere to stay"}, []string{"book", "cancel"}, []string{"city", "date", "count"}},
		{"a parking permit", "permit", []string{"a parking permit", "a permit to park", "my parking pass"}, []string{"renew", "order", "cancel"}, []string{"name", "code", "city"}},
		{"a library card", "card", []string{"a library card", "my card for the library", "a borrowing card"}, []string{"renew", "order", "cancel"}, []string{"name", "email", "age"}},
		{"a gym membership", "membership", []string{"a gym membership", "my gym plan", "the fitness club pass"}, []string{"renew", "cancel"}, []string{"code", "name", "date"}},
		{"a pizza", "pizza", []string{"a pizza", "a pie", "something hot to eat"}, []string{"order", "cancel"}, []string{"item", "count", "city"}},
		{"flowers", "flowers", []string{"flowers", "a bouquet", "some roses"}, []string{"order", "cancel"}, []string{"name", "city", "date"}},
		{"groceries", "groceries", []string{"groceries", "the weekly shopping", "food for the fridge"}, []string{"order", "cancel"}, []string{"item", "count", "date"}},
		{"a broken street light", "light", []string{"a broken street light", "a lamp that is out", "a dark street corner"}, []string{"report"}, []string{"city", "code", "date"}},
		{"a pothole", "pothole", []string{"a pothole", "a hole in the road", "a cracked street"}, []string{"report"}, []string{"city", "date"}},
		{"a lost wallet", "wallet", []string{"a lost wallet", "my missing wallet", "a purse I dropped"}, []string{"report"}, []string{"name", "color", "city"}},
		{"a noise problem", "noise", []string{"a noise problem", "a loud party next door", "a barking dog at night"}, []string{"report"}, []string{"city", "date"}},
		{"a bike", "bike", []string{"a bike", "a bicycle", "two wheels"}, []string{"rent", "return"}, []string{"count", "date", "city"}},
		{"a car", "car", []string{"a car", "a vehicle", "some wheels for the weekend"}, []string{"rent", "return"}, []string{"date", "city", "count"}},
		{"a ladder", "ladder", []string{"a ladder", "some steps to climb", "the tall ladder"}, []string{"rent", "return"}, []string{"name", "date"}},
		{"a library book", "book", []string{"a library book", "the novel I borrowed", "a borrowed book"}, []string{"return", "renew"}, []string{"title", "code", "date"}},
		{"the electricity bill", "electricity", []string{"the electricity bill", "the power bill", "what I owe for power"}, []string{"pay"}, []string{"code", "amount"}},
		{"a parking fine", "fine", []string{"a parking fine", "a parking ticket", "the fine on my windscreen"}, []string{"pay"}, []string{"code", "amount", "date"}},
		{"the rent", "rent", []string{"the rent", "this month's rent", "what I owe the landlord"}, []string{"pay"}, []string{"amount", "date", "name"}},
		{"a dentist appointment", "dentist", []string{"a dentist appointment", "a checkup for my teeth", "a visit to the dentist"}, []string{"book", "cancel", "schedule"}, []string{"name", "date"}},
		{"a meeting", "meeting", []string{"a meeting", "a call with the team", "a sit-down with colleagues"}, []string{"schedule", "cancel"}, []string{"title", "date", "count"}},
		{"a moving van", "van", []string{"a moving van", "a truck for the move", "a big van"}, []string{"book", "rent"}, []string{"date", "city"}},
		{"a plumber", "plumber", []string{"a plumber", "someone to fix the sink", "help with a leaking pipe"}, []string{"book", "schedule"}, []string{"city", "date", "name"}},
		{"a city tour", "tour", []string{"a city tour", "a guided walk", "a sightseeing trip"}, []string{"book", "cancel"}, []string{"city", "date", "count"}},
		{"a course", "course", []string{"a course", "a class", "lessons"}, []string{"book", "cancel"}, []string{"topic", "name", "email"}},
		{"a pet check-up", "vet", []string{"a pet check-up", "a visit to the vet", "shots for my dog"}, []string{"book", "schedule"}, []string{"name", "age", "date"}},
		{"a water bill", "water", []string{"the water bill", "what I owe for water", "the water charges"}, []string{"pay"}, []string{"code", "amount"}},
		{"a lost package", "package", []string{"a lost package", "a parcel that never came", "my missing delivery"}, []string{"report"}, []string{"code", "city", "date"}},
	}
}

// service is one catalog entry's errand.
type service struct {
	verb serviceVerb
	obj  serviceObject
}

func (s service) name() string { return s.verb.Verb + "_" + s.obj.Short }

func (s service) plain() string { return s.verb.Verb + " " + s.obj.Plain }

// ask says the errand casually, with one of the object's other names.
func (s service) ask(rng *rand.Rand) string {
	return fmt.Sprintf(oneOf(rng, s.verb.Casual), oneOf(rng, s.obj.Said))
}

func allServices() []service {
	verbs := serviceVerbs()
	var out []service
	for _, o := range serviceObjects() {
		for _, v := range o.Verbs {
			out = append(out, service{verbs[v], o})
		}
	}
	return out
}

// catalogServices draws n services: the first at random, each next one sharing its verb or
// its object with one already drawn where such a service is left, so that an entry is told
// from its neighbours only by reading both words.
func catalogServices(rng *rand.Rand, n int) []service {
	all := allServices()
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	out := []service{all[0]}
	taken := map[string]bool{all[0].name(): true}
	for len(out) < n {
		var near, far []service
		for _, s := range all {
			if taken[s.name()] {
				continue
			}
			if slices.ContainsFunc(out, func(o service) bool { return o.verb.Verb == s.verb.Verb || o.obj.Short == s.obj.Short }) {
				near = append(near, s)
			} else {
				far = append(far, s)
			}
		}
		pool := near
		if len(pool) == 0 || rng.IntN(3) == 0 && len(far) > 0 {
			pool = far
		}
		s := oneOf(rng, pool)
		out, taken[s.name()] = append(out, s), true
	}
	return out
}

// catalogEntryFields names the fields of a service's form in one catalog (copyKeys key ->
// field name) and picks its required keys: the first, and each other one time in three.
func catalogEntryFields(rng *rand.Rand, s service) (names map[string]string, required []string) {
	names = map[string]string{}
	used := map[string]bool{}
	for i, key := range s.obj.Keys {
		name := oneOf(rng, fieldNames(key))
		if used[name] {
			name = key
		}
		names[key], used[name] = name, true
		if i == 0 || rng.IntN(3) == 0 {
			required = append(required, key)
		}
	}
	return names, required
}

// catalogRequest is one errand asked for in a message: the service, the values said and the
// text that says them (not capitalized).
type catalogRequest struct {
	svc  service
	rec  []copyValue // under copyKeys keys
	text string
}

// request asks for s with every required value but the one left out (key, or "" for none)
// and each optional one half the time.
func request(rng *rand.Rand, s service, names map[string]string, required []string, leaveOut string) catalogRequest {
	r := catalogRequest{svc: s}
	var said []string
	for _, key := range s.obj.Keys {
		if key == leaveOut || !slices.Contains(required, key) && rng.IntN(2) == 0 {
			continue
		}
		v := randomValue(rng, key)
		r.rec = append(r.rec, v)
		said = append(said, saidValue(rng, v, names[key]))
	}
	r.text = s.ask(rng)
	if len(said) > 0 {
		r.text += ", " + strings.Join(said, ", ")
	}
	return r
}

// filled writes a request as the form's name and its JSON object under the catalog's field
// names.
func (r catalogRequest) filled(names map[string]string) string {
	named := slices.Clone(r.rec)
	for i := range named {
		named[i].Key = names[named[i].Key]
	}
	return r.svc.name() + "\n" + jsonObject(named)
}

// CatalogHeader is the first line of a catalog kind's system message, before one line of
// JSON per form; desk names the place. make-base-model's catalog probe writes tool lists
// this way.
func CatalogHeader(desk string) string {
	return "You are the service desk of " + desk + ". People ask for things in their own words; reply with the form that fits and its fields as one JSON object (keys sorted), one form per request. If no form fits, say so; if a required field is missing, ask for it. Forms:"
}

// catalogTopic offers a catalog of 2-4 services' forms and asks in casual words for one, for
// two, for a service it lacks, for one without a required value, or for something else.
func catalogTopic(rng *rand.Rand) topic {
	svcs := catalogServices(rng, 2+rng.IntN(3))
	names := make([]map[string]string, len(svcs))
	required := make([][]string, len(svcs))
	var b strings.Builder
	b.WriteString(CatalogHeader(madeUpName(rng)) + "\n")
	for i, s := range svcs {
		names[i], required[i] = catalogEntryFields(rng, s)
		b.WriteString(catalogEntry(s.name(), form{Purpose: capitalize(s.plain()) + ".", Keys: s.obj.Keys}, names[i], required[i]) + "\n")
	}
	system := strings.TrimSuffix(b.String(), "\n")
	k := rng.IntN(len(svcs))
	switch x := rng.IntN(100); {
	case x < 8: // not a request at all
		t := factTopic(rng)
		t.system = system
		return t
	case x < 21: // a service the catalog lacks
		other := missingService(rng, svcs)
		purposes := make([]string, len(svcs))
		for i, s := range svcs {
			purposes[i] = s.plain()
		}
		return topic{system: system, first: exchange{
			capitalize(other.ask(rng)) + ", please.",
			fmt.Sprintf("None of these forms is for that: there is no form to %s. I can %s.", other.plain(), joinWords(purposes)),
		}}
	case x < 33: // a required value left out: ask for it, then fill the form
		leave := oneOf(rng, required[k])
		r := request(rng, svcs[k], names[k], required[k], leave)
		v := randomValue(rng, leave)
		_, desc := fieldDescription(leave)
		r2 := r
		r2.rec = append(slices.Clone(r.rec), v)
		return topic{system: system,
			first:     exchange{capitalize(r.text) + ".", fmt.Sprintf("The %s form needs one more field: %s (%s) What should I put?", svcs[k].name(), names[k][leave], strings.ToLower(desc))},
			followUps: []exchange{{capitalize(saidValue(rng, v, names[k][leave])) + ".", r2.filled(names[k])}},
		}
	case x < 45: // two requests in one message
		j := (k + 1 + rng.IntN(len(svcs)-1)) % len(svcs)
		r1 := request(rng, svcs[k], names[k], required[k], "")
		r2 := request(rng, svcs[j], names[j], required[j], "")
		joiner := oneOf(rng, []string{"Also,", "Additionally,", "On top of that,", "And", "Plus,", "After that,"})
		return topic{system: system, first: exchange{
			capitalize(r1.text) + ". " + joiner + " " + r2.text + ".",
			r1.filled(names[k]) + "\n" + r2.filled(names[j]),
		}}
	}
	r := request(rng, svcs[k], names[k], required[k], "")
	return topic{system: system, first: exchange{capitalize(r.text) + ".", r.filled(names[k])}}
}

// missingService draws a service whose object no catalog entry has.
func missingService(rng *rand.Rand, in []service) service {
	all := allServices()
	for {
		s := oneOf(rng, all)
		if !slices.ContainsFunc(in, func(o service) bool { return o.obj.Short == s.obj.Short }) {
			return s
		}
	}
}

// joinWords joins phrases as "a, b or c".
func joinWords(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
