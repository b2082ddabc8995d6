package datagen

import (
	"fmt"
	"time"

	"github.com/tooltune/tooltune/lib/tools"
)

// No-tool and clarification scenarios: conversations where the right move is not to call.

// chat is a message answered in prose with no tool.
type chat struct{ user, reply string }

// smallTalk is chit-chat and general questions with fixed answers, split like a value pool.
func smallTalk() []chat {
	return []chat{
		{"Hi there!", "Hello! How can I help you today?"},
		{"Good morning! How are you?", "Good morning! I'm doing well, thanks for asking. What can I do for you?"},
		{"Thanks, that was really helpful.", "You're welcome! Let me know if there's anything else I can do."},
		{"Tell me a joke.", "Why don't scientists trust atoms? Because they make up everything!"},
		{"Hey, what's up?", "Not much, just here and ready to help! What can I do for you?"},
		{"Can you recommend a good habit for staying productive?", "Try working in focused blocks of 25 to 50 minutes with short breaks in between, and write down your three most important tasks each morning."},
		{"What's a good name for a golden retriever puppy?", "How about Sunny, Maple, Biscuit or Honey? Warm, golden names tend to suit golden retrievers."},
		{"I'm feeling a bit stressed today.", "I'm sorry to hear that. A short walk, a few slow deep breaths or writing down what's on your mind can help. Is there anything I can take off your plate?"},
		{"Write a haiku about autumn.", "Crisp leaves drift and fall,\namber light on quiet paths,\nthe year exhales slow."},
		{"Tell me something interesting about space.", "A day on Venus is longer than its year: Venus takes about 243 Earth days to turn once on its axis but only about 225 to orbit the Sun."},
		{"Who are you?", "I'm an AI assistant. I can answer questions and use the tools available to me to get things done for you."},
		{"Goodbye!", "Goodbye! Have a great day."},
		{"How do I make a good cup of tea?", "Use freshly boiled water (about 80°C for green tea, a full boil for black), steep green tea for 2-3 minutes or black tea for 3-5, then take the leaves out so it doesn't turn bitter."},
		{"Give me a fun fact.", "Octopuses have three hearts and blue blood."},
		{"Write a two-line poem about the sea.", "The sea keeps time with silver breath,\nit hums of distance, depth and rest."},
		{"What's the difference between weather and climate?", "Weather is the short-term state of the atmosphere, like today's rain or sunshine. Climate is the average pattern of weather in a place over many years."},
		{"Suggest a quick dinner idea.", "Try a vegetable stir-fry: cook sliced peppers, broccoli and onion with garlic and soy sauce, add tofu or chicken, and serve it over rice. It takes about 20 minutes."},
		{"Can you explain what an API is in one sentence?", "An API is a defined way for one program to ask another for data or actions."},
		{"Who wrote Pride and Prejudice?", "Pride and Prejudice was written by Jane Austen and published in 1813."},
		{"I appreciate your help!", "Anytime! I'm glad I could help."},
		{"How many continents are there?", "By the most common convention there are seven continents: Africa, Antarctica, Asia, Australia, Europe, North America and South America."},
		{"What's the boiling point of water at sea level?", "Water boils at 100°C (212°F) at sea level."},
		{"Any tips for learning a new language?", "Practice a little every day, learn the most common words first, listen to native speakers as much as you can, and don't be afraid to make mistakes when speaking."},
		{"What does CPU stand for?", "CPU stands for central processing unit, the part of a computer that carries out program instructions."},
		{"What is photosynthesis?", "Photosynthesis is how plants, algae and some bacteria use sunlight to turn carbon dioxide and water into sugar, releasing oxygen."},
	}
}

// The knowledge templates phrase general questions whose answers are computed from the city
// table or the calendar.
func capitalTemplates() templateSet {
	return templateSet{
		train:   []string{"What's the capital of {country}?", "Which city is the capital of {country}?", "Do you know the capital of {country}?"},
		heldout: []string{"Name the capital city of {country}."},
	}
}

func countryTemplates() templateSet {
	return templateSet{
		train:   []string{"Which country is {city} in?", "In what country would I find {city}?", "Is {city} a city in {country}?"},
		heldout: []string{"{city} is located in which country?"},
	}
}

func monthTemplates() templateSet {
	return templateSet{
		train:   []string{"How many days are there in {month} {year}?", "How many days does {month} {year} have?"},
		heldout: []string{"How long is {month} {year} in days?"},
	}
}

func capabilityTemplates() templateSet {
	return templateSet{
		train:   []string{"What can you do?", "What kinds of things can you help me with?", "Which tools do you have access to?"},
		heldout: []string{"What are your capabilities here?"},
	}
}

// noTool: chit-chat, a general question, a question about the assistant's abilities, or a
// request that none of the offered tools can serve; always answered in prose.
func (b *builder) noTool() error {
	s := b.s
	var ask rendered
	var reply string
	var err error
	switch k := s.intn(20); {
	case k < 11:
		return b.unsupported()
	case k < 14:
		c := pick(s, splitPool(smallTalk(), s.split))
		ask, reply = literal(c.user), c.reply
	case k < 15:
		ask, err = render(s.template(capabilityTemplates()), nil, nil)
		reply = fmt.Sprintf("With the tools I have here, I can %s. Just tell me what you need!", joinList(b.actions(b.toolList())))
	default:
		ask, reply, err = b.knowledge()
	}
	if err != nil {
		return err
	}
	b.user(ask)
	b.assistant(reply)
	return nil
}

func literal(text string) rendered {
	return rendered{segments: []segment{{text: text, literal: true}}, params: map[string]bool{}}
}

// knowledge asks a general question with a computed answer.
func (b *builder) knowledge() (rendered, string, error) {
	s := b.s
	c := pick(s, s.pools.cities)
	country := countryName(c.Country)
	switch s.intn(3) {
	case 0:
		if c.Capital && c.Name != c.Country {
			r, err := render(s.template(capitalTemplates()), map[string]string{"country": country}, nil)
			return r, fmt.Sprintf("The capital of %s is %s.", country, c.Name), err
		}
		fallthrough
	case 1:
		slots := map[string]string{"city": c.Name, "country": country}
		r, err := render(s.template(countryTemplates()), slots, nil)
		if r.params["country"] {
			return r, fmt.Sprintf("Yes, %s is in %s.", c.Name, country), err
		}
		return r, capitalize(fmt.Sprintf("%s is in %s.", c.Name, country)), err
	}
	year, month := 2026+s.intn(2), time.Month(1+s.intn(12))
	days := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	slots := map[string]string{"month": month.String(), "year": fmt.Sprint(year)}
	r, err := render(s.template(monthTemplates()), slots, nil)
	return r, fmt.Sprintf("%s %d has %d days.", month, year, days), err
}

// countryName puts "the" before the country names that take it in a sentence.
func countryName(country string) string {
	switch country {
	case "United States", "United Kingdom", "Netherlands", "Philippines", "United Arab Emirates", "Czech Republic":
		return "the " + country
	}
	return country
}

// unsupported asks for something only an unoffered tool could do; the assistant says so
// instead of calling a tool that does not fit.
func (b *builder) unsupported() error {
	tg := &b.g.gens[b.s.intn(len(b.g.gens))]
	e, err := b.g.entry(tg.name)
	if err != nil {
		return err
	}
	req := tg.sample(b.s)
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.excludeDomain = e.Domain
	offered := b.actions(b.toolList())
	b.user(text)
	b.assistant(pick(b.s, []string{
		fmt.Sprintf("I'm sorry, but I can't %s: none of the tools available to me here can do that. I can %s, though.", tg.action, joinList(offered)),
		fmt.Sprintf("Unfortunately I don't have a tool to %s right now. The tools I do have let me %s. Is there anything along those lines I can help with?", tg.action, joinList(offered)),
	}))
	return nil
}

// toolList fixes the example's offered tools (once) so that a reply can talk about them.
func (b *builder) toolList() []tools.Tool {
	if b.offer == nil {
		b.offer = b.offered()
	}
	return b.offer
}

// actions says what the given tools do: the generator's phrase, or the tool's description.
func (b *builder) actions(list []tools.Tool) []string {
	out := make([]string, len(list))
	for i, t := range list {
		if tg := b.g.byName[t.Name]; tg != nil {
			out[i] = tg.action
		} else {
			out[i] = fmt.Sprintf("use %s (%s)", t.Name, t.Description)
		}
	}
	return out
}

// clarify: a request missing required information; the assistant asks for it, no call.
func (b *builder) clarify() error {
	var usable []*toolGen
	for i := range b.g.gens {
		if len(b.g.gens[i].clarify.forSplit(b.s.split)) > 0 {
			usable = append(usable, &b.g.gens[i])
		}
	}
	tg := pick(b.s, usable)
	e, err := b.g.entry(tg.name)
	if err != nil {
		return err
	}
	req := tg.sample(b.s)
	text, err := render(b.s.template(tg.clarify), req.slots, absentIn(req.args))
	if err != nil {
		return err
	}
	if !text.params["date"] {
		b.s.dated = false // the phrasing leaves the drawn date out: no need to say what today is
	}
	var asks []string
	for _, p := range e.Tool.Parameters.Required {
		if text.params[p] {
			continue
		}
		ask, ok := tg.asks[p]
		if !ok {
			return fmt.Errorf("%s: no question for missing parameter %q", tg.name, p)
		}
		asks = append(asks, ask)
	}
	if len(asks) == 0 {
		return fmt.Errorf("%s clarification phrasing %q leaves no required parameter out", tg.name, text.String())
	}
	b.need(tg.name)
	b.user(text)
	lead := pick(b.s, []string{"Sure, I can help with that.", "Happy to help!", "I can do that for you.", "Of course."})
	question := pick(b.s, []string{"Could you tell me %s?", "Before I go ahead, could you let me know %s?", "I just need to know %s."})
	b.assistant(lead + " " + fmt.Sprintf(question, joinList(asks)))
	return nil
}
