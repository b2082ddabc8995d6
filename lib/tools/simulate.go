package tools

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
)

// args gives typed access to a call's arguments after validation, with defaults for optional
// parameters that are absent.
type args map[string]any

func (a args) str(name, def string) string {
	if s, ok := a[name].(string); ok {
		return s
	}
	return def
}

func (a args) num(name string, def float64) float64 {
	if f, ok := AsFloat(a[name]); ok {
		return f
	}
	return def
}

func (a args) integer(name string, def int) int { return int(a.num(name, float64(def))) }

func (a args) boolean(name string, def bool) bool {
	if b, ok := a[name].(bool); ok {
		return b
	}
	return def
}

// stringList returns an array argument of strings as a JSON array (nil when absent).
func (a args) stringList(name string) []any {
	list, _ := a[name].([]any)
	if list == nil {
		return nil
	}
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// seededRand returns a generator determined by the given strings alone: simulated results
// depend on what was asked, never on the clock or on global state. Different parts of a result
// use different labels as the first part, so that unrelated draws do not move together.
func seededRand(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	seed := h.Sum64()
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// argsRand seeds a generator from a call's full arguments, for results such as confirmation
// numbers that should change whenever anything in the call changes.
func argsRand(tool string, a args) *rand.Rand {
	return seededRand(tool, CanonicalJSON(map[string]any(a)))
}

// normalize folds case and runs of spaces, so "Paris,  France" and "paris, france" are the same
// place to the simulation.
func normalize(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func pick(r *rand.Rand, options []string) string { return options[r.IntN(len(options))] }

// uniform draws a float in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// intIn draws an integer in [lo, hi].
func intIn(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// code returns n random characters from alphabet, for ids and confirmation numbers.
func code(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	hexDigits    = "0123456789abcdef"
	upperAlnum   = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I: read aloud safely
	upperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// titleCase capitalizes the first letter of each word.
func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// slug turns text into a URL path segment.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// city returns the first comma-separated part of a location ("Paris" of "Paris, France").
func city(location string) string {
	c, _, _ := strings.Cut(location, ",")
	return strings.TrimSpace(c)
}

const dateLayout = "2006-01-02"

func parseDate(path, s string) (time.Time, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, ArgError{Path: path, Msg: fmt.Sprintf("%q is not a valid date (YYYY-MM-DD)", s)}
	}
	return t, nil
}

// parseClock converts "HH:MM" (already validated) to minutes after midnight.
func parseClock(s string) int {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0
	}
	return t.Hour()*60 + t.Minute()
}

// clockAfter adds minutes to a start day and time, returning the new date and "HH:MM".
func clockAfter(day time.Time, startMinutes, minutes int) (string, string) {
	t := day.Add(time.Duration(startMinutes+minutes) * time.Minute)
	return t.Format(dateLayout), t.Format("15:04")
}

func formatClock(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60%24, minutes%60) }

// addMonths moves a date by n months, clamping to the month's last day (Jan 31 + 1 = Feb 28),
// as calendars do for monthly events, instead of time.AddDate's overflow into March.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(t.Day(), last), 0, 0, 0, 0, time.UTC)
}

func personNames() []string {
	return []string{"Alice", "Bruno", "Chen", "Dana", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Priya", "Lucas", "Maya", "Noah", "Olga", "Sofia"}
}

func surnames() []string {
	return []string{"Garcia", "Rossi", "Müller", "Tanaka", "Dubois", "Silva", "Novak", "Kim", "Patel", "Okafor", "Larsen", "Moreau", "Costa", "Weber"}
}

func streetNames() []string {
	return []string{"Main Street", "Oak Avenue", "River Road", "Station Street", "Park Lane", "Market Square", "Hill Road", "Church Street", "Harbor Boulevard", "Elm Street", "King Street", "Garden Way"}
}
