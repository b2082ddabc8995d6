package tools

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// maxListedOccurrences bounds the dates create_calendar_event lists for a recurring event.
const maxListedOccurrences = 5

func runCreateEvent(a args) (map[string]any, error) {
	day, err := parseDate("date", a.str("date", ""))
	if err != nil {
		return nil, err
	}
	r := argsRand("create_calendar_event", a)
	out := map[string]any{
		"event_id": "evt_" + code(r, hexDigits, 10),
		"status":   "created",
		"title":    a.str("title", ""),
		"date":     a.str("date", ""),
	}
	if start, ok := a["time"].(string); ok {
		duration := a.integer("duration_minutes", 60)
		endDate, endTime := clockAfter(day, parseClock(start), duration)
		out["time"], out["duration_minutes"], out["end_time"] = start, float64(duration), endTime
		if endDate != out["date"] {
			out["end_date"] = endDate
		}
	} else {
		out["all_day"] = true
	}
	if attendees := a.stringList("attendees"); attendees != nil {
		out["attendees"] = attendees
		out["invitations_sent"] = float64(len(attendees))
	}
	if rec, ok := a["recurrence"].(map[string]any); ok {
		out["recurrence"] = recurrence(day, args(rec))
	}
	return out, nil
}

// recurrence describes a repeating event and lists its first occurrences.
func recurrence(first time.Time, rec args) map[string]any {
	freq := rec.str("frequency", "weekly")
	out := map[string]any{"frequency": freq}
	n := maxListedOccurrences
	if _, ok := rec["count"]; ok {
		count := rec.integer("count", 1)
		out["count"] = float64(count)
		n = min(n, count)
	}
	dates := make([]any, n)
	for i := range n {
		var d time.Time
		switch freq {
		case "daily":
			d = first.AddDate(0, 0, i)
		case "weekly":
			d = first.AddDate(0, 0, 7*i)
		default:
			d = addMonths(first, i)
		}
		dates[i] = d.Format(dateLayout)
	}
	out["next_occurrences"] = dates
	return out
}

func meetingTitles() []string {
	return []string{"Team standup", "Project review with %s", "Lunch with %s", "Dentist appointment", "1:1 with %s", "Quarterly planning", "Yoga class", "Client call with %s", "Budget meeting", "Coffee with %s"}
}

func meetingPlaces() []string {
	return []string{"Room 3B", "Video call", "Main office", "Cafe Central", "Conference room A", "Downtown clinic"}
}

// email makes a plausible address for a first name.
func email(r *rand.Rand, first string) string {
	return strings.ToLower(first) + "." + strings.ToLower(asciiFold(pick(r, surnames()))) + "@example.com"
}

// asciiFold drops the diacritics the built-in name lists use, for email addresses.
func asciiFold(s string) string { return strings.NewReplacer("ü", "u", "é", "e").Replace(s) }

func runListEvents(a args) (map[string]any, error) {
	date := a.str("date", "")
	if _, err := parseDate("date", date); err != nil {
		return nil, err
	}
	r := seededRand("calendar", date)
	n := intIn(r, 0, 4)
	// Distinct half-hour start slots between 08:00 and 17:30, in order.
	slots := r.Perm(20)[:n]
	sort.Ints(slots)
	events := make([]any, n)
	for i, slot := range slots {
		person := pick(r, personNames())
		title := pick(r, meetingTitles())
		if strings.Contains(title, "%s") {
			title = fmt.Sprintf(title, person)
		}
		attendees := []any{}
		for range intIn(r, 0, 3) {
			attendees = append(attendees, email(r, pick(r, personNames())))
		}
		events[i] = map[string]any{
			"event_id":         "evt_" + code(r, hexDigits, 10),
			"title":            title,
			"time":             formatClock(8*60 + 30*slot),
			"duration_minutes": float64(15 * intIn(r, 1, 6)),
			"location":         pick(r, meetingPlaces()),
			"attendees":        attendees,
		}
	}
	return map[string]any{"date": date, "events": events, "count": float64(n)}, nil
}

func runSendEmail(a args) (map[string]any, error) {
	r := argsRand("send_email", a)
	out := map[string]any{
		"status":     "sent",
		"message_id": "<" + code(r, hexDigits, 16) + "@mail.example.com>",
		"to":         a.str("to", ""),
		"subject":    a.str("subject", ""),
	}
	if cc := a.stringList("cc"); cc != nil {
		out["cc"] = cc
	}
	return out, nil
}

func runSetReminder(a args) (map[string]any, error) {
	if _, err := parseDate("date", a.str("date", "")); err != nil {
		return nil, err
	}
	r := argsRand("set_reminder", a)
	return map[string]any{
		"reminder_id": "rem_" + code(r, hexDigits, 10),
		"status":      "scheduled",
		"message":     a.str("message", ""),
		"date":        a.str("date", ""),
		"time":        a.str("time", ""),
	}, nil
}

func runBookRestaurant(a args) (map[string]any, error) {
	if _, err := parseDate("date", a.str("date", "")); err != nil {
		return nil, err
	}
	r := argsRand("book_restaurant", a)
	return map[string]any{
		"status":              "confirmed",
		"confirmation_number": code(r, upperAlnum, 8),
		"restaurant_name":     a.str("restaurant_name", ""),
		"date":                a.str("date", ""),
		"time":                a.str("time", ""),
		"party_size":          float64(a.integer("party_size", 1)),
		"table":               fmt.Sprintf("%s%d", code(r, upperLetters[:6], 1), intIn(r, 1, 30)),
	}, nil
}
