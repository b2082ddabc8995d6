// Package corpus generates general chat conversations, with no tools and no tool calls, to
// train ToolTune's tiny base model: greetings, small talk, factual questions answered in
// prose, definitions, how-to explanations, refusals of harmful or impossible requests, and
// multi-turn follow-ups. Two more kinds, off in the default mix, train copying (repeat these
// made-up words, write my data as JSON) and lookup (answer with the code a system message
// lists): see copying.go. The codes, form, everyday, choice and catalog kinds (reference.go,
// everyday.go, choice.go, catalog.go) are off by default too.
//
// The base model must speak the chat format (user turns, assistant turns ending in <|end|>)
// and know the words of the tool-use domain (cities, countries, currencies, dates, numbers,
// units, weather words, names and email addresses), so that fine-tuning only has to teach it
// when and how to call tools. It must never see a tool call, a tool list or a tool result:
// the issue asks for a base model whose tool-call accuracy is near 0% before fine-tuning.
// Generate guarantees that (see Validate), and the corpus also avoids questions about live
// data (today's weather, a current price): those are what tools answer, and a base model
// taught to refuse them would fight the fine-tuning.
//
// Generation is seeded and deterministic: example i depends only on Seed and i, so the same
// Config always gives the same examples, and raising NumExamples keeps the earlier ones.
package corpus

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

// Topic kinds: what the first exchange of a conversation is about.
const (
	KindGreeting   = "greeting"
	KindSmallTalk  = "small_talk"
	KindFact       = "fact"
	KindArithmetic = "arithmetic"
	KindHowTo      = "how_to"
	KindDefinition = "definition"
	KindRefusal    = "refusal"
	KindWriting    = "writing"
	KindCopy       = "copy"
	KindLookup     = "lookup"
	KindCodes      = "codes"
	KindForm       = "form"
	KindEveryday   = "everyday"
	KindChoice     = "choice"
	KindCatalog    = "catalog"
)

// Kinds lists every topic kind in a stable order.
func Kinds() []string {
	return []string{KindGreeting, KindSmallTalk, KindFact, KindArithmetic, KindHowTo, KindDefinition, KindRefusal, KindWriting, KindCopy, KindLookup, KindCodes, KindForm, KindEveryday, KindChoice, KindCatalog}
}

// DefaultKindWeights is the topic mix of DefaultConfig: mostly facts, arithmetic and
// explanations (what carries the domain's vocabulary), with enough conversation and refusals
// that the model learns the register of an assistant. The copy and lookup kinds (copying.go),
// the codes and form kinds (reference.go), everyday (everyday.go), choice (choice.go) and
// catalog (catalog.go) are off by default; make-base-model's --kind_weights turns them on.
func DefaultKindWeights() map[string]float64 {
	return map[string]float64{
		KindGreeting: 0.08, KindSmallTalk: 0.08, KindFact: 0.34, KindArithmetic: 0.14,
		KindHowTo: 0.1, KindDefinition: 0.1, KindRefusal: 0.08, KindWriting: 0.08,
	}
}

// Config controls Generate.
type Config struct {
	// NumExamples is how many conversations to generate.
	NumExamples int
	// Seed fixes every random choice.
	Seed uint64
	// KindWeights gives the relative frequency of each kind (keys from Kinds()); missing kinds
	// get weight 0. Nil means DefaultKindWeights().
	KindWeights map[string]float64
	// FollowUp is the probability that a conversation continues with a second (and then, with
	// the same probability, a third) exchange.
	FollowUp float64
	// SystemPrompt is the probability that a conversation starts with a system message.
	SystemPrompt float64
}

// DefaultConfig returns 20,000 conversations, seed 42, the default mix, 30% follow-ups and
// 30% system prompts.
func DefaultConfig() Config {
	return Config{NumExamples: 20000, Seed: 42, KindWeights: DefaultKindWeights(), FollowUp: 0.3, SystemPrompt: 0.3}
}

func (c Config) validate() error {
	if c.NumExamples < 0 {
		return fmt.Errorf("corpus: NumExamples must not be negative, got %d", c.NumExamples)
	}
	if c.FollowUp < 0 || c.FollowUp >= 1 {
		return fmt.Errorf("corpus: FollowUp must be in [0, 1), got %g", c.FollowUp)
	}
	if c.SystemPrompt < 0 || c.SystemPrompt > 1 {
		return fmt.Errorf("corpus: SystemPrompt must be in [0, 1], got %g", c.SystemPrompt)
	}
	known := map[string]bool{}
	for _, k := range Kinds() {
		known[k] = true
	}
	var total float64
	for k, w := range c.KindWeights {
		if !known[k] {
			return fmt.Errorf("corpus: KindWeights: unknown kind %q (known: %s)", k, strings.Join(Kinds(), ", "))
		}
		if w < 0 {
			return fmt.Errorf("corpus: KindWeights[%s] is negative: %g", k, w)
		}
		total += w
	}
	if c.KindWeights != nil && total <= 0 {
		return errors.New("corpus: KindWeights has no positive weight")
	}
	return nil
}

// exchange is one user message and the assistant's answer.
type exchange struct {
	User, Assistant string
}

// topic produces the first exchange of a conversation and, when it has them, follow-ups that
// stay on the subject.
type topic struct {
	system    string // a system message the topic needs, or ""
	first     exchange
	followUps []exchange
}

// Generate returns cfg.NumExamples conversations. Every example has no tools and no calls,
// passes dataset.Validate, and renders with lib/chat's templates.
func Generate(cfg Config) ([]dataset.Example, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	weights := cfg.KindWeights
	if weights == nil {
		weights = DefaultKindWeights()
	}
	kinds, cumulative := cumulativeWeights(weights)
	out := make([]dataset.Example, cfg.NumExamples)
	for i := range out {
		rng := rand.New(rand.NewPCG(cfg.Seed, uint64(i)))
		kind := pick(rng, kinds, cumulative)
		out[i] = conversation(rng, cfg, kind)
	}
	if err := Validate("generated corpus", out); err != nil {
		return nil, err
	}
	return out, nil
}

// cumulativeWeights returns the kinds with a positive weight, in Kinds() order, and their
// running weight totals.
func cumulativeWeights(weights map[string]float64) ([]string, []float64) {
	var kinds []string
	var cumulative []float64
	var total float64
	for _, k := range Kinds() {
		if w := weights[k]; w > 0 {
			total += w
			kinds = append(kinds, k)
			cumulative = append(cumulative, total)
		}
	}
	return kinds, cumulative
}

func pick(rng *rand.Rand, kinds []string, cumulative []float64) string {
	x := rng.Float64() * cumulative[len(cumulative)-1]
	for i, c := range cumulative {
		if x < c {
			return kinds[i]
		}
	}
	return kinds[len(kinds)-1]
}

// conversation builds one example of a kind: an optional system message, the first exchange
// and, with probability FollowUp each, up to two follow-ups.
func conversation(rng *rand.Rand, cfg Config, kind string) dataset.Example {
	t := topicOf(rng, kind)
	var msgs []dataset.Message
	switch {
	case t.system != "":
		msgs = append(msgs, dataset.Message{Role: dataset.RoleSystem, Content: t.system})
	case rng.Float64() < cfg.SystemPrompt:
		msgs = append(msgs, dataset.Message{Role: dataset.RoleSystem, Content: oneOf(rng, systemPrompts())})
	}
	add := func(e exchange) {
		msgs = append(msgs,
			dataset.Message{Role: dataset.RoleUser, Content: e.User},
			dataset.Message{Role: dataset.RoleAssistant, Content: e.Assistant})
	}
	first := t.first
	if kind != KindGreeting && kind != KindCopy && kind != KindForm && kind != KindCatalog { // "Hi! Hello, I'm ..." reads badly; copied values are exact
		first = decorate(rng, first)
	}
	add(first)
	for _, f := range t.followUps {
		if rng.Float64() >= cfg.FollowUp {
			break
		}
		add(f)
	}
	return dataset.Example{Messages: msgs, Tools: nil}
}

// topicOf draws a topic of the given kind.
func topicOf(rng *rand.Rand, kind string) topic {
	switch kind {
	case KindGreeting:
		return greetingTopic(rng)
	case KindSmallTalk:
		return smallTalkTopic(rng)
	case KindFact:
		return factTopic(rng)
	case KindArithmetic:
		return arithmeticTopic(rng)
	case KindHowTo:
		return howToTopic(rng)
	case KindDefinition:
		return definitionTopic(rng)
	case KindRefusal:
		return refusalTopic(rng)
	case KindCopy:
		return copyTopic(rng)
	case KindLookup:
		return lookupTopic(rng)
	case KindCodes:
		return codesTopic(rng)
	case KindForm:
		return formTopic(rng)
	case KindEveryday:
		return everydayTopic(rng)
	case KindChoice:
		return choiceTopic(rng)
	case KindCatalog:
		return catalogTopic(rng)
	default:
		return writingTopic(rng)
	}
}

// Validate checks that examples are valid conversations (dataset.Validate) with no tools,
// no calls, no tool turns and none of lib/chat's call or response tags anywhere: what a
// corpus for the base model must be. file labels the errors.
func Validate(file string, examples []dataset.Example) error {
	problems := dataset.Validate(file, examples)
	for i, ex := range examples {
		report := func(field, msg string) {
			problems = append(problems, dataset.Problem{File: file, Index: i, Field: field, Msg: msg})
		}
		if len(ex.Tools) > 0 {
			report("tools", fmt.Sprintf("has %d tools; the base-model corpus must offer none", len(ex.Tools)))
		}
		for j, m := range ex.Messages {
			field := fmt.Sprintf("messages[%d]", j)
			if len(m.ToolCalls) > 0 {
				report(field+".tool_calls", "the base-model corpus must contain no tool calls")
			}
			if m.Role == dataset.RoleTool {
				report(field+".role", "the base-model corpus must contain no tool turns")
			}
			for _, tag := range []string{chat.CallOpen, chat.CallClose, chat.ResponseOpen, chat.ResponseClose} {
				if strings.Contains(m.Content, tag) {
					report(field+".content", "contains the tool tag "+tag)
				}
			}
		}
	}
	return problems.Err()
}

func oneOf[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// systemPrompts are general assistant personas (never a tool instruction).
func systemPrompts() []string {
	return []string{
		"You are a helpful assistant.",
		"You are a friendly and concise assistant.",
		"You are a helpful assistant. Answer clearly and briefly.",
		"You are a knowledgeable assistant who explains things simply.",
		"You are a polite assistant. Keep your answers short.",
		"You are ToolTune, a helpful assistant.",
	}
}

// decorate varies the wording of a first user message: an opening, a closing and, sometimes,
// casual typing (lower case, no final punctuation), so that the same question appears in many
// surface forms.
func decorate(rng *rand.Rand, e exchange) exchange {
	openings := []string{"", "", "", "", "Hi! ", "Hey, ", "Quick question: ", "Hello. ", "Hi there, ", "I was wondering, ", "Can you help me? ", "Please help: "}
	closings := []string{"", "", "", "", " Thanks!", " Thank you.", " Please keep it short.", " Thanks in advance."}
	user := e.User
	if o := oneOf(rng, openings); o != "" {
		if strings.HasSuffix(o, ", ") { // the sentence goes on: "Hey, what is ..."
			user = lowerFirst(user)
		}
		user = o + user
	}
	user += oneOf(rng, closings)
	if rng.Float64() < 0.15 {
		user = strings.TrimRight(strings.ToLower(user), ".?!")
	}
	return exchange{User: user, Assistant: e.Assistant}
}

// lowerFirst lowers the first letter unless the first word looks like a name or "I".
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	switch {
	case word == "I" || strings.HasPrefix(word, "I'"):
		return s
	case len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'):
		if isQuestionWord(word) {
			return strings.ToLower(s[:1]) + s[1:]
		}
	}
	return s
}

func isQuestionWord(w string) bool {
	switch strings.Trim(w, ",") {
	case "What", "What's", "How", "Which", "Why", "Where", "When", "Who", "Is", "Are", "Can", "Could", "Do", "Does",
		"Tell", "Please", "Give", "Write", "Explain", "Help", "Convert", "Translate":
		return true
	}
	return false
}
