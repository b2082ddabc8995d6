package datagen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// builder assembles one conversation: its messages, the tools it needs offered, and the
// tool domain that must not be offered (for requests no offered tool can serve).
type builder struct {
	g        *generator
	s        *sampler
	messages []dataset.Message
	needed   []string
	// excludeDomain keeps every tool of a domain out of the tool list.
	excludeDomain string
	// offer is the tool list once fixed (see toolList).
	offer []tools.Tool
}

// phrase renders a request with a template of ts, drops the optional arguments the phrasing
// does not mention, and fails if it leaves out a required one.
func (b *builder) phrase(tg *toolGen, req request, ts templateSet) (rendered, error) {
	e, err := b.g.entry(tg.name)
	if err != nil {
		return rendered{}, err
	}
	r, err := render(b.s.template(ts), req.slots, absentIn(req.args))
	if err != nil {
		return r, err
	}
	for _, p := range sortedKeys(req.args) {
		if r.params[p] {
			continue
		}
		if e.Tool.IsRequired(p) {
			return r, fmt.Errorf("%s phrasing has no slot for required parameter %q", tg.name, p)
		}
		delete(req.args, p)
	}
	return r, nil
}

// absentIn reports the parameters a request leaves out, whose slots render empty.
func absentIn(args map[string]any) func(string) bool {
	return func(p string) bool { _, ok := args[p]; return !ok }
}

// user appends a user turn, with typing noise at the configured rate.
func (b *builder) user(r rendered) {
	if b.s.chance(b.g.cfg.Noise) {
		r = applyNoise(r, b.s.intn)
	}
	b.messages = append(b.messages, dataset.Message{Role: dataset.RoleUser, Content: r.String()})
}

// outcome is what one executed call gave: a result, or the error the tool reported.
type outcome struct {
	call dataset.ToolCall
	res  result
	err  error
}

// call appends an assistant turn with the given calls and a tool turn per call, validating
// every call against its schema first. Tool failures are returned per call, not as err.
func (b *builder) call(content string, calls ...dataset.ToolCall) ([]outcome, error) {
	for _, c := range calls {
		e, err := b.g.entry(c.Name)
		if err != nil {
			return nil, err
		}
		if problems := e.Tool.ValidateArgs(c.Parameters); len(problems) > 0 {
			return nil, fmt.Errorf("generated call %s %s does not match its schema: %v", c.Name, tools.CanonicalJSON(c.Parameters), problems)
		}
		b.need(c.Name)
	}
	b.messages = append(b.messages, dataset.Message{Role: dataset.RoleAssistant, Content: content, ToolCalls: calls})
	out := make([]outcome, len(calls))
	for i, c := range calls {
		e, _ := b.g.entry(c.Name)
		res, err := e.Execute(c.Parameters)
		content := tools.CanonicalJSON(res)
		if err != nil {
			content = tools.CanonicalJSON(map[string]any{"error": err.Error()})
		} else if msg, ok := res["error"]; ok {
			err = fmt.Errorf("%v", msg)
		}
		b.messages = append(b.messages, dataset.Message{Role: dataset.RoleTool, Name: c.Name, Content: content})
		out[i] = outcome{call: c, res: newResult(c.Name, res), err: err}
	}
	return out, nil
}

// callOK is call for calls that must succeed.
func (b *builder) callOK(content string, calls ...dataset.ToolCall) ([]outcome, error) {
	out, err := b.call(content, calls...)
	if err != nil {
		return nil, err
	}
	for _, o := range out {
		if o.err != nil {
			return nil, fmt.Errorf("executor of %s failed on a valid call %s: %w", o.call.Name, tools.CanonicalJSON(o.call.Parameters), o.err)
		}
	}
	return out, nil
}

// answer reads an outcome back with its tool's answer function.
func (b *builder) answer(o outcome) (string, error) {
	text := b.g.byName[o.call.Name].answer(b.s, o.call.Parameters, o.res)
	return text, *o.res.err
}

// assistant appends a final assistant turn.
func (b *builder) assistant(content string) {
	b.messages = append(b.messages, dataset.Message{Role: dataset.RoleAssistant, Content: content})
}

func (b *builder) need(tool string) {
	for _, t := range b.needed {
		if t == tool {
			return
		}
	}
	b.needed = append(b.needed, tool)
}

// finish assembles the example: a system message with today's date when the conversation
// used a relative date, the messages, and the offered tools in random order.
func (b *builder) finish(scenario string) dataset.Example {
	msgs := b.messages
	if b.s.dated {
		msgs = append([]dataset.Message{{Role: dataset.RoleSystem, Content: b.s.todayMessage()}}, msgs...)
	}
	return dataset.Example{Messages: msgs, Tools: b.toolList(), Scenario: scenario}
}

// offered picks the tool list: the needed tools plus random distractors, shuffled.
func (b *builder) offered() []tools.Tool {
	size := b.g.cfg.ToolsPerExample
	if size == 0 {
		size = b.s.between(minToolsOffered, maxToolsOffered)
	}
	var list, others []tools.Tool
	for _, name := range b.needed {
		e, _ := b.g.cfg.Registry.Get(name)
		list = append(list, e.Tool)
	}
	for _, e := range b.g.cfg.Registry.Entries() {
		if !b.isNeeded(e.Tool.Name) && (b.excludeDomain == "" || e.Domain != b.excludeDomain) {
			others = append(others, e.Tool)
		}
	}
	if extra := min(size-len(list), len(others)); extra > 0 {
		list = append(list, pickDistinct(b.s, others, extra)...)
	}
	b.s.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	return list
}

func (b *builder) isNeeded(tool string) bool {
	for _, t := range b.needed {
		if t == tool {
			return true
		}
	}
	return false
}

// single: one request, one call, one answer.
func (b *builder) single() error {
	tg := &b.g.gens[b.s.intn(len(b.g.gens))]
	req := tg.sample(b.s)
	text, err := b.phrase(tg, req, tg.templates)
	if err != nil {
		return err
	}
	b.user(text)
	out, err := b.callOK(CallIntro, callOf(tg.name, req.args))
	if err != nil {
		return err
	}
	answer, err := b.answer(out[0])
	if err != nil {
		return err
	}
	b.assistant(answer)
	return nil
}

// parallel: two or three independent requests in one message, called in one turn.
func (b *builder) parallel() error {
	var text rendered
	var calls []dataset.ToolCall
	var err error
	if b.s.chance(0.4) {
		text, calls, err = b.sameToolRequests()
	} else {
		text, calls, err = b.mixedRequests()
	}
	if err != nil {
		return err
	}
	b.user(text)
	out, err := b.callOK(CallIntro, calls...)
	if err != nil {
		return err
	}
	answers := make([]string, len(out))
	for i, o := range out {
		if answers[i], err = b.answer(o); err != nil {
			return err
		}
	}
	b.assistant(strings.Join(answers, "\n\n"))
	return nil
}

// mixedRequests joins two or three requests for different tools into one message.
func (b *builder) mixedRequests() (rendered, []dataset.ToolCall, error) {
	n := 2
	if b.s.chance(0.3) {
		n = 3
	}
	if n = min(n, len(b.g.gens)); n < 2 {
		return rendered{}, nil, errors.New("parallel requests need at least two tools")
	}
	joined := rendered{params: map[string]bool{}}
	var calls []dataset.ToolCall
	for i, k := range b.s.rng.Perm(len(b.g.gens))[:n] {
		tg := &b.g.gens[k]
		req := tg.sample(b.s)
		part, err := b.phrase(tg, req, tg.templates)
		if err != nil {
			return joined, nil, err
		}
		if i > 0 {
			joiner := b.s.template(joiners())
			if prev := joined.String(); !strings.ContainsAny(prev[len(prev)-1:], ".?!\"") {
				joiner = "." + joiner // "weather in Oslo" + ". Also, ..."
			}
			joined.segments = append(joined.segments, segment{text: joiner, literal: true})
			part = lowerStart(part)
		}
		joined.segments = append(joined.segments, part.segments...)
		calls = append(calls, callOf(tg.name, req.args))
	}
	return joined, calls, nil
}

// joiners link the requests of a parallel message.
func joiners() templateSet {
	return templateSet{
		train:   []string{" Also, ", " And ", " Oh, and ", " Plus, "},
		heldout: []string{" On top of that, ", " Additionally, "},
	}
}

// lowerStart lower-cases the first letter of a phrasing that continues a sentence, when that
// letter is template text.
func lowerStart(r rendered) rendered {
	if len(r.segments) > 0 && r.segments[0].literal {
		segs := append([]segment(nil), r.segments...)
		segs[0].text = lowerFirst(segs[0].text)
		r.segments = segs
	}
	return r
}

// listRequest phrases several requests for one tool in one sentence ("weather in Paris,
// Lima and Oslo"); key is the slot each request contributes to the list.
type listRequest struct {
	tool, key string
	templates templateSet
}

func listRequests() []listRequest {
	return []listRequest{
		{"get_current_weather", "location", templateSet{
			train: []string{
				"What's the weather like in {location:list}{unit}?",
				"Compare the current weather in {location:list}{unit}.",
				"How's the weather right now in {location:list}{unit}?",
				"Check the weather for {location:list}{unit}.",
				"I have friends in {location:list}. What's the weather like for each of them{unit}?",
			},
			heldout: []string{
				"Give me side-by-side weather for {location:list}{unit}.",
				"Report on the weather across {location:list}{unit}.",
			},
		}},
		{"get_stock_price", "symbol", templateSet{
			train: []string{
				"What are the stock prices of {symbol:list}?",
				"Get me quotes for {symbol:list}.",
				"How are {symbol:list} trading today?",
				"Check the share prices for {symbol:list}.",
				"Compare the stock prices of {symbol:list}.",
			},
			heldout: []string{
				"Line up current prices for {symbol:list}.",
				"Where are {symbol:list} shares sitting today?",
			},
		}},
		{"get_current_time", "timezone:city", templateSet{
			train: []string{
				"What time is it in {timezone:list}?",
				"Tell me the local time in {timezone:list}.",
				"What's the current time in {timezone:list}?",
				"I have colleagues in {timezone:list}. What time is it for each of them?",
			},
			heldout: []string{
				"Show the clocks for {timezone:list}.",
				"Read out the local times in {timezone:list}.",
			},
		}},
	}
}

// sameToolRequests asks for two or three values of one tool in one sentence; the calls
// share the optional arguments of the first request.
func (b *builder) sameToolRequests() (rendered, []dataset.ToolCall, error) {
	var usable []listRequest
	for _, lr := range listRequests() {
		if b.g.byName[lr.tool] != nil {
			usable = append(usable, lr)
		}
	}
	if len(usable) == 0 {
		return b.mixedRequests()
	}
	lr := pick(b.s, usable)
	tg := b.g.byName[lr.tool]
	param, _, _ := strings.Cut(lr.key, ":")
	key := lr.key
	if param == "symbol" && b.s.chance(0.5) {
		key = "symbol:company"
	}
	n := 2 + b.s.intn(2)
	var reqs []request
	var items []string
	seen := map[string]bool{}
	for tries := 0; len(reqs) < n && tries < 20; tries++ {
		req := tg.sample(b.s)
		if loc, ok := req.args["location"].(string); ok && param == "location" {
			// "Paris, Tokyo and Lima": countries would blur the list's commas.
			name, _, _ := strings.Cut(loc, ",")
			req.args["location"], req.slots["location"] = name, name
		}
		id := fmt.Sprint(req.args[param])
		if seen[id] {
			continue
		}
		seen[id] = true
		reqs = append(reqs, req)
		items = append(items, req.slots[key])
	}
	first := reqs[0]
	first.slots[param+":list"] = joinList(items)
	text, err := b.phrase(tg, first, lr.templates)
	if err != nil {
		return text, nil, err
	}
	calls := make([]dataset.ToolCall, len(reqs))
	for i, req := range reqs {
		args := map[string]any{param: req.args[param]}
		for p, v := range first.args {
			if p != param {
				args[p] = v
			}
		}
		calls[i] = callOf(tg.name, args)
	}
	return text, calls, nil
}
