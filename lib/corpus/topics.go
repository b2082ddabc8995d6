package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Topic generators. Each returns a first exchange and follow-ups that stay on its subject.

func greetingTopic(rng *rand.Rand) topic {
	p := oneOf(rng, people())
	pl := oneOf(rng, places())
	hellos := []string{"Hi", "Hello", "Hey", "Good morning", "Good afternoon", "Good evening", "Hi there", "Hello there"}
	hello := oneOf(rng, hellos)
	var user, reply string
	switch rng.IntN(4) {
	case 0:
		user = fmt.Sprintf("%s! My name is %s.", hello, p.First)
		reply = fmt.Sprintf("%s, %s! Nice to meet you.", hello, p.First)
	case 1:
		user = fmt.Sprintf("%s, I'm %s from %s.", hello, p.First, pl.City)
		reply = fmt.Sprintf("Nice to meet you, %s! %s is a lovely place.", p.First, pl.City)
	case 2:
		user = oneOf(rng, []string{hello + "!", hello + ", how are you?", hello + ". Are you there?", hello + ", who are you?"})
		reply = oneOf(rng, []string{
			"Hello! I'm doing well, thank you.",
			"Hi! I'm an assistant, happy to answer questions, explain things or help you write something.",
			"Hello! I'm here.",
		})
	default:
		user = fmt.Sprintf("%s! I just moved to %s.", hello, pl.City)
		reply = fmt.Sprintf("Welcome to %s! I hope you settle in well. %s %s.", pl.City, pl.City, pl.Climate)
	}
	// What the user wants next, if they say, and the matching offer of help.
	needs := []struct{ says, offer string }{
		{"", "How can I help you today?"},
		{"", "What can I do for you?"},
		{" I have a question about " + pl.Country + ".", "Sure, what would you like to know about " + pl.Country + "?"},
		{" Can you help me plan my " + strings.ToLower(oneOf(rng, []string{"week", "weekend", "day"})) + "?", "Of course! What do you have coming up?"},
		{" I need help writing an email to " + p.First + ".", "Happy to help. What should the email say?"},
		{" I have a math question.", "Go ahead, what is it?"},
		{" I'd like to learn something new today.", "Great! Would you like a fun fact about science, animals or a country?"},
	}
	need := oneOf(rng, needs)
	user += need.says
	reply += " " + need.offer
	follow := []exchange{
		{fmt.Sprintf("What language do people speak in %s?", pl.Country),
			fmt.Sprintf("In %s people mainly speak %s.", pl.Country, pl.Language)},
		{"Thanks, that's all for now.", oneOf(rng, []string{"You're welcome! Have a great day.", "Glad I could help. Goodbye!", "Anytime! Take care."})},
	}
	return topic{first: exchange{user, reply}, followUps: follow}
}

func smallTalkTopic(rng *rand.Rand) topic {
	d := oneOf(rng, weekdays())
	m := oneOf(rng, months())
	p := oneOf(rng, people())
	pl := oneOf(rng, places())
	years := 2 + rng.IntN(9)
	talks := []exchange{
		{fmt.Sprintf("It's %s and I'm already tired.", d),
			fmt.Sprintf("That happens! Try to take a short break, drink some water and get some fresh air. Is there anything on your plate this %s I can help with?", d)},
		{"Tell me a fun fact.", oneOf(rng, []string{
			"Here's one: octopuses have three hearts and blue blood.",
			"Here's one: honey never spoils. Jars of it found in ancient Egyptian tombs were still edible.",
			"Here's one: a day on Venus is longer than a year on Venus.",
			"Here's one: bananas are berries, but strawberries are not.",
		})},
		{"Tell me a joke.", oneOf(rng, []string{
			"Why did the scarecrow win an award? Because he was outstanding in his field.",
			"Why don't eggs tell jokes? They'd crack each other up.",
			"What do you call a fake noodle? An impasta.",
		})},
		{fmt.Sprintf("What's your favorite month? Mine is %s.", m),
			fmt.Sprintf("I don't have favorites the way people do, but %s is a fine choice. What do you like most about it?", m)},
		{"I'm bored. Any ideas?", "You could take a walk somewhere new, call a friend, try a simple recipe, read a few chapters of a book, or learn a few words of a new language."},
		{"Are you a robot?", "I'm an AI assistant: a computer program that writes text. I'm happy to help with questions, explanations and writing."},
		{fmt.Sprintf("I have a long weekend in %s. How should I relax?", m),
			"Sleep in once, spend time outside, see people you like, and keep one day with no plans at all. A short trip or a good book works well too."},
		{"What can you do?", "I can answer questions, explain ideas, do simple calculations, help you write emails and messages, translate short phrases and help you plan things."},
		{fmt.Sprintf("I'm off to bed, talk to you on %s.", d), fmt.Sprintf("Good night! Sleep well, and talk to you on %s.", d)},
		{"How is your day going?", "It's going well, thank you for asking! How about yours?"},
		{fmt.Sprintf("My friend %s is visiting from %s next %s. What could we do?", p.First, pl.City, d),
			fmt.Sprintf("You could show %s your favorite café, take a walk through a park or the old town, and have dinner somewhere with local food. Ask what %s enjoys back in %s for more ideas.", p.First, p.First, pl.City)},
		{fmt.Sprintf("I'm thinking about visiting %s in %s. Good idea?", pl.City, m),
			fmt.Sprintf("It could be! %s %s, so pack for that, and check a forecast closer to your trip.", pl.City, pl.Climate)},
		{fmt.Sprintf("I miss %s. I lived there for %d years.", pl.City, years),
			fmt.Sprintf("%d years is a long time, so it makes sense that you miss it. What do you miss most about %s?", years, pl.City)},
	}
	first := oneOf(rng, talks)
	follow := []exchange{
		{"Thanks!", oneOf(rng, []string{"You're welcome!", "Anytime!", "My pleasure."})},
	}
	return topic{first: first, followUps: follow}
}

func factTopic(rng *rand.Rand) topic {
	switch rng.IntN(9) {
	case 0, 1, 2:
		return placeTopic(rng)
	case 3:
		f := oneOf(rng, scienceFacts())
		return topic{first: exchange{oneOf(rng, f.Asks), f.Answer}}
	case 4:
		return animalTopic(rng)
	case 5:
		return calendarTopic(rng)
	case 6:
		c := oneOf(rng, colors())
		return exchange{
			oneOf(rng, []string{"How do you make %s paint?", "What colors make %s?", "Which colors mix into %s?"}),
			fmt.Sprintf("You get %s by mixing %s. Things that are %s include %s.", c.Name, c.Mix, c.Name, c.Things),
		}.withArg(c.Name)
	case 7:
		return unitTopic(rng)
	default:
		t := oneOf(rng, translations())
		ask := oneOf(rng, []string{"How do you say \"%s\" in %s?", "What is \"%s\" in %s?", "Translate \"%s\" into %s."})
		return topic{first: exchange{fmt.Sprintf(ask, t.English, t.Language),
			fmt.Sprintf("In %s, \"%s\" is \"%s\".", t.Language, t.English, t.Text)}}
	}
}

// withArg fills the %s of the user message.
func (e exchange) withArg(arg string) topic {
	return topic{first: exchange{fmt.Sprintf(e.User, arg), e.Assistant}}
}

func placeTopic(rng *rand.Rand) topic {
	p := oneOf(rng, places())
	capitalAnswer := fmt.Sprintf("The capital of %s is %s.", p.Country, p.CountryCapital)
	currencyAnswer := fmt.Sprintf("%s uses the %s (%s).", capitalize(p.Country), p.Currency, p.CurrencyCode)
	climateAnswer := fmt.Sprintf("%s %s. Check a forecast shortly before you travel for the exact conditions.", p.City, p.Climate)
	whereAnswer := fmt.Sprintf("%s is a city in %s, in %s.", p.City, p.Country, p.Continent)
	if p.Capital {
		whereAnswer = fmt.Sprintf("%s is the capital of %s, in %s.", p.City, p.Country, p.Continent)
	}
	options := []exchange{
		{fmt.Sprintf(oneOf(rng, []string{"What is the capital of %s?", "What's the capital city of %s?", "Which city is the capital of %s?"}), p.Country), capitalAnswer},
		{fmt.Sprintf(oneOf(rng, []string{"What currency do they use in %s?", "What money is used in %s?", "Which currency does %s use?"}), p.Country), currencyAnswer},
		{fmt.Sprintf(oneOf(rng, []string{"What's the climate like in %s?", "What is the weather usually like in %s?", "Is %s rainy or dry, generally?"}), p.City), climateAnswer},
		{fmt.Sprintf(oneOf(rng, []string{"Where is %s?", "Which country is %s in?", "Tell me where %s is."}), p.City), whereAnswer},
		{fmt.Sprintf(oneOf(rng, []string{"What language do they speak in %s?", "Which language is spoken in %s?"}), p.City),
			fmt.Sprintf("In %s people mainly speak %s.", p.City, p.Language)},
	}
	i := rng.IntN(len(options))
	var follow []exchange
	for k := 1; k < len(options); k++ {
		o := options[(i+k)%len(options)]
		o.User = oneOf(rng, []string{"And ", "What about this: ", "Also, ", ""}) + lowerFirst(o.User)
		follow = append(follow, o)
	}
	return topic{first: options[i], followUps: follow[:2]}
}

func animalTopic(rng *rand.Rand) topic {
	a := oneOf(rng, animals())
	options := []exchange{
		{fmt.Sprintf(oneOf(rng, []string{"What do %s eat?", "What is the diet of %s?"}), a.Plural),
			fmt.Sprintf("%s eat %s.", capitalize(a.Plural), a.Eats)},
		{fmt.Sprintf(oneOf(rng, []string{"Where do %s live?", "What is the habitat of %s?"}), a.Plural),
			fmt.Sprintf("%s live in %s.", capitalize(a.Plural), a.Home)},
		{fmt.Sprintf(oneOf(rng, []string{"Is a %s a mammal?", "What kind of animal is a %s?"}), a.Name),
			fmt.Sprintf("A %s is %s %s.", a.Name, article(a.Kind), a.Kind)},
		{fmt.Sprintf(oneOf(rng, []string{"Tell me something about %s.", "Give me a fact about %s."}), a.Plural), a.Note},
	}
	i := rng.IntN(len(options))
	return topic{first: options[i], followUps: []exchange{options[(i+1)%len(options)], options[(i+2)%len(options)]}}
}

func calendarTopic(rng *rand.Rand) topic {
	ds, ms := weekdays(), months()
	d := rng.IntN(len(ds))
	m := rng.IntN(len(ms))
	n := 1 + rng.IntN(6)
	options := []exchange{
		{fmt.Sprintf("What day comes after %s?", ds[d]), fmt.Sprintf("%s comes after %s.", ds[(d+1)%7], ds[d])},
		{fmt.Sprintf("If today is %s, what day is it in %d days?", ds[d], n),
			fmt.Sprintf("%d days after %s is %s.", n, ds[d], ds[(d+n)%7])},
		{fmt.Sprintf("How many days are in %s?", ms[m]), monthLength(m)},
		{fmt.Sprintf("What month comes after %s?", ms[m]), fmt.Sprintf("%s comes after %s.", ms[(m+1)%12], ms[m])},
		{fmt.Sprintf("Which month is number %d?", m+1), fmt.Sprintf("Month number %d is %s.", m+1, ms[m])},
		{"How many days are in a week?", "A week has seven days: Monday, Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday."},
		{"How many days are in a year?", "A common year has 365 days and a leap year has 366."},
		{fmt.Sprintf("Is %d a leap year?", 2000+rng.IntN(40)), ""},
	}
	i := rng.IntN(len(options))
	if options[7].Assistant == "" {
		options[7].Assistant = leapYearAnswer(options[7].User)
	}
	return topic{first: options[i], followUps: []exchange{options[(i+1)%len(options)]}}
}

func monthLength(m int) string {
	name := months()[m]
	if m == 1 {
		return "February has 28 days in a common year and 29 in a leap year."
	}
	return fmt.Sprintf("%s has %d days.", name, monthDays()[m])
}

func leapYearAnswer(question string) string {
	var y int
	fmt.Sscanf(strings.TrimPrefix(question, "Is "), "%d", &y)
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return fmt.Sprintf("Yes, %d is a leap year, so February %d has 29 days.", y, y)
	}
	return fmt.Sprintf("No, %d is not a leap year; February %d has 28 days.", y, y)
}

func unitTopic(rng *rand.Rand) topic {
	u := oneOf(rng, unitFacts())
	x := 1 + rng.IntN(99)
	if rng.IntN(2) == 0 {
		celsius := 5*rng.IntN(9) - 5
		f := float64(celsius)*9/5 + 32
		return topic{first: exchange{
			fmt.Sprintf(oneOf(rng, []string{"What is %d degrees Celsius in Fahrenheit?", "Convert %d °C to Fahrenheit.", "How much is %d Celsius in Fahrenheit?"}), celsius),
			fmt.Sprintf("%d degrees Celsius is %s degrees Fahrenheit: multiply by 9/5 and add 32.", celsius, formatNumber(f)),
		}}
	}
	y := float64(x) * u.Factor
	from, to := u.FromPlural, u.ToPlural
	if x == 1 {
		from = u.From
	}
	return topic{first: exchange{
		fmt.Sprintf(oneOf(rng, []string{"How many %s are in %d %s?", "Convert %[2]d %[3]s to %[1]s.", "What is %[2]d %[3]s in %[1]s?"}), u.ToPlural, x, from),
		fmt.Sprintf("%d %s is about %s %s.", x, from, formatNumber(y), to),
	}, followUps: []exchange{{fmt.Sprintf("And how many %s in one %s?", u.ToPlural, u.From),
		fmt.Sprintf("One %s is about %s %s.", u.From, formatNumber(u.Factor), to)}}}
}

func arithmeticTopic(rng *rand.Rand) topic {
	a, b := 2+rng.IntN(98), 2+rng.IntN(98)
	var q, ans string
	var result float64
	switch rng.IntN(5) {
	case 0:
		result = float64(a + b)
		q = fmt.Sprintf(oneOf(rng, []string{"What is %d plus %d?", "What's %d + %d?", "Add %d and %d."}), a, b)
		ans = fmt.Sprintf("%d plus %d is %d.", a, b, a+b)
	case 1:
		result = float64(a - b)
		q = fmt.Sprintf(oneOf(rng, []string{"What is %d minus %d?", "What's %d - %d?", "Subtract %[2]d from %[1]d."}), a, b)
		ans = fmt.Sprintf("%d minus %d is %d.", a, b, a-b)
	case 2:
		result = float64(a * b)
		q = fmt.Sprintf(oneOf(rng, []string{"What is %d times %d?", "What's %d * %d?", "Multiply %d by %d."}), a, b)
		ans = fmt.Sprintf("%d times %d is %d.", a, b, a*b)
	case 3:
		p := 5 * (1 + rng.IntN(10))
		total := 10 * (1 + rng.IntN(50))
		result = float64(p*total) / 100
		q = fmt.Sprintf(oneOf(rng, []string{"What is %d%% of %d?", "What's %d percent of %d?", "Calculate %d%% of %d."}), p, total)
		ans = fmt.Sprintf("%d%% of %d is %s.", p, total, formatNumber(result))
	default:
		c := a * b
		result = float64(a)
		q = fmt.Sprintf(oneOf(rng, []string{"What is %d divided by %d?", "What's %d / %d?", "Divide %d by %d."}), c, b)
		ans = fmt.Sprintf("%d divided by %d is %d.", c, b, a)
	}
	return topic{first: exchange{q, ans}, followUps: []exchange{
		{"And if you double that?", fmt.Sprintf("Doubled, it is %s.", formatNumber(2*result))},
		{"Now add 10 to the result.", fmt.Sprintf("Adding 10 to %s gives %s.", formatNumber(2*result), formatNumber(2*result+10))},
	}}
}

func howToTopic(rng *rand.Rand) topic {
	h := oneOf(rng, howTos())
	ask := oneOf(rng, []string{"How do I %s?", "How can I %s?", "What's the best way to %s?", "Can you explain how to %s?", "Give me steps to %s."})
	var b strings.Builder
	b.WriteString(oneOf(rng, []string{"Here's how:", "Here is a simple way:", "Follow these steps:"}))
	for i, s := range h.Steps {
		fmt.Fprintf(&b, "\n%d. %s", i+1, s)
	}
	return topic{first: exchange{fmt.Sprintf(ask, h.Task), b.String()}, followUps: []exchange{
		{"Can you make it shorter?", fmt.Sprintf("In short: %s", lowerFirst(h.Steps[0])+" Then "+lowerFirst(h.Steps[len(h.Steps)-1]))},
	}}
}

func definitionTopic(rng *rand.Rand) topic {
	t := oneOf(rng, terms())
	bare := strings.TrimPrefix(strings.TrimPrefix(t.Word, "an "), "a ")
	ask := oneOf(rng, []string{"What is %s?", "What does %s mean?", "Can you define %s?", "Explain %s in simple words."})
	subject := t.Word
	if strings.Contains(ask, "mean") || strings.Contains(ask, "define") {
		subject = "\"" + bare + "\""
	}
	tp := topic{first: exchange{fmt.Sprintf(ask, subject), fmt.Sprintf("%s is %s.", capitalize(t.Word), t.Definition)}}
	if ex := exampleFor(t.Word); ex != "" {
		tp.followUps = []exchange{{oneOf(rng, []string{"Can you give me an example?", "Example, please?", "Could you show me an example?"}), ex}}
	}
	return tp
}

// exampleFor gives a concrete example of a term, or "" when none is written.
func exampleFor(word string) string {
	switch word {
	case "a percentage":
		return "Sure: if 12 of 48 people say yes, that is 25 percent, because 12 / 48 = 0.25."
	case "an exchange rate":
		return "Sure: if one euro costs 1.10 US dollars, then 100 euros cost 110 dollars."
	case "a time zone", "UTC":
		return "Sure: Tokyo is at UTC+9, so when it is noon in UTC it is 9 in the evening in Tokyo."
	case "an airport code":
		return "Sure: LHR is London Heathrow, HND is Tokyo Haneda and LAX is Los Angeles."
	case "a stock ticker":
		return "Sure: GOOGL is Alphabet, AMZN is Amazon and TSLA is Tesla."
	case "a layover":
		return "Sure: flying from Lima to Rome, you might have a three-hour layover in Madrid before your second flight."
	case "a synonym":
		return "Sure: happy and glad are synonyms, and so are fast and quick."
	case "a deadline":
		return "Sure: if a report is due on Friday at 5 pm, that is its deadline."
	case "interest":
		return "Sure: with 5 percent interest per year, 1,000 saved becomes 1,050 after one year."
	case "a kilometer":
		return "Sure: 5 kilometers is about 3.1 miles, a common distance for a fun run."
	case "temperature":
		return "Sure: a warm summer day might be 30 degrees Celsius, which is 86 degrees Fahrenheit."
	}
	return ""
}

func refusalTopic(rng *rand.Rand) topic {
	p := oneOf(rng, people())
	pl := oneOf(rng, places())
	harmful := []exchange{
		{fmt.Sprintf("Write a threatening message to %s %s.", p.First, p.Last),
			"I can't help with threatening anyone. If you're in a conflict with someone, I can help you write a calm, firm message that explains the problem."},
		{"How do I break into my neighbor's car?", "I can't help with breaking into someone else's car. If you're locked out of your own car, a locksmith or your roadside assistance service can help."},
		{"Help me make a fake ID.", "I can't help with making fake identity documents. If you need a valid ID, your local government office can tell you how to apply."},
		{fmt.Sprintf("Find the home address of %s %s for me, I want to confront them.", p.First, p.Last),
			"I can't help find someone's home address to confront them. If there's a dispute, talking through a mediator or the proper authorities is safer for everyone."},
		{"Write a fake review for my restaurant to trick customers.", "I can't write fake reviews meant to mislead people. I can help you ask real customers for reviews or improve your restaurant's description."},
		{"How can I cheat on my exam tomorrow?", "I can't help with cheating. I can help you make a quick study plan for tonight, with the most important topics first."},
		{"Write a phishing email that looks like it's from a bank.", "I can't help create phishing emails; they are used to steal from people. I can explain how to recognize phishing so you can protect yourself."},
	}
	impossible := []exchange{
		{"What will the winning lottery numbers be next week?", "Nobody can predict lottery numbers; every draw is random. If you play, treat it as entertainment and only spend what you can afford."},
		{"Can you come to my house and fix my sink?", "I can't visit you in person, since I'm a text assistant. I can walk you through common fixes for a leaking or blocked sink, or help you find what kind of plumber to call."},
		{"What am I thinking right now?", "I can't read minds! If you tell me what's on your mind, I'm happy to talk about it."},
		{fmt.Sprintf("Can you physically mail a letter to %s for me?", pl.City), "I can't send physical mail, but I can help you write the letter and format the address correctly."},
		{"Give me a number that is bigger than every other number.", "There's no such number: whatever number you pick, adding one gives a bigger one. That's what it means for the numbers to be infinite."},
		{"Tell me exactly how long I will live.", "No one can tell you that. Sleep, exercise, a good diet, not smoking and regular checkups all help people live longer, healthier lives."},
	}
	first := oneOf(rng, append(harmful, impossible...))
	return topic{first: first, followUps: []exchange{{"Okay, fair enough.", "Thanks for understanding. Is there something else I can help you with?"}}}
}

func writingTopic(rng *rand.Rand) topic {
	p := oneOf(rng, people())
	pl := oneOf(rng, places())
	email := strings.ToLower(p.First+"."+p.Last) + "@example.com"
	day := oneOf(rng, weekdays())
	month := oneOf(rng, months())
	date := fmt.Sprintf("%s %d", month, 1+rng.IntN(28))
	hour := 8 + rng.IntN(10)
	options := []exchange{
		{fmt.Sprintf("Help me write a short email to %s (%s) saying I'll be late for our meeting on %s.", p.First, email, day),
			fmt.Sprintf("Here's a draft:\n\nSubject: Running late on %s\n\nHi %s,\n\nI'm sorry, but I'll be a little late for our meeting on %s. I'll be there as soon as I can.\n\nThanks for understanding,\n[Your name]", day, p.First, day)},
		{fmt.Sprintf("Suggest a subject line for an email to %s about the trip to %s on %s.", email, pl.City, date),
			fmt.Sprintf("How about: \"Plans for our %s trip on %s\"? It names the place and the date, so %s knows what it's about at a glance.", pl.City, date, p.First)},
		{fmt.Sprintf("Write a one-sentence thank-you note to %s %s.", p.First, p.Last),
			fmt.Sprintf("Dear %s, thank you so much for your help; it really made a difference.", p.First)},
		{fmt.Sprintf("How should I invite %s to lunch at %d:00 on %s?", p.First, hour, day),
			fmt.Sprintf("Keep it simple and friendly: \"Hi %s, would you like to have lunch with me on %s at %d:00? Let me know if that works for you.\"", p.First, day, hour)},
		{fmt.Sprintf("Write a short message wishing %s a happy birthday on %s.", p.First, date),
			fmt.Sprintf("Happy birthday, %s! I hope your day is full of good food, good company and lots of laughs.", p.First)},
		{fmt.Sprintf("Give me three things to see in %s.", pl.City), ""},
	}
	i := rng.IntN(len(options))
	if options[5].Assistant == "" {
		options[5].Assistant = fmt.Sprintf("In %s you could visit the old town or city center, try the local food markets, and spend time in one of its parks or museums. Remember that %s %s.",
			pl.City, pl.City, pl.Climate)
	}
	return topic{first: options[i], followUps: []exchange{{"Can you make it more formal?",
		"Of course. Use a full greeting such as \"Dear\" and the person's name, avoid contractions, and close with \"Kind regards\" followed by your full name."}}}
}

// formatNumber writes a number with at most two decimals and no trailing zeros.
func formatNumber(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
