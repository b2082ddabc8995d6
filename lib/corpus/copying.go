package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Copying and lookup topics.
//
// A chat model has to repeat what it was told: the name a user gives, the number in a
// request, the code in a document above. A small model learns that skill (attention heads that
// find an earlier token and copy what follows it) only when its corpus demands it, and it
// demands it only when the words to repeat cannot be guessed: a name drawn from thirty
// names is memorised instead of copied. These topics therefore use made-up names, places,
// codes and numbers from spaces far too large to memorise, in the shapes assistants write
// them in: sentences, lists, "key: value" lines and JSON objects. KindLookup adds the other
// half of the skill: a system message lists items with descriptions, and the answer names the
// item whose description fits the question, copied from far back in the context.
//
// Neither kind shows a tool, a tool list or a call; they teach the general abilities any
// pretrained model brings to tool-use fine-tuning.

// syllables are the pieces of the first shape of made-up words: odd positions take the first
// set, even ones the second. 20 × 20 × 20 three-syllable words and 400 two-syllable ones make
// names no list holds.
func syllables(position int) []string {
	if position%2 == 0 {
		return []string{"ka", "lo", "mi", "ra", "ven", "tor", "sel", "bri", "an", "do", "zu", "ne", "fi", "gar", "pel", "os", "ti", "mar", "el", "qua"}
	}
	return []string{"ri", "na", "ko", "len", "sa", "vi", "dor", "ma", "bel", "tu", "ran", "ge", "lia", "mo", "sen", "ta", "ru", "vo", "lis", "den"}
}

// Onsets, nuclei and codas of the second shape of made-up words, over the whole alphabet.
func onsets() []string {
	return []string{"", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "qu", "r", "s", "t", "v", "w", "x", "y", "z",
		"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gh", "gl", "gr", "kh", "kr", "pl", "pr", "sc", "sh", "sk", "sl", "sm",
		"sn", "sp", "st", "sw", "th", "tr", "ts", "tw", "wh", "zh", "lj", "tb", "dj", "ng"}
}

func nuclei() []string {
	return []string{"a", "e", "i", "o", "u", "y", "a", "e", "i", "o", "ai", "au", "ea", "ee", "ei", "ie", "io", "oa", "oe", "oo", "ou", "ua", "ue", "ui"}
}

func codas() []string {
	return []string{"", "", "", "", "b", "ck", "d", "f", "g", "k", "l", "m", "n", "ng", "nk", "p", "r", "s", "sh", "st",
		"t", "th", "x", "z", "ll", "nn", "rr", "tt", "ss", "rg", "rd", "lm", "nd", "nt", "rk", "ps", "ts", "v"}
}

// madeUpWord returns a lower-case made-up word. A third are 2-3 syllables from a small set
// ("kalorin"); the others are built from onsets, vowels and codas over the whole alphabet
// ("thrautsk", "ljuvoeb"), so that the words a model learns to copy break into tokens of every
// kind. A copy skill trained only on the small set's few tokens does not carry over: a base
// model that copied 48 of 48 such made-up town names into a form wrote "Kasara" for
// "Karachi" and "Titalo" for "Tbilisi", keeping the first letter and inventing the rest
// (12 of 48 real names right).
func madeUpWord(rng *rand.Rand) string {
	var b strings.Builder
	if rng.IntN(3) == 0 {
		for i := range 2 + rng.IntN(2) {
			b.WriteString(oneOf(rng, syllables(i)))
		}
		return b.String()
	}
	parts := 1 + rng.IntN(2) // 1 or 2, now and then 3
	if rng.IntN(7) == 0 {
		parts = 3
	}
	for range parts {
		b.WriteString(oneOf(rng, onsets()) + oneOf(rng, nuclei()) + oneOf(rng, codas()))
	}
	if b.Len() < 3 { // "a", "ey": too short to be a name
		b.WriteString(oneOf(rng, syllables(1)))
	}
	return b.String()
}

// madeUpName returns a capitalized made-up word, for people, towns and shops.
func madeUpName(rng *rand.Rand) string { return capitalize(madeUpWord(rng)) }

// copyValue is a value a user can hand to the assistant, with the key it goes under in
// structured answers.
type copyValue struct {
	Key, Text string
	Number    bool // written without quotes in JSON
}

// randomValue draws a value for one of the keys a form or record might have.
func randomValue(rng *rand.Rand, key string) copyValue {
	switch key {
	case "name":
		return copyValue{key, madeUpName(rng) + " " + madeUpName(rng), false}
	case "city":
		if rng.IntN(3) == 0 {
			return copyValue{key, oneOf(rng, places()).City, false}
		}
		return copyValue{key, madeUpName(rng), false}
	case "email":
		return copyValue{key, madeUpWord(rng) + "." + madeUpWord(rng) + "@example.com", false}
	case "date":
		return copyValue{key, fmt.Sprintf("20%02d-%02d-%02d", 20+rng.IntN(10), 1+rng.IntN(12), 1+rng.IntN(28)), false}
	case "code":
		return copyValue{key, fmt.Sprintf("%c%c-%d", 'A'+rng.IntN(26), 'A'+rng.IntN(26), 100+rng.IntN(9900)), false}
	case "color":
		return copyValue{key, oneOf(rng, colors()).Name, false}
	case "count", "age", "amount":
		return copyValue{key, strconv.Itoa(1 + rng.IntN(999)), true}
	default: // "item", "title", "topic"
		if rng.IntN(2) == 0 { // everyday words, as search queries and song requests are
			words := make([]string, 2+rng.IntN(3))
			for i := range words {
				words[i] = oneOf(rng, commonWords())
			}
			return copyValue{key, strings.Join(words, " "), false}
		}
		return copyValue{key, madeUpWord(rng) + " " + oneOf(rng, copyNouns()), false}
	}
}

func copyNouns() []string {
	return []string{"lamp", "report", "garden", "ticket", "bridge", "recipe", "song", "chair", "river", "plan",
		"meeting", "boat", "letter", "market", "school", "album", "tower", "jacket", "festival", "project"}
}

func copyKeys() []string {
	return []string{"name", "city", "email", "date", "code", "color", "count", "age", "amount", "item", "title", "topic"}
}

// randomRecord draws 1-4 values under distinct keys, in a random order.
func randomRecord(rng *rand.Rand) []copyValue {
	keys := slices.Clone(copyKeys())
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	rec := make([]copyValue, 1+rng.IntN(4))
	for i := range rec {
		rec[i] = randomValue(rng, keys[i])
	}
	return rec
}

// jsonObject writes a record the way lib/chat writes call parameters: one line, keys sorted,
// ", " and ": " separators.
func jsonObject(rec []copyValue) string {
	sorted := slices.Clone(rec)
	slices.SortFunc(sorted, func(a, b copyValue) int { return strings.Compare(a.Key, b.Key) })
	parts := make([]string, len(sorted))
	for i, v := range sorted {
		val := strconv.Quote(v.Text)
		if v.Number {
			val = v.Text
		}
		parts[i] = strconv.Quote(v.Key) + ": " + val
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// proseRecord writes a record as the user would say it: "name Kalo Rina, city Osmar".
func proseRecord(rec []copyValue) string {
	parts := make([]string, len(rec))
	for i, v := range rec {
		parts[i] = v.Key + " " + v.Text
	}
	return strings.Join(parts, ", ")
}

func copyTopic(rng *rand.Rand) topic {
	switch rng.IntN(9) {
	case 0:
		return introductionTopic(rng)
	case 1, 2, 3, 4:
		return repeatTopic(rng)
	case 5:
		return listTopic(rng)
	case 6, 7:
		return structureTopic(rng)
	default:
		return rememberTopic(rng)
	}
}

func introductionTopic(rng *rand.Rand) topic {
	name := madeUpName(rng)
	town := madeUpName(rng)
	user := oneOf(rng, []string{"My name is %s.", "Hi, I'm %s.", "Hello! Call me %s.", "I am %s, nice to meet you."})
	user = fmt.Sprintf(user, name)
	reply := fmt.Sprintf(oneOf(rng, []string{"Nice to meet you, %s! How can I help?", "Hello, %s! What can I do for you?", "Welcome, %s."}), name)
	return topic{first: exchange{user, reply}, followUps: []exchange{
		{"What is my name?", fmt.Sprintf("Your name is %s.", name)},
		{fmt.Sprintf("I live in %s.", town), fmt.Sprintf("%s sounds like a nice place to live, %s.", town, name)},
	}}
}

// repeatTopic asks the assistant to say back a string of 4-27 words drawn independently from
// common words, made-up words and numbers: nothing about one word predicts the next, so the
// only way to the answer is to find each word in the request and copy what follows it, which
// is exactly the attention pattern (an "induction head") that copying names into calls needs.
func repeatTopic(rng *rand.Rand) topic {
	words := make([]string, 4+rng.IntN(24))
	for i := range words {
		switch rng.IntN(5) {
		case 0, 1:
			words[i] = oneOf(rng, commonWords())
		case 2, 3:
			words[i] = madeUpWord(rng)
		default:
			words[i] = strconv.Itoa(rng.IntN(10000))
		}
	}
	phrase := strings.Join(words, " ")
	user := fmt.Sprintf(oneOf(rng, []string{"Repeat after me: %s", "Please say exactly this: \"%s\"", "Echo this back to me: %s", "Can you repeat \"%s\"?"}), phrase)
	again := oneOf(rng, []exchange{{"Say it again, please.", phrase}, {"Now say it in capital letters.", strings.ToUpper(phrase)}})
	return topic{first: exchange{user, phrase}, followUps: []exchange{again}}
}

// commonWords are everyday English words for repeat requests.
func commonWords() []string {
	return strings.Fields(`apple window river quiet seven yellow under travel garden paper orange
		silver happy bottle forest letter market winter summer bridge candle doctor engine family
		friend guitar hammer island jacket kitchen ladder mirror needle ocean pencil rabbit saddle
		ticket valley wagon basket button carpet castle circle cloud coffee copper corner cotton
		desert dinner dragon feather finger flower gentle golden harbor honey hunter kettle lemon
		marble meadow monkey narrow noble palace pepper pillow planet pocket puzzle rocket rubber
		salmon shadow shower signal silent simple sister spirit spring stable street sugar sunset
		table thunder tiger tomato tunnel velvet violin wallet whisper wooden yogurt zebra run walk
		open close carry build paint listen follow borrow answer climb dance dream jump laugh
		remember send watch write bright calm clever cold early empty fast heavy late light loud
		modern proud rapid rough sharp smooth soft strong sweet thin warm wide young blue green red`)
}

func listTopic(rng *rand.Rand) topic {
	items := make([]string, 2+rng.IntN(4))
	for i := range items {
		items[i] = randomValue(rng, oneOf(rng, []string{"item", "name", "city", "code"})).Text
	}
	numbered := rng.IntN(2) == 0
	var user string
	var lines []string
	if numbered {
		user = "Make a numbered list of these: " + strings.Join(items, ", ")
		for i, it := range items {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, it))
		}
	} else {
		user = "Turn this into a bulleted list: " + strings.Join(items, "; ")
		for _, it := range items {
			lines = append(lines, "- "+it)
		}
	}
	return topic{first: exchange{user, strings.Join(lines, "\n")}, followUps: []exchange{
		{"Which one is last?", fmt.Sprintf("The last one is %s.", items[len(items)-1])},
		{"And the first?", fmt.Sprintf("The first one is %s.", items[0])},
	}}
}

// structureTopic asks for the user's data as JSON or as "key: value" lines.
func structureTopic(rng *rand.Rand) topic {
	rec := randomRecord(rng)
	said := proseRecord(rec)
	if rng.IntN(2) == 0 {
		user := fmt.Sprintf(oneOf(rng, []string{"Write this as a JSON object: %s", "Give me JSON for: %s", "Format as JSON, keys sorted: %s"}), said)
		return topic{first: exchange{user, jsonObject(rec)}, followUps: []exchange{
			{fmt.Sprintf("What is the %s in it?", rec[0].Key), fmt.Sprintf("The %s is %s.", rec[0].Key, rec[0].Text)},
		}}
	}
	lines := make([]string, len(rec))
	for i, v := range rec {
		lines[i] = v.Key + ": " + v.Text
	}
	user := fmt.Sprintf(oneOf(rng, []string{"Fill in the form, one field per line: %s", "Write these as key: value lines: %s"}), said)
	return topic{first: exchange{user, strings.Join(lines, "\n")}, followUps: []exchange{
		{"Now as JSON, please.", jsonObject(rec)},
	}}
}

func rememberTopic(rng *rand.Rand) topic {
	v := randomValue(rng, oneOf(rng, []string{"code", "date", "email", "count", "city"}))
	user := fmt.Sprintf(oneOf(rng, []string{"Please remember this %s: %s.", "Note down my %s, it is %s.", "Keep this %s in mind: %s."}), v.Key, v.Text)
	return topic{first: exchange{user, fmt.Sprintf("Got it: your %s is %s.", v.Key, v.Text)}, followUps: []exchange{
		{fmt.Sprintf("What %s did I give you?", v.Key), fmt.Sprintf("You gave me %s.", v.Text)},
	}}
}

// lookupItem is an entry in a system message's list: a code-like name and what it is.
type lookupItem struct{ Name, Description string }

// lookupEntries are (description, question that asks for it) pairs; the names are drawn at
// random so that only the list can tell which is which.
func lookupEntries() [][2]string {
	return [][2]string{
		{"A quiet room with a view of the lake.", "I'd like a room where I can see the lake."},
		{"The fastest train to the coast.", "Which train gets me to the coast quickest?"},
		{"A vegetarian soup with lentils.", "Do you have a soup without meat?"},
		{"A beginner course in drawing.", "Is there a course for someone who has never drawn?"},
		{"A warm jacket for winter hikes.", "What should I wear for hiking in the snow?"},
		{"The report on last year's sales.", "Where can I read how sales went last year?"},
		{"A small tent for two people.", "I need a tent for me and a friend."},
		{"A guided tour of the old castle.", "Can someone show me around the castle?"},
		{"Strong black coffee without sugar.", "I want my coffee dark and unsweetened."},
		{"A children's book about the sea.", "Any books for kids about the ocean?"},
		{"The night bus to the airport.", "How do I reach the airport late at night?"},
		{"A cheap bike for city rides.", "I want an inexpensive bicycle for town."},
		{"Spanish lessons on weekends.", "Can I learn Spanish on Saturdays?"},
		{"A room for large meetings.", "We need space for a big meeting."},
		{"Fresh bread baked every morning.", "Where do I get bread that was baked today?"},
		{"A map of the hiking trails.", "I need to see where the trails go."},
	}
}

// lookupTopic lists 2-5 items in the system message (as lines or as JSON) and asks for the one
// that fits a question worded differently from its description.
func lookupTopic(rng *rand.Rand) topic {
	entries := lookupEntries()
	rng.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
	items := make([]lookupItem, 2+rng.IntN(4))
	for i := range items {
		name := madeUpWord(rng) + "_" + oneOf(rng, copyNouns())
		if rng.IntN(2) == 0 {
			name = oneOf(rng, copyNouns()) + "_" + madeUpWord(rng)
		}
		items[i] = lookupItem{name, entries[i][0]}
	}
	place := madeUpName(rng)
	var b strings.Builder
	fmt.Fprintf(&b, "You are the assistant of %s. Answer with the code of the item that fits. Items:\n", place)
	asJSON := rng.IntN(2) == 0
	for _, it := range items {
		if asJSON {
			fmt.Fprintf(&b, "{\"code\": %q, \"description\": %q}\n", it.Name, it.Description)
		} else {
			fmt.Fprintf(&b, "- %s: %s\n", it.Name, it.Description)
		}
	}
	k := rng.IntN(len(items))
	j := (k + 1) % len(items)
	return topic{
		system: strings.TrimSuffix(b.String(), "\n"),
		first:  exchange{entries[k][1], fmt.Sprintf("%s fits best: %s", items[k].Name, strings.ToLower(items[k].Description[:1])+items[k].Description[1:])},
		followUps: []exchange{
			{"What else is there?", fmt.Sprintf("There is also %s: %s", items[j].Name, strings.ToLower(items[j].Description[:1])+items[j].Description[1:])},
		},
	}
}
