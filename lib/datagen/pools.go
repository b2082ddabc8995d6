package datagen

// Value pools. Each function returns a fresh slice so that no table is shared mutable state.
// Pools marked "split" are partitioned by splitPool: every fifth entry belongs to the
// held-out split only, so held-out examples mention cities, people, companies and texts that
// training never saw. Enumerated values (units, currencies, languages) are shared by both
// splits because the tool schemas fix them.

// heldoutEvery is the stride of the held-out partition: entries i with i%heldoutEvery ==
// heldoutEvery-1 are held out.
const heldoutEvery = 5

// splitPool returns the part of pool that belongs to split: the held-out entries for
// SplitHeldout, every other entry for SplitTrain.
func splitPool[T any](pool []T, split string) []T {
	var out []T
	for i, v := range pool {
		if isHeldoutIndex(i) == (split == SplitHeldout) {
			out = append(out, v)
		}
	}
	return out
}

func isHeldoutIndex(i int) bool { return i%heldoutEvery == heldoutEvery-1 }

// city is a place users ask about: weather, time, flights, nearby places, directions.
type city struct {
	Name, Country, Airport, TimeZone string
	Capital                          bool
}

// cities is a split pool of 70 cities worldwide.
func cities() []city {
	return []city{
		{"Paris", "France", "CDG", "Europe/Paris", true},
		{"London", "United Kingdom", "LHR", "Europe/London", true},
		{"Tokyo", "Japan", "HND", "Asia/Tokyo", true},
		{"New York", "United States", "JFK", "America/New_York", false},
		{"Singapore", "Singapore", "SIN", "Asia/Singapore", true},
		{"Berlin", "Germany", "BER", "Europe/Berlin", true},
		{"Madrid", "Spain", "MAD", "Europe/Madrid", true},
		{"Rome", "Italy", "FCO", "Europe/Rome", true},
		{"Toronto", "Canada", "YYZ", "America/Toronto", false},
		{"Buenos Aires", "Argentina", "EZE", "America/Argentina/Buenos_Aires", true},
		{"Sao Paulo", "Brazil", "GRU", "America/Sao_Paulo", false},
		{"Mexico City", "Mexico", "MEX", "America/Mexico_City", true},
		{"Cairo", "Egypt", "CAI", "Africa/Cairo", true},
		{"Seoul", "South Korea", "ICN", "Asia/Seoul", true},
		{"Lisbon", "Portugal", "LIS", "Europe/Lisbon", true},
		{"Amsterdam", "Netherlands", "AMS", "Europe/Amsterdam", true},
		{"Dubai", "United Arab Emirates", "DXB", "Asia/Dubai", false},
		{"Bangkok", "Thailand", "BKK", "Asia/Bangkok", true},
		{"Istanbul", "Turkey", "IST", "Europe/Istanbul", false},
		{"Helsinki", "Finland", "HEL", "Europe/Helsinki", true},
		{"Chicago", "United States", "ORD", "America/Chicago", false},
		{"Los Angeles", "United States", "LAX", "America/Los_Angeles", false},
		{"San Francisco", "United States", "SFO", "America/Los_Angeles", false},
		{"Vienna", "Austria", "VIE", "Europe/Vienna", true},
		{"Nairobi", "Kenya", "NBO", "Africa/Nairobi", true},
		{"Dublin", "Ireland", "DUB", "Europe/Dublin", true},
		{"Stockholm", "Sweden", "ARN", "Europe/Stockholm", true},
		{"Oslo", "Norway", "OSL", "Europe/Oslo", true},
		{"Copenhagen", "Denmark", "CPH", "Europe/Copenhagen", true},
		{"Kuala Lumpur", "Malaysia", "KUL", "Asia/Kuala_Lumpur", true},
		{"Prague", "Czech Republic", "PRG", "Europe/Prague", true},
		{"Warsaw", "Poland", "WAW", "Europe/Warsaw", true},
		{"Athens", "Greece", "ATH", "Europe/Athens", true},
		{"Zurich", "Switzerland", "ZRH", "Europe/Zurich", false},
		{"Melbourne", "Australia", "MEL", "Australia/Melbourne", false},
		{"Cape Town", "South Africa", "CPT", "Africa/Johannesburg", false},
		{"Lagos", "Nigeria", "LOS", "Africa/Lagos", false},
		{"Beijing", "China", "PEK", "Asia/Shanghai", true},
		{"Shanghai", "China", "PVG", "Asia/Shanghai", false},
		{"Seattle", "United States", "SEA", "America/Los_Angeles", false},
		{"New Delhi", "India", "DEL", "Asia/Kolkata", true},
		{"Jakarta", "Indonesia", "CGK", "Asia/Jakarta", true},
		{"Manila", "Philippines", "MNL", "Asia/Manila", true},
		{"Osaka", "Japan", "KIX", "Asia/Tokyo", false},
		{"Santiago", "Chile", "SCL", "America/Santiago", true},
		{"Auckland", "New Zealand", "AKL", "Pacific/Auckland", false},
		{"Vancouver", "Canada", "YVR", "America/Vancouver", false},
		{"Montreal", "Canada", "YUL", "America/Toronto", false},
		{"Boston", "United States", "BOS", "America/New_York", false},
		{"Edinburgh", "United Kingdom", "EDI", "Europe/London", false},
		{"Miami", "United States", "MIA", "America/New_York", false},
		{"Denver", "United States", "DEN", "America/Denver", false},
		{"Lima", "Peru", "LIM", "America/Lima", true},
		{"Bogota", "Colombia", "BOG", "America/Bogota", true},
		{"Hanoi", "Vietnam", "HAN", "Asia/Ho_Chi_Minh", true},
		{"Rio de Janeiro", "Brazil", "GIG", "America/Sao_Paulo", false},
		{"Barcelona", "Spain", "BCN", "Europe/Madrid", false},
		{"Munich", "Germany", "MUC", "Europe/Berlin", false},
		{"Milan", "Italy", "MXP", "Europe/Rome", false},
		{"Karachi", "Pakistan", "KHI", "Asia/Karachi", false},
		{"Brussels", "Belgium", "BRU", "Europe/Brussels", true},
		{"Budapest", "Hungary", "BUD", "Europe/Budapest", true},
		{"Reykjavik", "Iceland", "KEF", "Atlantic/Reykjavik", true},
		{"Marrakesh", "Morocco", "RAK", "Africa/Casablanca", false},
		{"Montevideo", "Uruguay", "MVD", "America/Montevideo", true},
		{"Honolulu", "United States", "HNL", "Pacific/Honolulu", false},
		{"Kyiv", "Ukraine", "KBP", "Europe/Kyiv", true},
		{"Doha", "Qatar", "DOH", "Asia/Qatar", true},
		{"Tel Aviv", "Israel", "TLV", "Asia/Jerusalem", false},
		{"Wellington", "New Zealand", "WLG", "Pacific/Auckland", true},
	}
}

// person is someone to email or invite. First and last names are unique across the pool so
// that a held-out name never appears in training text.
type person struct{ First, Last, Email string }

// people is a split pool of 40 contacts with reserved example domains.
func people() []person {
	return []person{
		{"Maria", "Lopez", "maria.lopez@example.com"},
		{"James", "Okafor", "james.okafor@example.org"},
		{"Priya", "Raman", "priya.raman@example.net"},
		{"Lukas", "Becker", "lukas.becker@example.com"},
		{"Aiko", "Tanaka", "aiko.tanaka@example.org"},
		{"Daniel", "Moreau", "d.moreau@example.com"},
		{"Fatima", "Haddad", "fatima.haddad@example.net"},
		{"Oliver", "Brennan", "oliver.brennan@example.com"},
		{"Sofia", "Rossi", "sofia.rossi@example.org"},
		{"Kwame", "Mensah", "kwame.mensah@example.com"},
		{"Elena", "Petrova", "elena.petrova@example.net"},
		{"Tomas", "Novak", "tomas.novak@example.com"},
		{"Hannah", "Schmidt", "hannah.schmidt@example.org"},
		{"Rahul", "Mehta", "rahul.mehta@example.com"},
		{"Ingrid", "Larsen", "ingrid.larsen@example.net"},
		{"Carlos", "Mendoza", "carlos.mendoza@example.com"},
		{"Mei", "Chen", "mei.chen@example.org"},
		{"Samuel", "Adeyemi", "samuel.adeyemi@example.com"},
		{"Chloe", "Dubois", "chloe.dubois@example.net"},
		{"Nikolai", "Ivanov", "nikolai.ivanov@example.com"},
		{"Amara", "Nwosu", "amara.nwosu@example.org"},
		{"Ethan", "Walsh", "ethan.walsh@example.com"},
		{"Yuki", "Sato", "yuki.sato@example.net"},
		{"Lucia", "Fernandez", "lucia.fernandez@example.com"},
		{"Dmitri", "Volkov", "dmitri.volkov@example.org"},
		{"Zara", "Ahmed", "zara.ahmed@example.com"},
		{"Henrik", "Johansson", "henrik.johansson@example.net"},
		{"Leila", "Karimi", "leila.karimi@example.com"},
		{"Mateo", "Silva", "mateo.silva@example.org"},
		{"Astrid", "Nilsson", "astrid.nilsson@example.com"},
		{"Benjamin", "Cohen", "ben.cohen@example.net"},
		{"Anika", "Gupta", "anika.gupta@example.com"},
		{"Felix", "Wagner", "felix.wagner@example.org"},
		{"Isabela", "Costa", "isabela.costa@example.com"},
		{"Tariq", "Hassan", "tariq.hassan@example.net"},
		{"Greta", "Hoffmann", "greta.hoffmann@example.com"},
		{"Kenji", "Watanabe", "kenji.watanabe@example.org"},
		{"Olga", "Kowalska", "olga.kowalska@example.com"},
		{"Marcus", "Reid", "marcus.reid@example.net"},
		{"Noemi", "Farkas", "noemi.farkas@example.com"},
	}
}

// company is a listed company users ask stock prices for.
type company struct{ Symbol, Name string }

// companies is a split pool of 40 tickers. Short symbols sit at training positions so that
// the held-out check never has to look for one- or two-letter words.
func companies() []company {
	return []company{
		{"AAPL", "Apple"},
		{"MSFT", "Microsoft"},
		{"GOOGL", "Alphabet"},
		{"AMZN", "Amazon"},
		{"NVDA", "Nvidia"},
		{"META", "Meta Platforms"},
		{"TSLA", "Tesla"},
		{"NFLX", "Netflix"},
		{"IBM", "IBM"},
		{"ORCL", "Oracle"},
		{"INTC", "Intel"},
		{"AMD", "AMD"},
		{"ADBE", "Adobe"},
		{"KO", "Coca-Cola"},
		{"CRM", "Salesforce"},
		{"DIS", "Disney"},
		{"V", "Visa"},
		{"PEP", "PepsiCo"},
		{"NKE", "Nike"},
		{"SBUX", "Starbucks"},
		{"WMT", "Walmart"},
		{"JPM", "JPMorgan Chase"},
		{"MA", "Mastercard"},
		{"BA", "Boeing"},
		{"UBER", "Uber"},
		{"HD", "Home Depot"},
		{"PYPL", "PayPal"},
		{"CSCO", "Cisco"},
		{"TM", "Toyota"},
		{"QCOM", "Qualcomm"},
		{"SONY", "Sony"},
		{"BABA", "Alibaba"},
		{"XOM", "ExxonMobil"},
		{"CVX", "Chevron"},
		{"SHOP", "Shopify"},
		{"PFE", "Pfizer"},
		{"JNJ", "Johnson & Johnson"},
		{"COST", "Costco"},
		{"GS", "Goldman Sachs"},
		{"SPOT", "Spotify"},
	}
}

// currency is an ISO code of the convert_currency enum with the words people use for it.
type currency struct{ Code, Name, Symbol string }

func currencies() []currency {
	return []currency{
		{"USD", "US dollars", "$"},
		{"EUR", "euros", "€"},
		{"GBP", "British pounds", "£"},
		{"JPY", "Japanese yen", "¥"},
		{"CHF", "Swiss francs", ""},
		{"CAD", "Canadian dollars", ""},
		{"AUD", "Australian dollars", ""},
		{"CNY", "Chinese yuan", ""},
		{"INR", "Indian rupees", "₹"},
		{"BRL", "Brazilian reais", ""},
		{"MXN", "Mexican pesos", ""},
		{"SEK", "Swedish kronor", ""},
	}
}

// unitInfo is a unit of the convert_units enum: its code, how people say it, its dimension
// and a typical magnitude for the values users convert.
type unitInfo struct {
	Code, Singular, Plural, Dimension string
	Low, High                         float64
}

func units() []unitInfo {
	return []unitInfo{
		{"km", "kilometer", "kilometers", "length", 1, 500},
		{"mi", "mile", "miles", "length", 1, 300},
		{"m", "meter", "meters", "length", 1, 2000},
		{"ft", "foot", "feet", "length", 1, 10000},
		{"cm", "centimeter", "centimeters", "length", 1, 300},
		{"in", "inch", "inches", "length", 1, 100},
		{"kg", "kilogram", "kilograms", "mass", 1, 150},
		{"lb", "pound", "pounds", "mass", 1, 300},
		{"g", "gram", "grams", "mass", 5, 1000},
		{"oz", "ounce", "ounces", "mass", 1, 64},
		{"l", "liter", "liters", "volume", 1, 100},
		{"gal", "gallon", "gallons", "volume", 1, 50},
		{"celsius", "degree Celsius", "degrees Celsius", "temperature", -20, 45},
		{"fahrenheit", "degree Fahrenheit", "degrees Fahrenheit", "temperature", 0, 110},
	}
}

// languages is the translate_text enum.
func languages() []string {
	return []string{"English", "Spanish", "French", "German", "Italian", "Portuguese", "Japanese", "Chinese", "Korean", "Arabic"}
}

// foreignText is a sentence in a language other than English, for translations into
// English; a split pool.
type foreignText struct{ Text, Language string }

func foreignTexts() []foreignText {
	return []foreignText{
		{"¿Dónde está la estación de tren más cercana?", "Spanish"},
		{"Je voudrais réserver une chambre pour deux nuits.", "French"},
		{"Wie spät ist es jetzt in Berlin?", "German"},
		{"Vorrei un caffè e un cornetto, per favore.", "Italian"},
		{"Obrigado pela ajuda de ontem.", "Portuguese"},
		{"La reunión se ha movido al jueves por la tarde.", "Spanish"},
		{"Nous arriverons avec une heure de retard.", "French"},
		{"Ich habe meinen Regenschirm im Zug vergessen.", "German"},
		{"Il museo chiude alle sei di sera.", "Italian"},
		{"Pode me enviar o relatório até sexta-feira?", "Portuguese"},
		{"Me encanta cocinar con ingredientes frescos.", "Spanish"},
		{"Le dîner est prêt, venez à table.", "French"},
		{"Das Wetter soll morgen besser werden.", "German"},
		{"Abbiamo prenotato un tavolo per quattro persone.", "Italian"},
		{"A biblioteca abre às nove da manhã.", "Portuguese"},
	}
}

// englishTexts is a split pool of sentences users want translated.
func englishTexts() []string {
	return []string{
		"Where is the nearest subway station?",
		"Thank you so much for your hospitality.",
		"Could you recommend a good local restaurant?",
		"The meeting has been moved to Thursday afternoon.",
		"I am allergic to peanuts.",
		"How much does this jacket cost?",
		"Please call me back when you get this message.",
		"We will arrive at the hotel around midnight.",
		"Happy birthday, I hope all your wishes come true.",
		"Is breakfast included in the price?",
		"My flight has been delayed by two hours.",
		"Can I pay with a credit card?",
		"The package should arrive by Friday.",
		"I would like a table by the window, please.",
		"Turn left at the second traffic light.",
		"Our office will be closed for the holidays.",
		"Do you have this shirt in a larger size?",
		"The concert starts at eight in the evening.",
		"I lost my wallet on the bus this morning.",
		"Congratulations on your new job!",
		"Please keep the receipt for your records.",
		"What time does the pharmacy open tomorrow?",
		"I need a doctor who speaks English.",
		"The train to the airport leaves every fifteen minutes.",
		"Let's meet in front of the cathedral at noon.",
		"Could you speak a little more slowly?",
		"The soup of the day is tomato and basil.",
		"Your order has been shipped.",
		"Check-out time is eleven o'clock.",
		"I really enjoyed our conversation yesterday.",
	}
}

// searchQueries is a split pool of web searches. None mentions a city so that the held-out
// city check cannot be tripped by a query.
func searchQueries() []string {
	return []string{
		"best budget laptops for students",
		"how to repot a snake plant",
		"symptoms of vitamin D deficiency",
		"easy vegetarian lasagna recipe",
		"latest Mars rover discoveries",
		"how to change a bike tire",
		"beginner marathon training plan",
		"history of the printing press",
		"tips for better sleep",
		"how do noise cancelling headphones work",
		"best board games for families",
		"how to make sourdough starter",
		"electric car battery lifespan",
		"what causes the northern lights",
		"how to learn touch typing",
		"renewable energy trends",
		"how to remove coffee stains",
		"best stretching exercises for back pain",
		"how to write a cover letter",
		"difference between baking soda and baking powder",
		"how to start a vegetable garden",
		"James Webb telescope latest images",
		"how to negotiate a salary",
		"healthy breakfast ideas",
		"how does compound interest work",
		"best practices for password security",
		"how to brew pour over coffee",
		"causes of inflation",
		"how to train a puppy to sit",
		"origami crane instructions",
		"how to reduce food waste",
		"benefits of intermittent fasting",
		"how to clean a cast iron pan",
		"upcoming solar eclipse dates",
		"how to improve public speaking",
		"best houseplants for low light",
		"how to fix a leaky faucet",
		"history of jazz music",
		"how to meditate for beginners",
		"how are rainbows formed",
	}
}

// eventTitles is a split pool of calendar event titles.
func eventTitles() []string {
	return []string{
		"Team standup",
		"Dentist appointment",
		"Quarterly planning",
		"Lunch with Sam",
		"Project kickoff",
		"Yoga class",
		"Parent-teacher conference",
		"Budget review",
		"Guitar lesson",
		"Book club",
		"Car service",
		"One-on-one with manager",
		"Design review",
		"Haircut",
		"Product demo",
		"Volunteer shift",
		"Sprint retrospective",
		"Vet appointment",
		"Client call",
		"Spanish lesson",
		"Board meeting",
		"Gym session",
		"Coffee chat",
		"Interview panel",
		"Piano recital",
		"Tax consultation",
		"Hackathon briefing",
		"Physiotherapy",
		"Wedding rehearsal",
		"Code review session",
	}
}

// reminderMessages is a split pool of things to be reminded of.
func reminderMessages() []string {
	return []string{
		"call mom",
		"pick up the dry cleaning",
		"take out the recycling",
		"renew my passport",
		"water the plants",
		"pay the electricity bill",
		"buy a birthday gift",
		"submit the expense report",
		"book a dentist appointment",
		"return the library books",
		"charge the camera batteries",
		"order more printer ink",
		"send the invoice",
		"pick up the kids from school",
		"refill my prescription",
		"back up my laptop",
		"cancel the gym trial",
		"check the tire pressure",
		"RSVP to the wedding",
		"feed the neighbor's cat",
		"defrost the chicken",
		"schedule the car inspection",
		"transfer rent money",
		"stretch and take a break",
		"bring the umbrella",
		"update the project tracker",
		"buy groceries",
		"prepare the slides",
		"walk the dog",
		"confirm the hotel booking",
	}
}

// emailTopic is a subject and body pair for send_email; a split pool.
type emailTopic struct{ Subject, Body string }

func emailTopics() []emailTopic {
	return []emailTopic{
		{"Project update", "The first milestone is done and the report is ready for review."},
		{"Running late", "I'm running about 15 minutes late, please start without me."},
		{"Dinner on Saturday", "Are you free for dinner on Saturday evening?"},
		{"Invoice attached", "Please find the invoice for last month's work attached."},
		{"Meeting notes", "Here are the notes from today's meeting, let me know if I missed anything."},
		{"Thank you", "Thanks again for your help with the move last weekend."},
		{"Vacation request", "I'd like to take the first week of next month off."},
		{"Lunch tomorrow", "Want to grab lunch tomorrow around noon?"},
		{"Draft contract", "I've reviewed the draft contract and added a few comments."},
		{"Welcome aboard", "Welcome to the team, we're excited to have you with us."},
		{"Quick question", "Do you have the login details for the shared drive?"},
		{"Schedule change", "The workshop has been moved to the afternoon."},
		{"Happy birthday", "Wishing you a wonderful birthday and a great year ahead!"},
		{"Book recommendation", "You should read the novel I mentioned, I think you'd love it."},
		{"Budget approval", "The budget for the new campaign has been approved."},
		{"Conference travel", "I've booked my flights for the conference and will share the details."},
		{"Apartment viewing", "Is the apartment still available for a viewing this week?"},
		{"Status check", "Could you send me a quick status update on the migration?"},
		{"Photos from the trip", "I finally uploaded the photos from our trip, enjoy!"},
		{"Reference letter", "Would you be willing to write me a reference letter?"},
		{"Team offsite", "Please fill in the survey about the team offsite by Friday."},
		{"Order confirmation", "Could you confirm that my order has been shipped?"},
		{"Weekend plans", "Are we still on for hiking this weekend?"},
		{"New prototype", "The new prototype is ready, come by the lab to try it."},
		{"Feedback request", "I'd appreciate your feedback on the proposal before Tuesday."},
	}
}

// restaurants is a split pool of restaurant names.
func restaurants() []string {
	return []string{
		"The Golden Fork",
		"Trattoria Bella",
		"Sakura Sushi House",
		"Le Petit Bistro",
		"The Olive Tree",
		"Blue Harbor Grill",
		"Casa Verde",
		"The Spice Route",
		"Maple & Thyme",
		"Copper Kettle",
		"Bamboo Garden",
		"The Hungry Fox",
		"Saffron Kitchen",
		"Luna Rossa",
		"The Rustic Table",
		"Ocean Pearl",
		"Green Leaf Cafe",
		"Smokehouse 54",
		"Little Lisboa",
		"The Lantern Room",
		"Taco Fiesta",
		"Nordic Hearth",
		"Pho Saigon Corner",
		"The Brass Onion",
		"Himalayan Kitchen",
		"Bistro Amélie",
		"The Wild Artichoke",
		"Seoul Food",
		"Cedar & Stone",
		"Midnight Noodle Bar",
	}
}

// newsTopics is a split pool of news topics.
func newsTopics() []string {
	return []string{
		"technology",
		"climate change",
		"football",
		"the stock market",
		"space exploration",
		"artificial intelligence",
		"elections",
		"healthcare",
		"electric vehicles",
		"tennis",
		"renewable energy",
		"cryptocurrency",
		"film festivals",
		"public transport",
		"housing prices",
		"cybersecurity",
		"basketball",
		"education",
		"startups",
		"wildlife conservation",
		"the economy",
		"video games",
		"agriculture",
		"fashion",
		"local politics",
	}
}

// newsCountry is a get_news_headlines country code with the names users give it.
type newsCountry struct{ Code, Name string }

func newsCountries() []newsCountry {
	return []newsCountry{
		{"us", "the US"}, {"gb", "the UK"}, {"fr", "France"}, {"de", "Germany"}, {"jp", "Japan"},
		{"in", "India"}, {"br", "Brazil"}, {"ca", "Canada"}, {"au", "Australia"}, {"es", "Spain"},
	}
}

// musicQueries is a split pool of things to play: genres, moods, composers' works and
// "songs by" an artist.
func musicQueries() []string {
	return []string{
		"relaxing jazz",
		"Beethoven symphonies",
		"90s hip hop",
		"lo-fi beats for studying",
		"songs by Fleetwood Mac",
		"classic rock",
		"bossa nova",
		"songs by Taylor Swift",
		"workout playlist",
		"songs by Miles Davis",
		"acoustic covers",
		"songs by the Beatles",
		"ambient rain sounds",
		"Bach cello suites",
		"80s synth pop",
		"reggae classics",
		"songs by Ella Fitzgerald",
		"indie folk",
		"songs by Daft Punk",
		"piano lullabies",
		"salsa music",
		"songs by Nina Simone",
		"epic movie soundtracks",
		"K-pop hits",
		"blues guitar",
		"Chopin nocturnes",
		"summer road trip songs",
		"Afrobeat",
		"songs by Radiohead",
		"bluegrass",
	}
}

// streets is a split pool of street names for addresses in directions requests.
func streets() []string {
	return []string{
		"Maple Avenue", "Oak Street", "Harbor Road", "Elm Drive", "Station Square",
		"Park Lane", "Hillcrest Road", "River Walk", "Church Street", "Market Street",
		"Willow Way", "King Street", "Garden Terrace", "Mill Lane", "Bridge Road",
		"Orchard Close", "Queen Street", "Lakeview Drive", "Chestnut Avenue", "High Street",
	}
}

// placeType is a find_nearby_places enum value with the words people use for it.
type placeType struct{ Code, Singular, Plural string }

func placeTypes() []placeType {
	return []placeType{
		{"restaurant", "restaurant", "restaurants"}, {"cafe", "cafe", "cafes"},
		{"pharmacy", "pharmacy", "pharmacies"}, {"hospital", "hospital", "hospitals"},
		{"gas_station", "gas station", "gas stations"}, {"supermarket", "supermarket", "supermarkets"},
		{"museum", "museum", "museums"}, {"park", "park", "parks"}, {"hotel", "hotel", "hotels"},
		{"atm", "ATM", "ATMs"},
	}
}
