package datagen

import (
	"fmt"
	"strings"
)

// Generators of the planning tools: calendar, email, reminders, restaurant bookings.

// duration says a number of minutes: "for 45 minutes", "for an hour", "for 2 hours".
func (s *sampler) duration() (int, string) {
	switch m := pick(s, []int{15, 30, 45, 60, 90, 120, 180}); m {
	case 60:
		return m, pick(s, []string{" for an hour", " for 60 minutes", " for one hour"})
	case 90:
		return m, pick(s, []string{" for an hour and a half", " for 90 minutes"})
	case 120, 180:
		return m, fmt.Sprintf(" for %s hours", s.spelled(m/60))
	default:
		return m, fmt.Sprintf(" for %d minutes", m)
	}
}

// emails draws n distinct contacts' addresses.
func (s *sampler) emails(n int) []string {
	var out []string
	for _, p := range pickDistinct(s, s.pools.people, n) {
		out = append(out, p.Email)
	}
	return out
}

func anyList(items []string) []any {
	out := make([]any, len(items))
	for i, v := range items {
		out[i] = v
	}
	return out
}

// recurrenceClause draws how an event repeats and says it.
func (s *sampler) recurrenceClause() (map[string]any, string) {
	freq := pick(s, []string{"daily", "weekly", "monthly"})
	adverb := map[string]string{"daily": "every day", "weekly": "every week", "monthly": "every month"}[freq]
	period := map[string]string{"daily": "days", "weekly": "weeks", "monthly": "months"}[freq]
	if s.chance(0.4) {
		return map[string]any{"frequency": freq}, pick(s, []string{", repeating " + freq, ", " + adverb})
	}
	count := s.between(2, 12)
	return map[string]any{"frequency": freq, "count": count},
		pick(s, []string{fmt.Sprintf(", repeating %s for %d %s", freq, count, period), fmt.Sprintf(", %s, %d times", adverb, count)})
}

func createEventGen() toolGen {
	tail := "{date}{time}{duration_minutes}{attendees}{recurrence}"
	return toolGen{
		name:   "create_calendar_event",
		action: "create calendar events",
		templates: templateSet{
			train: []string{
				"Add {title} to my calendar " + tail + ".",
				"Create a calendar event called \"{title}\" " + tail + ".",
				"Schedule {title} " + tail + ".",
				"Put {title} on my calendar " + tail + ".",
				"Can you add {title} to my calendar " + tail + "?",
				"Please set up an event named {title} " + tail + ".",
				"I need a calendar entry for {title} " + tail + ".",
				"New event: {title}, {date:bare}{time}{duration_minutes}{attendees}{recurrence}",
				"Block out time for {title} " + tail + ".",
				"Could you schedule \"{title}\" " + tail + "?",
				"Make a calendar event for {title} " + tail + ".",
				"Add an event to my calendar: {title} " + tail + ".",
			},
			heldout: []string{
				"Pencil in {title} " + tail + ".",
				"Get {title} onto my schedule " + tail + ".",
				"Reserve a slot in my calendar for {title} " + tail + ".",
				"I'd like {title} in my diary " + tail + ".",
			},
		},
		clarify: templateSet{
			train: []string{
				"Add {title} to my calendar{time}.",
				"Schedule {title}{duration_minutes} for me.",
				"Can you put something on my calendar {date}?",
			},
			heldout: []string{"Get {title} onto my schedule, please."},
		},
		asks: map[string]string{"title": "what the event is called", "date": "which day it's on"},
		sample: func(s *sampler) request {
			r := newRequest()
			title := pick(s, s.pools.eventTitles)
			r.set("title", title, title)
			r.setDate("date", s.date())
			if s.chance(0.7) {
				r.setClock("time", s.clock())
				r.slots["time"] = " " + r.slots["time"]
				if s.chance(0.4) {
					m, text := s.duration()
					r.set("duration_minutes", m, text)
				}
			}
			if s.chance(0.25) {
				list := s.emails(s.between(1, 3))
				r.set("attendees", anyList(list), pick(s, []string{" with ", " and invite "})+joinList(list))
			}
			if s.chance(0.15) {
				rec, text := s.recurrenceClause()
				r.set("recurrence", rec, text)
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			var b strings.Builder
			fmt.Fprintf(&b, "Done! %q is on your calendar on %s", res.str("title"), res.str("date"))
			if res.has("time") {
				fmt.Fprintf(&b, " from %s to %s", res.str("time"), res.str("end_time"))
			} else {
				b.WriteString(" as an all-day event")
			}
			b.WriteString(".")
			if res.has("attendees") {
				fmt.Fprintf(&b, " Invitations went to %s.", joinList(res.strList("attendees")))
			}
			if res.has("recurrence") {
				rec := res.obj("recurrence")
				fmt.Fprintf(&b, " It repeats %s; the next dates are %s.", rec.str("frequency"), joinList(rec.strList("next_occurrences")))
			}
			return b.String()
		},
	}
}

// eventLines describes the events of a list_calendar_events result, one per line.
func eventLines(res result) []string {
	var lines []string
	for _, e := range res.list("events") {
		lines = append(lines, fmt.Sprintf("- %s: %s (%s minutes, %s)", e.str("time"), e.str("title"), e.numText("duration_minutes"), e.str("location")))
	}
	return lines
}

func listEventsGen() toolGen {
	return toolGen{
		name:   "list_calendar_events",
		action: "check your calendar",
		templates: templateSet{
			train: []string{
				"What's on my calendar {date}?",
				"Do I have any meetings {date}?",
				"Show me my schedule for {date:bare}.",
				"List my events {date}.",
				"What does my day look like {date}?",
				"Am I free {date}?",
				"Check my calendar for {date:bare}.",
				"What appointments do I have {date}?",
				"Can you pull up my agenda for {date:bare}?",
				"Anything scheduled {date}?",
				"Tell me what I've got going on {date}.",
				"calendar for {date:bare}",
			},
			heldout: []string{
				"Read me my agenda {date}.",
				"How busy am I {date}?",
				"Run through my plans for {date:bare}.",
				"Which events are booked {date}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"What's on my calendar?",
				"Do I have any meetings coming up?",
				"Check my schedule please.",
			},
			heldout: []string{"Read me my agenda."},
		},
		asks: map[string]string{"date": "which day you'd like me to check"},
		sample: func(s *sampler) request {
			r := newRequest()
			r.setDate("date", s.date())
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			lines := eventLines(res)
			if len(lines) == 0 {
				return fmt.Sprintf("Your calendar is clear on %s: no events scheduled.", res.str("date"))
			}
			return fmt.Sprintf("You have %s event(s) on %s:\n%s", res.numText("count"), res.str("date"), strings.Join(lines, "\n"))
		},
	}
}

// recipient says who an email goes to: the address, or a name with the address.
func (s *sampler) recipient(r request) person {
	p := pick(s, s.pools.people)
	text := p.Email
	if s.chance(0.4) {
		text = p.First + " at " + p.Email
	}
	r.set("to", p.Email, text)
	return p
}

func sendEmailGen() toolGen {
	return toolGen{
		name:   "send_email",
		action: "send emails",
		templates: templateSet{
			train: []string{
				"Send an email to {to}{cc} with the subject \"{subject}\" saying: {body}",
				"Email {to}{cc}. Subject: {subject}. Body: {body}",
				"Please write to {to}{cc} with subject \"{subject}\": {body}",
				"Can you email {to}{cc}? The subject is \"{subject}\" and the message is \"{body}\"",
				"Shoot an email to {to}{cc} titled \"{subject}\" that says \"{body}\"",
				"Send {to} a message{cc}, subject \"{subject}\", body \"{body}\"",
				"I need to email {to}{cc}. Use the subject line \"{subject}\" and write: {body}",
				"Compose an email to {to}{cc} with the subject {subject} and this text: {body}",
				"Drop {to} an email{cc} about \"{subject}\" saying \"{body}\"",
				"Let {to} know by email{cc} (subject \"{subject}\"): {body}",
				"Mail {to}{cc} with subject \"{subject}\" and body \"{body}\"",
				"Write an email to {to}{cc}. Subject \"{subject}\". Message: {body}",
			},
			heldout: []string{
				"Fire off a note to {to}{cc} - subject \"{subject}\", text \"{body}\"",
				"Could you get an email out to {to}{cc}? Subject line: {subject}. Content: {body}",
				"Message {to} over email{cc}; call it \"{subject}\" and say \"{body}\"",
				"Please notify {to} by mail{cc} under the subject \"{subject}\": {body}",
			},
		},
		clarify: templateSet{
			train: []string{
				"Send an email with the subject \"{subject}\" saying \"{body}\"",
				"Email {to} about \"{subject}\".",
				"Send an email to {to}.",
			},
			heldout: []string{"Fire off a note to {to}, would you?"},
		},
		asks: map[string]string{"to": "the recipient's email address", "subject": "the subject line", "body": "what the message should say"},
		sample: func(s *sampler) request {
			r := newRequest()
			s.recipient(r)
			t := pick(s, s.pools.emailTopics)
			r.set("subject", t.Subject, t.Subject)
			r.set("body", t.Body, t.Body)
			if s.chance(0.25) {
				var cc []string
				for _, e := range s.emails(s.between(1, 2)) {
					if e != r.args["to"] {
						cc = append(cc, e)
					}
				}
				if len(cc) > 0 {
					r.set("cc", anyList(cc), pick(s, []string{", cc'ing ", " and copy ", " (cc "})+joinList(cc))
					if strings.HasPrefix(r.slots["cc"], " (") {
						r.slots["cc"] += ")"
					}
				}
			}
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			cc := ""
			if res.has("cc") {
				cc = fmt.Sprintf(", with %s in copy", joinList(res.strList("cc")))
			}
			return fmt.Sprintf("Your email %q has been sent to %s%s.", res.str("subject"), res.str("to"), cc)
		},
	}
}

func reminderGen() toolGen {
	return toolGen{
		name:   "set_reminder",
		action: "set reminders",
		templates: templateSet{
			train: []string{
				"Remind me to {message} {date} {time}.",
				"Set a reminder to {message} {date} {time}.",
				"Can you remind me {date} {time} to {message}?",
				"I need a reminder {date} {time}: {message}.",
				"Don't let me forget to {message} {date} {time}.",
				"Please set a reminder for {date:bare} {time} to {message}.",
				"Create a reminder: {message}, {date:bare} {time}.",
				"Ping me {date} {time} to {message}.",
				"Remind me {date} {time} that I need to {message}.",
				"Set an alert {date} {time} to {message}.",
				"Make sure I remember to {message} {date} {time}.",
				"reminder {date:bare} {time}: {message}",
			},
			heldout: []string{
				"Nudge me {date} {time} so I {message}.",
				"Could you schedule a reminder to {message} for {date:bare} {time}?",
				"I keep forgetting to {message}. Alert me {date} {time}.",
				"Give me a heads-up {date} {time} to {message}.",
			},
		},
		clarify: templateSet{
			train: []string{
				"Remind me to {message} {date}.",
				"Remind me to {message}.",
				"Set a reminder for {date:bare} {time}.",
			},
			heldout: []string{"Give me a heads-up to {message}."},
		},
		asks: map[string]string{"message": "what I should remind you about", "date": "which day", "time": "what time"},
		sample: func(s *sampler) request {
			r := newRequest()
			m := pick(s, s.pools.reminders)
			r.set("message", m, m)
			r.setDate("date", s.date())
			r.setClock("time", s.clock())
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			return pick(s, []string{
				fmt.Sprintf("Reminder set: I'll remind you to %s on %s at %s.", res.str("message"), res.str("date"), res.str("time")),
				fmt.Sprintf("All set. You'll get a reminder to %s at %s on %s.", res.str("message"), res.str("time"), res.str("date")),
			})
		},
	}
}

// partySize draws the number of guests and says it: " for 4 people", " for two".
func (s *sampler) partySize() (int, string) {
	n := s.between(1, 8)
	if n == 1 {
		return n, pick(s, []string{" for one", " for one person", " just for me"})
	}
	return n, pick(s, []string{
		fmt.Sprintf(" for %s people", s.spelled(n)),
		fmt.Sprintf(" for %s", s.spelled(n)),
		fmt.Sprintf(" for a party of %d", n),
	})
}

func restaurantGen() toolGen {
	return toolGen{
		name:   "book_restaurant",
		action: "book restaurant tables",
		templates: templateSet{
			train: []string{
				"Book a table at {restaurant_name} {date} {time}{party_size}.",
				"Reserve a table{party_size} at {restaurant_name} {date} {time}.",
				"Can you make a reservation at {restaurant_name}{party_size} {date} {time}?",
				"I'd like to book {restaurant_name}{party_size}, {date:bare} {time}.",
				"Get us a table at {restaurant_name} {date} {time}{party_size}.",
				"Please reserve {restaurant_name} {date} {time}{party_size}.",
				"We want to eat at {restaurant_name} {date} {time}. Book it{party_size}.",
				"Make a dinner reservation at {restaurant_name}{party_size} {date} {time}.",
				"Could you book {restaurant_name} for me {date} {time}{party_size}?",
				"Table{party_size} at {restaurant_name}, {date:bare} {time}, please.",
				"Set up a reservation{party_size} at {restaurant_name} {date} {time}.",
				"I need a table at {restaurant_name} {date} {time}{party_size}.",
			},
			heldout: []string{
				"Snag us a spot at {restaurant_name}{party_size} {date} {time}.",
				"Hold a table at {restaurant_name} {date} {time}{party_size}.",
				"Arrange a booking at {restaurant_name}{party_size}, {date:bare} {time}.",
				"Could we get seated at {restaurant_name} {date} {time}{party_size}?",
			},
		},
		clarify: templateSet{
			train: []string{
				"Book a table for me.",
				"Reserve a table at {restaurant_name}.",
				"Book {restaurant_name}{party_size} {date}.",
				"Can you get me a table at {restaurant_name} {time}?",
			},
			heldout: []string{"Hold a table at {restaurant_name}{party_size}."},
		},
		asks: map[string]string{"restaurant_name": "which restaurant", "date": "which day", "time": "what time", "party_size": "how many people"},
		sample: func(s *sampler) request {
			r := newRequest()
			name := pick(s, s.pools.restaurants)
			r.set("restaurant_name", name, name)
			r.setDate("date", s.date())
			r.setClock("time", s.clock())
			n, text := s.partySize()
			r.set("party_size", n, text)
			return r
		},
		answer: func(s *sampler, args map[string]any, res result) string {
			return fmt.Sprintf("Your table at %s is confirmed for %s on %s at %s. Confirmation number: %s (table %s).",
				res.str("restaurant_name"), guests(res.num("party_size")), res.str("date"), res.str("time"), res.str("confirmation_number"), res.str("table"))
		},
	}
}

func guests(n float64) string {
	if n == 1 {
		return "1 person"
	}
	return formatNumber(n, false) + " people"
}
