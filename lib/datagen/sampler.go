package datagen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// pools are the value pools of one split, built once per Generate call.
type pools struct {
	cities       []city
	people       []person
	companies    []company
	englishTexts []string
	foreignTexts []foreignText
	queries      []string
	eventTitles  []string
	reminders    []string
	emailTopics  []emailTopic
	restaurants  []string
	newsTopics   []string
	music        []string
	streets      []string
}

func newPools(split string) *pools {
	return &pools{
		cities:       splitPool(cities(), split),
		people:       splitPool(people(), split),
		companies:    splitPool(companies(), split),
		englishTexts: splitPool(englishTexts(), split),
		foreignTexts: splitPool(foreignTexts(), split),
		queries:      splitPool(searchQueries(), split),
		eventTitles:  splitPool(eventTitles(), split),
		reminders:    splitPool(reminderMessages(), split),
		emailTopics:  splitPool(emailTopics(), split),
		restaurants:  splitPool(restaurants(), split),
		newsTopics:   splitPool(newsTopics(), split),
		music:        splitPool(musicQueries(), split),
		streets:      splitPool(streets(), split),
	}
}

// sampler draws the random choices of one example. Each example has its own generator,
// seeded from the config seed and the example index.
type sampler struct {
	rng   *rand.Rand
	split string
	pools *pools
	// today anchors relative dates ("tomorrow", "next Friday"); dated records whether the
	// example used one, so that a system message must tell the model what today is.
	today time.Time
	dated bool
}

func newSampler(seed uint64, index int, split string, p *pools) *sampler {
	stream := uint64(index) ^ 0x5851f42d4c957f2d
	if split == SplitHeldout {
		stream ^= 0xda942042e4dd58b5 // the held-out split does not mirror training's draws
	}
	rng := rand.New(rand.NewPCG(seed, stream))
	s := &sampler{rng: rng, split: split, pools: p}
	// Today is a day from 2026-01-01 to 2027-10-31, so that dates up to two months ahead stay
	// within 2026-2027.
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.today = first.AddDate(0, 0, s.intn(669))
	return s
}

func (s *sampler) intn(n int) int { return s.rng.IntN(n) }

// between draws an integer in [lo, hi].
func (s *sampler) between(lo, hi int) int { return lo + s.rng.IntN(hi-lo+1) }

// chance is true with probability p.
func (s *sampler) chance(p float64) bool { return s.rng.Float64() < p }

// pick returns a random element of list.
func pick[T any](s *sampler, list []T) T { return list[s.rng.IntN(len(list))] }

// pickDistinct returns n distinct random elements of list, in random order.
func pickDistinct[T any](s *sampler, list []T, n int) []T {
	idx := s.rng.Perm(len(list))[:n]
	out := make([]T, n)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// template picks a phrasing of the sampler's split.
func (s *sampler) template(ts templateSet) string { return pick(s, ts.forSplit(s.split)) }

// dateSlots is a date and two ways to say it: with its preposition ("on March 3rd",
// "tomorrow") and bare ("March 3rd", "tomorrow").
type dateSlots struct {
	iso, on, bare string
}

// date draws a day from today to two months ahead and a way of saying it: ISO, a full
// date with the year, or a relative phrase that needs today's date (then s.dated is set).
func (s *sampler) date() dateSlots {
	style := s.intn(8)
	switch style {
	case 0: // tomorrow / today
		if s.chance(0.8) {
			return s.relativeDate(1, "tomorrow", "tomorrow")
		}
		return s.relativeDate(0, "today", "today")
	case 1: // a weekday of the coming week (not today's weekday, which would be ambiguous)
		n := s.between(2, 6)
		wd := s.today.AddDate(0, 0, n).Weekday().String()
		if s.chance(0.5) {
			return s.relativeDate(n, "on "+wd, wd)
		}
		return s.relativeDate(n, "this "+wd, "this "+wd)
	case 2: // in N days
		n := s.between(2, 10)
		return s.relativeDate(n, fmt.Sprintf("in %d days", n), fmt.Sprintf("%d days from now", n))
	case 3: // month and day without a year
		n := s.between(3, 60)
		d := s.today.AddDate(0, 0, n)
		md := s.monthDay(d)
		return s.relativeDate(n, "on "+md, md)
	}
	d := s.today.AddDate(0, 0, s.between(1, 60))
	var text string
	switch style {
	case 4, 5:
		text = d.Format("2006-01-02")
	case 6:
		text = fmt.Sprintf("%s %s, %d", d.Month(), ordinal(d.Day()), d.Year())
	default:
		text = fmt.Sprintf("%d %s %d", d.Day(), d.Month(), d.Year())
	}
	return dateSlots{iso: d.Format("2006-01-02"), on: "on " + text, bare: text}
}

func (s *sampler) relativeDate(days int, on, bare string) dateSlots {
	s.dated = true
	return dateSlots{iso: s.today.AddDate(0, 0, days).Format("2006-01-02"), on: on, bare: bare}
}

// monthDay says a day as "March 3rd" or "the 3rd of March".
func (s *sampler) monthDay(d time.Time) string {
	if s.chance(0.7) {
		return fmt.Sprintf("%s %s", d.Month(), ordinal(d.Day()))
	}
	return fmt.Sprintf("the %s of %s", ordinal(d.Day()), d.Month())
}

// todayMessage is the system message that anchors relative dates.
func (s *sampler) todayMessage() string {
	return fmt.Sprintf("Today is %s, %s.", s.today.Weekday(), s.today.Format("2006-01-02"))
}

func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// clockSlots is a time of day as HH:MM and as people say it ("7:30 pm", "19:30", "noon").
type clockSlots struct {
	hhmm, at, bare string
}

// clock draws a time between 7:00 and 21:45 on a quarter hour.
func (s *sampler) clock() clockSlots {
	h, m := s.between(7, 21), 15*s.intn(4)
	hhmm := fmt.Sprintf("%02d:%02d", h, m)
	var text string
	switch {
	case h == 12 && m == 0 && s.chance(0.7):
		text = "noon"
	case s.chance(0.3):
		text = hhmm
	default:
		text = twelveHour(h, m, s.chance(0.5))
	}
	return clockSlots{hhmm: hhmm, at: "at " + text, bare: text}
}

// twelveHour says 19:30 as "7:30 pm" (or "7:30pm" when tight) and 19:00 as "7 pm".
func twelveHour(h, m int, tight bool) string {
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	num := strconv.Itoa(h12)
	if m != 0 {
		num += fmt.Sprintf(":%02d", m)
	}
	if tight {
		return num + suffix
	}
	return num + " " + suffix
}

// spelled says small counts in words half of the time ("three"), else in digits.
func (s *sampler) spelled(n int) string {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if n < len(words) && s.chance(0.5) {
		return words[n]
	}
	return strconv.Itoa(n)
}

// formatNumber writes a number the shortest way, with thousands separators when asked.
func formatNumber(v float64, grouped bool) string {
	text := strconv.FormatFloat(v, 'f', -1, 64)
	if !grouped {
		return text
	}
	intPart, frac, hasFrac := strings.Cut(text, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if hasFrac {
		out += "." + frac
	}
	return out
}

// amount draws a sum of money: round sums most of the time, sometimes with cents.
func (s *sampler) amount() float64 {
	switch s.intn(4) {
	case 0:
		return float64(s.between(1, 99)*10 + 5*s.intn(2))
	case 1:
		return float64(s.between(1, 50) * 100)
	case 2:
		return float64(s.between(100, 99999)) / 100
	}
	return float64(s.between(5, 2500))
}
