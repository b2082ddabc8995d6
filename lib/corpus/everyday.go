package corpus

import (
	"fmt"
	"math/rand/v2"

	"github.com/tooltune/tooltune/lib/datagen"
)

// Everyday topics.
//
// KindEveryday is the vocabulary of everyday errands, the ones assistants are asked to run:
// playing music, reading the news, searching the web, writing emails, translating, finding
// places nearby, getting directions, the weather, units and money. A pretrained model knows
// that "spin some jazz" and "crank up the blues" both mean playing music, or that "fire off a
// note" is sending an email; a model made from nothing knows only the words its corpus uses,
// and the other kinds hardly use these (the shipped tiny model's tokenizer has no token for
// "music", "news" or "search"). Fine-tuning then has to connect a request to a tool through
// words the model has never seen, which a few hundred steps cannot do.
//
// So the conversations here say what the casual phrases of each errand mean, list other ways
// of saying them, rewrite a casual request in plain words (copying its object), sort things
// into their kind ("bossa nova is a kind of music"), tell a request that says what it wants
// from one that leaves it out ("check the weather" does not say which city), and split a
// message that asks for two things ("Play jazz. Additionally, ..."). They are general
// language, like a dictionary or a thesaurus: no tools, no calls, no tool lists, and no live
// data (nothing is looked up, played or sent).

// errand is one everyday task: its plain wording and the casual ones people use, each with
// %s where the task's object goes, and objects to fill them with.
type errand struct {
	Plain   string   // "play %s"
	Casual  []string // "spin %s", "crank up %s"
	Things  []string // "jazz", "an old soul record"
	Kind    string   // what the things are: "music"
	Purpose string   // what the errand is for, as the end of "It is how you ...": "listen to music"
	Vague   []string // asking for it without saying what: "put something on"
	Missing string   // what such a vague request leaves out: "what to play"
}

func errands() []errand {
	places := []string{"pharmacies", "ATMs", "cafes", "museums", "parks", "supermarkets", "hotels", "gas stations", "hospitals", "restaurants", "bakeries", "libraries"}
	destinations := []string{"the station", "the airport", "the old town", "the harbor", "the city hall", "the stadium", "the main square", "the university", "the beach", "the bus terminal"}
	return []errand{
		{"play %s", []string{"spin %s", "crank up %s", "put on %s", "queue up %s", "blast %s", "fill the room with %s", "throw on %s", "stream %s", "cue up %s", "let me hear %s", "turn on %s", "start %s"},
			[]string{"jazz", "the blues", "rock music", "classical music", "folk songs", "hip hop", "reggae", "piano music", "a violin concerto", "some lullabies", "soul music", "disco hits", "country songs", "an old record", "my playlist", "a new album", "guitar music", "songs by my favorite band", "some opera", "dance music"},
			"music", "listen to music", []string{"put something on", "play me a song", "turn the music on"}, "what to play"},
		{"read the news about %s", []string{"skim the press for %s", "brief me on %s", "keep me posted on %s", "catch me up on %s", "check the headlines about %s", "read me stories covering %s", "tell me what the papers say about %s", "give me the top stories on %s", "scan the news for %s", "follow the coverage of %s"},
			[]string{"politics", "sports", "science", "the economy", "technology", "health", "the climate", "the elections", "space exploration", "business", "the arts", "local events", "the markets", "education"},
			"a news topic", "find out what is happening in the world", []string{"brief me on the news", "what do the papers say", "any headlines for me"}, "which topic"},
		{"search the web for %s", []string{"dig up web results on %s", "hunt online for %s", "look up %s", "pull search results about %s", "find sources on %s", "google %s", "browse the internet for %s", "research %s online", "run a search on %s", "check online for %s"},
			[]string{"bread recipes", "how bridges are built", "the history of chess", "tips for better sleep", "reviews of electric bikes", "how volcanoes form", "easy houseplants", "the rules of cricket", "how to fix a flat tire", "cheap ways to heat a room"},
			"something to look up", "find pages on the internet", []string{"search the web for me", "look something up", "dig up some results"}, "what to look up"},
		{"send an email to %s", []string{"fire off a note to %s", "drop %s a line", "shoot %s a message", "notify %s by mail", "write to %s", "mail %s", "message %s over email", "get an email out to %s", "email %s", "send %s a quick note"},
			[]string{"my manager", "the landlord", "my sister", "the school", "a colleague", "the team", "my doctor", "an old friend", "the bank", "our neighbor"},
			"someone to write to", "send a written message", []string{"send an email", "fire off a note", "drop someone a line"}, "who to write to and what to say"},
		{"translate %s", []string{"render %s in another language", "put %s into another language", "say %s in a different language", "give me %s in another tongue", "interpret %s for me", "turn %s into a foreign language", "rephrase %s for someone who speaks another language"},
			[]string{"a greeting", "this menu", "a short letter", "the sign at the door", "a thank-you note", "my question", "a few words", "this sentence"},
			"text in some language", "move words from one language to another", []string{"translate something for me", "render it in another language", "say it in French"}, "which words"},
		{"find %s nearby", []string{"scout out %s around here", "point me to %s in the area", "see if there are any %s close by", "tell me which %s I can reach", "locate %s near me", "search the neighborhood for %s", "look for %s around the corner", "spot %s within walking distance"},
			places, "a kind of place", "find places near a spot", []string{"find something nearby", "what is around here", "scout out the area"}, "what kind of place, near where"},
		{"give me directions to %s", []string{"guide me to %s", "map out a trip to %s", "show me the way to %s", "tell me how to get to %s", "route me to %s", "help me set off toward %s", "lead the way to %s", "plan my route to %s"},
			destinations, "a destination", "get from one place to another", []string{"give me directions", "guide me there", "map out a trip"}, "where to go"},
		{"check the weather in %s", []string{"predict the weather in %s", "see what the sky is doing over %s", "check the forecast for %s", "look at the outlook for %s", "find out if I need an umbrella in %s", "tell me the conditions in %s", "see how warm it is in %s"},
			cityNames(), "a city", "know what the weather will be", []string{"check the weather", "what is the weather like", "predict the weather for the coming days"}, "which city"},
		{"convert %s", []string{"turn %s into another unit", "express %s in other units", "give me the equivalent of %s", "tell me what %s comes to in other units", "work out %s in a different unit", "restate %s in metric"},
			[]string{"5 miles", "3 kilograms", "12 inches", "2 gallons", "40 degrees", "100 grams", "8 feet", "a liter"},
			"a measurement", "change a measurement into another unit", []string{"convert this for me", "turn it into meters", "what is the equivalent"}, "which amount"},
		{"convert %s to another currency", []string{"exchange %s", "tell me what %s comes to in another currency", "find out what I would receive for %s", "run a currency conversion on %s", "work out %s in a different currency", "change %s into another currency"},
			[]string{"100 dollars", "50 euros", "a thousand yen", "20 pounds", "my budget of 300 francs", "75 Canadian dollars"},
			"an amount of money", "change money from one currency into another", []string{"exchange my money", "what does it come to in euros", "run a currency conversion"}, "which amount"},
	}
}

// cityNames are the cities of lib/datagen, as in the codes kind: general knowledge.
func cityNames() []string {
	var out []string
	for _, c := range datagen.Cities() {
		out = append(out, c.Name)
	}
	return out
}

func everydayTopic(rng *rand.Rand) topic {
	e := oneOf(rng, errands())
	thing := oneOf(rng, e.Things)
	casual := fmt.Sprintf(oneOf(rng, e.Casual), thing)
	plain := fmt.Sprintf(e.Plain, thing)
	switch rng.IntN(8) {
	case 0: // what a casual phrase means
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"What does it mean if someone asks me to %s?", "If a friend says \"%s\", what do they want?", "What is meant by \"%s\"?"}), casual),
			fmt.Sprintf(oneOf(rng, []string{"It means they want you to %s.", "They are asking you to %s.", "In plain words: %s."}), plain),
		}, followUps: []exchange{{"Why would people say it that way?", fmt.Sprintf("It is just a more casual way to say it. It is how you %s.", e.Purpose)}}}
	case 1: // other ways to say it
		ways := pickDistinct(rng, e.Casual, 3)
		for i := range ways {
			ways[i] = "\"" + fmt.Sprintf(ways[i], thing) + "\""
		}
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"What are other ways to say \"%s\"?", "How else can I ask someone to %s?", "Give me a few casual ways to say \"%s\"."}), plain),
			fmt.Sprintf("You could say %s, %s or %s. All of them mean to %s.", ways[0], ways[1], ways[2], plain),
		}}
	case 2: // a casual request in plain words
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"Put this in plain words: \"%s\".", "Rewrite simply: \"%s\".", "Say this more plainly: \"%s\"."}), capitalize(casual)),
			capitalize(plain) + ".",
		}}
	case 3: // what kind of thing it is
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"What kind of thing is \"%s\"?", "Is \"%s\" something you read, play, visit or write to?", "Which category does \"%s\" belong to?"}), thing),
			fmt.Sprintf("\"%s\": %s. People ask to %s.", capitalize(thing), e.Kind, plain),
		}}
	case 4: // which errand a request is
		other := otherErrand(rng, e)
		return topic{first: exchange{
			fmt.Sprintf("Is \"%s\" about %s or about %s?", capitalize(casual), e.Kind, other.Kind),
			fmt.Sprintf("It is about %s: it asks to %s.", e.Kind, plain),
		}}
	case 5: // a request that leaves out what the errand needs
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"If someone tells me \"%s\", do I know enough to do it?", "Is \"%s\" a complete request?"}), capitalize(oneOf(rng, e.Vague))),
			fmt.Sprintf("Not yet: it does not say %s, so I would ask for that first.", e.Missing),
		}}
	case 6: // and one that says it all
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"If someone tells me \"%s\", do I know enough to do it?", "Is \"%s\" a complete request?"}), capitalize(casual)),
			fmt.Sprintf("Yes: it asks to %s.", plain),
		}}
	default: // two requests in one message
		other := otherErrand(rng, e)
		otherThing := oneOf(rng, other.Things)
		joined := fmt.Sprintf("%s. %s %s.", capitalize(casual), oneOf(rng, []string{"Also,", "Additionally,", "On top of that,", "Plus,", "Besides that,", "And", "After that,", "As well,"}),
			fmt.Sprintf(oneOf(rng, other.Casual), otherThing))
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"What is being asked in: \"%s\"?", "How many things does this ask for? \"%s\"", "List the requests in \"%s\"."}), joined),
			fmt.Sprintf("Two things: to %s, and to %s.", plain, fmt.Sprintf(other.Plain, otherThing)),
		}}
	}
}

// otherErrand returns an errand of another kind than e.
func otherErrand(rng *rand.Rand, e errand) errand {
	other := oneOf(rng, errands())
	for other.Kind == e.Kind {
		other = oneOf(rng, errands())
	}
	return other
}

// pickDistinct returns n different elements of xs in random order (n <= len(xs)).
func pickDistinct(rng *rand.Rand, xs []string, n int) []string {
	idx := rng.Perm(len(xs))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = xs[j]
	}
	return out
}
