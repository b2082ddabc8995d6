package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/pipeline"
	"github.com/tooltune/tooltune/lib/tools"
)

func runChat(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("chat", "", stderr)
	modelName := fs.String("model", pipeline.DefaultModel, "model directory, Hugging Face model id (from the local cache), or a LoRA adapter or checkpoint directory (its base model is loaded with it)")
	prompt := fs.String("prompt", "", "the user's message")
	system := fs.String("system", "", "an optional system message")
	toolsArg := fs.String("tools", "", "tools offered to the model: \"builtin\", \"basic\", built-in tool names (comma-separated), a JSON file of tool schemas, or empty for none")
	raw := fs.Bool("raw", false, "send --prompt to the model as it is, without the chat template")
	templateName := fs.String("chat_template", "", "how the conversation is written for the model: compact, original, hermes, or model (its own Jinja template); default: for an adapter, the one its training run recorded (else original), for a model, compact")
	guided := fs.Bool("guided_calls", false, pipeline.GuidedCallsUsage)
	cfg := model.GenerateConfig{}
	fs.IntVar(&cfg.MaxNewTokens, "max_new_tokens", 128, "generation length limit")
	fs.Float64Var(&cfg.Temperature, "temperature", 0, "sampling temperature (0: greedy)")
	fs.Float64Var(&cfg.TopP, "top_p", 1, "nucleus sampling mass")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "sampling seed")
	if code, ok := parse(fs, args, 0, 0, stderr); !ok {
		return code
	}
	if *prompt == "" {
		fmt.Fprintln(stderr, "tooltune chat: --prompt is required")
		return 2
	}
	if *raw && *guided {
		fmt.Fprintln(stderr, "tooltune chat: --guided_calls needs the chat template's call syntax (not --raw)")
		return 2
	}
	ex, err := chatExample(*prompt, *system, *toolsArg) // checks --tools before the model loads
	if err != nil {
		return fail(stderr, "chat", err)
	}
	lm, err := pipeline.LoadModel(context.Background(), *modelName, nil, hub.Config{})
	if err != nil {
		return fail(stderr, "chat", err)
	}
	text := *prompt
	gen := lm.Generator(cfg, 1)
	if !*raw {
		name := *templateName
		if name == "" && lora.IsAdapterDir(*modelName) {
			if name, _, err = pipeline.AdapterTemplate(*modelName); err != nil {
				return fail(stderr, "chat", err)
			}
		}
		tmpl, err := pipeline.Template(name, lm.Dir)
		if err != nil {
			return fail(stderr, "chat", err)
		}
		if text, err = tmpl.RenderPrompt(ex, len(ex.Messages)); err != nil {
			return fail(stderr, "chat", err)
		}
		if *guided {
			if gen.Guider, err = pipeline.NewGuider(tmpl, lm.Tokenizer); err != nil {
				return fail(stderr, "chat", err)
			}
		}
	}
	out, err := gen.GenerateWithTools([]string{text}, [][]tools.Tool{ex.Tools})
	if err != nil {
		return fail(stderr, "chat", err)
	}
	fmt.Fprintln(stdout, out[0])
	if parsed, err := chat.ParseCalls(out[0]); err == nil && len(parsed.Calls) > 0 {
		fmt.Fprintln(stdout, "\nparsed tool calls:")
		for _, c := range parsed.Calls {
			fmt.Fprintf(stdout, "  %s %s\n", c.Name, tools.CanonicalJSON(c.Parameters))
		}
	}
	return 0
}

// chatExample builds the one-question conversation that chat renders as its prompt.
func chatExample(prompt, system, toolsArg string) (dataset.Example, error) {
	var ex dataset.Example
	if system != "" {
		ex.Messages = append(ex.Messages, dataset.Message{Role: dataset.RoleSystem, Content: system})
	}
	ex.Messages = append(ex.Messages, dataset.Message{Role: dataset.RoleUser, Content: prompt})
	if toolsArg != "" {
		reg, err := tools.Select(toolsArg)
		if err != nil {
			return ex, err
		}
		ex.Tools = reg.Tools()
	}
	return ex, nil
}
