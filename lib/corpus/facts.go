package corpus

// Fact tables. Each function returns a fresh slice, so no table is shared mutable state.
// Every fact here is stated as general knowledge that does not change from day to day:
// the corpus never answers live questions (today's weather, a current price), because those
// are what tool calls are for, and a base model taught to refuse them would fight the
// fine-tuning that teaches it to call a tool instead.

// place is a city with facts about it and its country.
type place struct {
	City, Country, Continent string
	Currency, CurrencyCode   string
	Language                 string
	Capital                  bool   // the city is its country's capital
	CountryCapital           string // the capital of Country
	Climate                  string // a sentence fragment: "has mild, rainy winters and warm summers"
}

func places() []place {
	return []place{
		{"Paris", "France", "Europe", "euro", "EUR", "French", true, "Paris", "has mild winters and warm summers, with rain spread through the year"},
		{"Lyon", "France", "Europe", "euro", "EUR", "French", false, "Paris", "has cold winters and hot summers"},
		{"London", "the United Kingdom", "Europe", "pound sterling", "GBP", "English", true, "London", "is mild and often cloudy, with light rain in every season"},
		{"Manchester", "the United Kingdom", "Europe", "pound sterling", "GBP", "English", false, "London", "is mild and quite rainy all year"},
		{"Berlin", "Germany", "Europe", "euro", "EUR", "German", true, "Berlin", "has cold winters and warm summers"},
		{"Munich", "Germany", "Europe", "euro", "EUR", "German", false, "Berlin", "has cold, snowy winters and warm summers"},
		{"Madrid", "Spain", "Europe", "euro", "EUR", "Spanish", true, "Madrid", "has hot, dry summers and cool winters"},
		{"Barcelona", "Spain", "Europe", "euro", "EUR", "Spanish and Catalan", false, "Madrid", "has a Mediterranean climate: warm summers and mild winters"},
		{"Rome", "Italy", "Europe", "euro", "EUR", "Italian", true, "Rome", "has hot, dry summers and mild, wet winters"},
		{"Milan", "Italy", "Europe", "euro", "EUR", "Italian", false, "Rome", "has hot summers and foggy, cold winters"},
		{"Lisbon", "Portugal", "Europe", "euro", "EUR", "Portuguese", true, "Lisbon", "has warm, dry summers and mild, rainy winters"},
		{"Amsterdam", "the Netherlands", "Europe", "euro", "EUR", "Dutch", true, "Amsterdam", "is mild, windy and often rainy"},
		{"Vienna", "Austria", "Europe", "euro", "EUR", "German", true, "Vienna", "has cold winters and warm summers"},
		{"Zurich", "Switzerland", "Europe", "Swiss franc", "CHF", "German", false, "Bern", "has cold winters and pleasant summers"},
		{"Stockholm", "Sweden", "Europe", "Swedish krona", "SEK", "Swedish", true, "Stockholm", "has cold, dark winters and mild summers"},
		{"Oslo", "Norway", "Europe", "Norwegian krone", "NOK", "Norwegian", true, "Oslo", "has cold, snowy winters and mild summers"},
		{"Copenhagen", "Denmark", "Europe", "Danish krone", "DKK", "Danish", true, "Copenhagen", "is mild, windy and often grey"},
		{"Helsinki", "Finland", "Europe", "euro", "EUR", "Finnish and Swedish", true, "Helsinki", "has long, cold winters and short, mild summers"},
		{"Warsaw", "Poland", "Europe", "Polish zloty", "PLN", "Polish", true, "Warsaw", "has cold winters and warm summers"},
		{"Prague", "the Czech Republic", "Europe", "Czech koruna", "CZK", "Czech", true, "Prague", "has cold winters and warm summers"},
		{"Athens", "Greece", "Europe", "euro", "EUR", "Greek", true, "Athens", "has hot, dry summers and mild winters"},
		{"Dublin", "Ireland", "Europe", "euro", "EUR", "English and Irish", true, "Dublin", "is mild and damp, with frequent light rain"},
		{"Istanbul", "Turkey", "Europe and Asia", "Turkish lira", "TRY", "Turkish", false, "Ankara", "has hot summers and cool, wet winters"},
		{"Tokyo", "Japan", "Asia", "Japanese yen", "JPY", "Japanese", true, "Tokyo", "has hot, humid summers and cool, dry winters"},
		{"Osaka", "Japan", "Asia", "Japanese yen", "JPY", "Japanese", false, "Tokyo", "has hot, humid summers and mild winters"},
		{"Seoul", "South Korea", "Asia", "South Korean won", "KRW", "Korean", true, "Seoul", "has hot, rainy summers and cold, dry winters"},
		{"Beijing", "China", "Asia", "renminbi (yuan)", "CNY", "Mandarin Chinese", true, "Beijing", "has hot summers and cold, dry winters"},
		{"Shanghai", "China", "Asia", "renminbi (yuan)", "CNY", "Mandarin Chinese", false, "Beijing", "has hot, humid summers and cool winters"},
		{"Singapore", "Singapore", "Asia", "Singapore dollar", "SGD", "English, Malay, Mandarin and Tamil", true, "Singapore", "is hot and humid all year, with frequent rain showers"},
		{"Bangkok", "Thailand", "Asia", "Thai baht", "THB", "Thai", true, "Bangkok", "is hot all year, with a rainy season from about May to October"},
		{"Mumbai", "India", "Asia", "Indian rupee", "INR", "Hindi and Marathi", false, "New Delhi", "is hot and humid, with heavy monsoon rain from June to September"},
		{"New Delhi", "India", "Asia", "Indian rupee", "INR", "Hindi", true, "New Delhi", "has very hot summers, a monsoon season and mild winters"},
		{"Dubai", "the United Arab Emirates", "Asia", "UAE dirham", "AED", "Arabic", false, "Abu Dhabi", "is very hot and dry in summer and warm in winter"},
		{"Jakarta", "Indonesia", "Asia", "Indonesian rupiah", "IDR", "Indonesian", true, "Jakarta", "is hot and humid all year"},
		{"Hanoi", "Vietnam", "Asia", "Vietnamese dong", "VND", "Vietnamese", true, "Hanoi", "has hot, rainy summers and cool winters"},
		{"Cairo", "Egypt", "Africa", "Egyptian pound", "EGP", "Arabic", true, "Cairo", "is hot and very dry, with almost no rain"},
		{"Nairobi", "Kenya", "Africa", "Kenyan shilling", "KES", "Swahili and English", true, "Nairobi", "is mild all year thanks to its altitude, with two rainy seasons"},
		{"Lagos", "Nigeria", "Africa", "Nigerian naira", "NGN", "English", false, "Abuja", "is hot and humid, with a long rainy season"},
		{"Cape Town", "South Africa", "Africa", "South African rand", "ZAR", "English, Afrikaans and Xhosa", false, "Pretoria (the seat of government; Cape Town and Bloemfontein are capitals too)", "has warm, dry summers and cool, wet winters"},
		{"Marrakesh", "Morocco", "Africa", "Moroccan dirham", "MAD", "Arabic and Berber", false, "Rabat", "has hot, dry summers and mild winters"},
		{"New York", "the United States", "North America", "US dollar", "USD", "English", false, "Washington, D.C.", "has hot summers and cold, sometimes snowy winters"},
		{"Chicago", "the United States", "North America", "US dollar", "USD", "English", false, "Washington, D.C.", "has cold, windy winters and warm summers"},
		{"Los Angeles", "the United States", "North America", "US dollar", "USD", "English", false, "Washington, D.C.", "is sunny and dry most of the year"},
		{"San Francisco", "the United States", "North America", "US dollar", "USD", "English", false, "Washington, D.C.", "is cool and foggy in summer and mild in winter"},
		{"Seattle", "the United States", "North America", "US dollar", "USD", "English", false, "Washington, D.C.", "is mild and rainy from autumn to spring, with dry summers"},
		{"Miami", "the United States", "North America", "US dollar", "USD", "English and Spanish", false, "Washington, D.C.", "is warm all year, with a wet season in summer"},
		{"Toronto", "Canada", "North America", "Canadian dollar", "CAD", "English", false, "Ottawa", "has cold, snowy winters and warm summers"},
		{"Vancouver", "Canada", "North America", "Canadian dollar", "CAD", "English", false, "Ottawa", "is mild and rainy, especially in winter"},
		{"Mexico City", "Mexico", "North America", "Mexican peso", "MXN", "Spanish", true, "Mexico City", "is mild all year, with afternoon rain in summer"},
		{"Buenos Aires", "Argentina", "South America", "Argentine peso", "ARS", "Spanish", true, "Buenos Aires", "has hot, humid summers and cool winters"},
		{"Sao Paulo", "Brazil", "South America", "Brazilian real", "BRL", "Portuguese", false, "Brasilia", "is warm, with rainy summers and mild, drier winters"},
		{"Lima", "Peru", "South America", "Peruvian sol", "PEN", "Spanish", true, "Lima", "is mild and dry, often overcast, and it almost never rains"},
		{"Bogota", "Colombia", "South America", "Colombian peso", "COP", "Spanish", true, "Bogota", "is cool all year because of its altitude, with frequent rain"},
		{"Santiago", "Chile", "South America", "Chilean peso", "CLP", "Spanish", true, "Santiago", "has hot, dry summers and cool, wetter winters"},
		{"Sydney", "Australia", "Oceania", "Australian dollar", "AUD", "English", false, "Canberra", "has warm summers and mild winters"},
		{"Melbourne", "Australia", "Oceania", "Australian dollar", "AUD", "English", false, "Canberra", "has changeable weather: warm summers and cool winters"},
		{"Auckland", "New Zealand", "Oceania", "New Zealand dollar", "NZD", "English and Maori", false, "Wellington", "is mild and humid, with rain in every season"},
		{"Reykjavik", "Iceland", "Europe", "Icelandic krona", "ISK", "Icelandic", true, "Reykjavik", "is cool all year, windy, with mild winters for its latitude"},
	}
}

// fact is a question with its answer; Asks are ways to ask it (each a full user message).
type fact struct {
	Asks   []string
	Answer string
}

// scienceFacts are simple, settled facts of science and the world.
func scienceFacts() []fact {
	return []fact{
		{[]string{"At what temperature does water boil?", "What is the boiling point of water?", "How hot does water need to be to boil?"},
			"At sea level, water boils at 100 degrees Celsius, which is 212 degrees Fahrenheit. At high altitude it boils at a lower temperature."},
		{[]string{"At what temperature does water freeze?", "What is the freezing point of water?"},
			"Water freezes at 0 degrees Celsius, or 32 degrees Fahrenheit."},
		{[]string{"How many planets are in the solar system?", "How many planets orbit the Sun?"},
			"There are eight planets: Mercury, Venus, Earth, Mars, Jupiter, Saturn, Uranus and Neptune."},
		{[]string{"What is the largest planet?", "Which planet is the biggest in our solar system?"},
			"Jupiter is the largest planet in our solar system. It is a gas giant, more than eleven times as wide as Earth."},
		{[]string{"Which planet is closest to the Sun?", "What is the nearest planet to the Sun?"},
			"Mercury is the planet closest to the Sun."},
		{[]string{"Why is the sky blue?", "What makes the sky look blue?"},
			"Sunlight is made of all colors. Air molecules scatter short, blue wavelengths much more than red ones, so blue light reaches our eyes from every part of the sky."},
		{[]string{"How long does it take the Earth to go around the Sun?", "How long is one orbit of the Earth around the Sun?"},
			"The Earth takes about 365.25 days to orbit the Sun. That extra quarter of a day is why we add a leap day every four years."},
		{[]string{"How long is a day on Earth?", "How long does the Earth take to spin once?"},
			"The Earth turns once on its axis in about 24 hours, which gives us one day."},
		{[]string{"What causes the seasons?", "Why do we have seasons?"},
			"The seasons come from the tilt of the Earth's axis. As the Earth orbits the Sun, each hemisphere leans toward the Sun for part of the year, getting more direct light and longer days, which is summer."},
		{[]string{"What is rain?", "How does rain form?"},
			"Rain forms when water vapor in the air cools and condenses into tiny droplets that make clouds. When the droplets join and grow heavy enough, they fall as rain."},
		{[]string{"What is humidity?", "What does humidity mean?"},
			"Humidity is the amount of water vapor in the air. High humidity makes warm days feel hotter because sweat evaporates more slowly."},
		{[]string{"What is the chemical formula of water?", "What is water made of?"},
			"Water is H2O: each molecule has two hydrogen atoms and one oxygen atom."},
		{[]string{"What gas do plants take in?", "What do plants need for photosynthesis?"},
			"Plants take in carbon dioxide from the air and, using sunlight and water, turn it into sugar and oxygen. This process is called photosynthesis."},
		{[]string{"What is the speed of light?", "How fast does light travel?"},
			"Light travels at about 300,000 kilometers per second in a vacuum, or about 186,000 miles per second."},
		{[]string{"How many bones are in the human body?", "How many bones does an adult have?"},
			"An adult human has 206 bones."},
		{[]string{"What is the largest ocean?", "Which ocean is the biggest?"},
			"The Pacific Ocean is the largest and deepest ocean on Earth."},
		{[]string{"What is the tallest mountain in the world?", "Which mountain is the highest?"},
			"Mount Everest, in the Himalayas, is the highest mountain above sea level, at about 8,849 meters."},
		{[]string{"What is the longest river in the world?", "Which river is the longest?"},
			"The Nile and the Amazon are the two longest rivers, each about 6,500 to 7,000 kilometers long; the Nile is most often named the longest."},
		{[]string{"What is thunder?", "What causes thunder?"},
			"Thunder is the sound of air expanding very quickly after it is heated by a lightning bolt."},
		{[]string{"What is a leap year?", "How do leap years work?"},
			"A leap year has 366 days instead of 365, with February 29 added. It happens every four years, except for years divisible by 100 but not by 400."},
	}
}

// animal is an animal with a few facts about it.
type animal struct {
	Name, Plural, Kind, Eats, Home, Note string
}

func animals() []animal {
	return []animal{
		{"cat", "cats", "mammal", "meat", "homes all over the world", "Cats sleep for twelve to sixteen hours a day."},
		{"dog", "dogs", "mammal", "meat and many other foods", "homes all over the world", "Dogs were the first animals people domesticated."},
		{"elephant", "elephants", "mammal", "grass, leaves and bark", "Africa and Asia", "Elephants are the largest land animals."},
		{"penguin", "penguins", "bird", "fish and krill", "the Southern Hemisphere, especially Antarctica", "Penguins cannot fly, but they swim very well."},
		{"dolphin", "dolphins", "mammal", "fish and squid", "oceans around the world", "Dolphins breathe air through a blowhole."},
		{"owl", "owls", "bird", "mice, insects and small animals", "forests and fields on every continent except Antarctica", "Most owls hunt at night."},
		{"frog", "frogs", "amphibian", "insects", "wet places near ponds and rivers", "Frogs start life as tadpoles living in water."},
		{"shark", "sharks", "fish", "fish and other sea animals", "oceans around the world", "Sharks have skeletons made of cartilage, not bone."},
		{"bee", "bees", "insect", "nectar and pollen", "hives and nests on every continent except Antarctica", "Bees make honey from the nectar of flowers."},
		{"horse", "horses", "mammal", "grass and hay", "farms and grasslands", "Horses can sleep standing up."},
		{"giraffe", "giraffes", "mammal", "leaves, especially from acacia trees", "the savannas of Africa", "Giraffes are the tallest animals in the world."},
		{"octopus", "octopuses", "mollusk", "crabs, fish and shellfish", "oceans around the world", "An octopus has eight arms and three hearts."},
		{"eagle", "eagles", "bird", "fish and small animals", "mountains, forests and coasts", "Eagles have very sharp eyesight."},
		{"kangaroo", "kangaroos", "mammal", "grass and leaves", "Australia", "Kangaroos carry their young in a pouch."},
		{"turtle", "turtles", "reptile", "plants, insects or fish, depending on the species", "oceans, rivers and land", "Some turtles live for more than a hundred years."},
	}
}

// color is a color with what it is mixed from and things of that color.
type color struct {
	Name, Mix, Things string
}

func colors() []color {
	return []color{
		{"green", "blue and yellow", "grass, leaves and limes"},
		{"orange", "red and yellow", "oranges, carrots and pumpkins"},
		{"purple", "red and blue", "grapes, plums and lavender"},
		{"pink", "red and white", "flamingos and cherry blossoms"},
		{"brown", "red, yellow and blue, or orange and blue", "chocolate, tree bark and soil"},
		{"gray", "black and white", "clouds on a rainy day and elephants"},
	}
}

// unitFact converts between two units by a factor (to = from * Factor).
type unitFact struct {
	From, FromPlural, To, ToPlural string
	Factor                         float64
}

func unitFacts() []unitFact {
	return []unitFact{
		{"kilometer", "kilometers", "mile", "miles", 0.621371},
		{"mile", "miles", "kilometer", "kilometers", 1.609344},
		{"kilogram", "kilograms", "pound", "pounds", 2.204623},
		{"pound", "pounds", "kilogram", "kilograms", 0.453592},
		{"meter", "meters", "foot", "feet", 3.28084},
		{"foot", "feet", "meter", "meters", 0.3048},
		{"inch", "inches", "centimeter", "centimeters", 2.54},
		{"liter", "liters", "US gallon", "US gallons", 0.264172},
		{"hour", "hours", "minute", "minutes", 60},
		{"day", "days", "hour", "hours", 24},
		{"week", "weeks", "day", "days", 7},
		{"kilometer", "kilometers", "meter", "meters", 1000},
	}
}

// weekdays and months in calendar order.
func weekdays() []string {
	return []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
}

func months() []string {
	return []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
}

// monthDays is the number of days of each month in a common (non-leap) year.
func monthDays() []int { return []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31} }

// term is a word or phrase with its definition.
type term struct {
	Word, Definition string
}

func terms() []term {
	return []term{
		{"a stock ticker", "a short code of letters that identifies a company's shares on a stock exchange, such as AAPL for Apple or MSFT for Microsoft"},
		{"an exchange rate", "the price of one currency in terms of another, for example how many euros one US dollar buys"},
		{"inflation", "the general rise of prices over time, which means the same amount of money buys a little less each year"},
		{"a time zone", "a region that uses the same standard time; most are whole hours ahead of or behind Coordinated Universal Time (UTC)"},
		{"UTC", "Coordinated Universal Time, the time standard the world's clocks are set against; time zones are written as offsets from it, such as UTC+1"},
		{"an airport code", "a three-letter code that identifies an airport, such as CDG for Paris Charles de Gaulle or JFK for New York"},
		{"a calendar invite", "a message that adds an event, with its date, time and place, to the recipient's calendar"},
		{"an email subject line", "the short title of an email that tells the reader what the message is about before they open it"},
		{"a forecast", "a prediction of future conditions, such as tomorrow's weather, based on current data and models"},
		{"a percentage", "a number expressed as a fraction of 100; 25 percent means 25 out of every 100"},
		{"an itinerary", "a plan of a journey, listing the places, dates and times of each part of a trip"},
		{"a recipe", "a set of instructions, with a list of ingredients, for preparing a dish"},
		{"a synonym", "a word that means the same or nearly the same as another word, like big and large"},
		{"an algorithm", "a precise list of steps for solving a problem or doing a task"},
		{"a budget", "a plan for how much money you will earn and spend over a period of time"},
		{"a reservation", "an arrangement to keep something for you, such as a table at a restaurant or a seat on a flight"},
		{"a layover", "a stop between two flights of the same journey, when you wait at an airport for the connecting flight"},
		{"a deadline", "the latest time or date by which something must be done"},
		{"interest", "the money paid for borrowing money, or earned for saving it, usually a percentage per year"},
		{"a translation", "a text rewritten in another language with the same meaning"},
		{"temperature", "a measure of how hot or cold something is, usually given in degrees Celsius or Fahrenheit"},
		{"a kilometer", "a unit of length equal to 1,000 meters, or about 0.62 miles"},
	}
}

// howTo is a task with the steps to do it.
type howTo struct {
	Task  string // completes "How do I ...?"
	Steps []string
}

func howTos() []howTo {
	return []howTo{
		{"boil an egg", []string{"Put the egg in a pot and cover it with cold water.", "Bring the water to a boil.", "Simmer for about 7 minutes for a firm yolk, or 5 for a soft one.", "Cool the egg in cold water before peeling it."}},
		{"make a cup of tea", []string{"Boil fresh water.", "Put a tea bag or loose tea in a cup.", "Pour the hot water over it and let it steep for three to five minutes.", "Remove the tea and add milk, lemon or honey if you like."}},
		{"write a polite email", []string{"Start with a short greeting that uses the person's name.", "Say why you are writing in the first sentence or two.", "Keep the message brief and specific, with any dates or times spelled out.", "End with a thank-you and your name."}},
		{"plan a trip", []string{"Choose where you want to go and for how long.", "Set a budget for travel, lodging, food and activities.", "Book transport and a place to stay early for better prices.", "Make a simple itinerary, and check what documents you need."}},
		{"save money each month", []string{"Write down what you earn and what you spend.", "Set a monthly budget for each kind of expense.", "Move a fixed amount to savings as soon as you are paid.", "Review your spending at the end of each month."}},
		{"learn a new language", []string{"Practice a little every day rather than a lot once a week.", "Learn the most common words and phrases first.", "Listen to and read simple material you enjoy.", "Speak with others as early as you can, even if you make mistakes."}},
		{"prepare for a job interview", []string{"Research the company and the role.", "Prepare short stories about your past work that show your skills.", "Practice answering common questions out loud.", "Plan your route and arrive a few minutes early."}},
		{"pack for a trip", []string{"Check the expected climate for your destination and dates.", "Make a list of clothes, toiletries, documents and chargers.", "Choose clothes that mix and match.", "Pack heavy items at the bottom and keep essentials in your carry-on."}},
		{"get better sleep", []string{"Go to bed and wake up at the same times every day.", "Avoid screens and caffeine in the hour or two before bed.", "Keep your bedroom dark, quiet and cool.", "Get some daylight and exercise during the day."}},
		{"convert Celsius to Fahrenheit", []string{"Multiply the temperature in Celsius by 9.", "Divide the result by 5.", "Add 32. For example, 20 degrees Celsius is 20 × 9 / 5 + 32 = 68 degrees Fahrenheit."}},
		{"calculate a tip", []string{"Decide on the percentage, for example 15 or 20 percent.", "Multiply the bill by that percentage divided by 100.", "Round to a convenient amount. For a bill of 40, a 15 percent tip is 6."}},
		{"organize my week", []string{"List everything you need to do this week.", "Put fixed appointments and deadlines in your calendar first.", "Give each day two or three main tasks.", "Leave some free time for things that come up."}},
		{"start running", []string{"Begin with short sessions that mix walking and running.", "Run three times a week with rest days in between.", "Increase your time slowly, by about ten percent a week.", "Wear comfortable shoes and stop if something hurts."}},
		{"remember an appointment", []string{"Write it in a calendar as soon as you make it, with the date, time and place.", "Set a reminder a day before and an hour before.", "Keep any confirmation email where you can find it."}},
	}
}

// translation is an English phrase and its translation into one language.
type translation struct {
	English, Language, Text string
}

func translations() []translation {
	return []translation{
		{"hello", "Spanish", "hola"}, {"thank you", "Spanish", "gracias"}, {"good morning", "Spanish", "buenos días"}, {"goodbye", "Spanish", "adiós"},
		{"hello", "French", "bonjour"}, {"thank you", "French", "merci"}, {"good night", "French", "bonne nuit"}, {"goodbye", "French", "au revoir"},
		{"hello", "German", "hallo"}, {"thank you", "German", "danke"}, {"good morning", "German", "guten Morgen"}, {"goodbye", "German", "auf Wiedersehen"},
		{"hello", "Italian", "ciao"}, {"thank you", "Italian", "grazie"}, {"good evening", "Italian", "buonasera"},
		{"hello", "Portuguese", "olá"}, {"thank you", "Portuguese", "obrigado (or obrigada)"},
		{"thank you", "Japanese", "arigatou"}, {"good morning", "Japanese", "ohayou"},
		{"please", "Spanish", "por favor"}, {"please", "French", "s'il vous plaît"}, {"please", "German", "bitte"},
		{"water", "Spanish", "agua"}, {"water", "French", "eau"}, {"water", "German", "Wasser"},
	}
}

// person is a name users introduce themselves with, with an email address for drafts.
type person struct {
	First, Last string
}

func people() []person {
	return []person{
		{"Maria", "Lopez"}, {"James", "Smith"}, {"Priya", "Patel"}, {"Wei", "Chen"}, {"Fatima", "Hassan"},
		{"Lukas", "Schmidt"}, {"Sofia", "Rossi"}, {"Kenji", "Tanaka"}, {"Amara", "Okafor"}, {"Olivia", "Brown"},
		{"Mateo", "Garcia"}, {"Ingrid", "Larsen"}, {"Noah", "Johnson"}, {"Aisha", "Khan"}, {"Daniel", "Cohen"},
		{"Chloe", "Martin"}, {"Ravi", "Kumar"}, {"Elena", "Popescu"}, {"Tom", "Wilson"}, {"Yuki", "Sato"},
		{"Lucas", "Silva"}, {"Emma", "Dubois"}, {"Omar", "Farouk"}, {"Hannah", "Meyer"}, {"Diego", "Fernandez"},
		{"Sara", "Nilsson"}, {"Ben", "Taylor"}, {"Mei", "Lin"}, {"Kofi", "Mensah"}, {"Anna", "Kowalski"},
	}
}
