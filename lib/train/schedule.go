package train

import (
	"fmt"
	"math"
)

// Learning-rate schedules, as Hugging Face's get_scheduler names them.
const (
	SchedulerCosine   = "cosine"
	SchedulerLinear   = "linear"
	SchedulerConstant = "constant"
)

// Schedule gives the learning rate of each optimizer step. It counts optimizer steps (not
// micro-batches): with gradient accumulation, one step is GradAccumSteps micro-batches.
type Schedule struct {
	Kind        string
	Peak        float64
	WarmupSteps int
	TotalSteps  int
}

// NewSchedule returns the schedule with warmup_ratio·total warmup steps rounded up, as
// Hugging Face's TrainingArguments.get_warmup_steps does.
func NewSchedule(kind string, peak, warmupRatio float64, totalSteps int) (Schedule, error) {
	switch kind {
	case SchedulerCosine, SchedulerLinear, SchedulerConstant:
	default:
		return Schedule{}, fmt.Errorf("lr_scheduler_type: %q is not cosine, linear or constant", kind)
	}
	if warmupRatio < 0 || warmupRatio > 1 {
		return Schedule{}, fmt.Errorf("warmup_ratio: %g is not in [0, 1]", warmupRatio)
	}
	return Schedule{Kind: kind, Peak: peak, WarmupSteps: int(math.Ceil(warmupRatio * float64(totalSteps))), TotalSteps: totalSteps}, nil
}

// At returns the learning rate used by optimizer step `step` (0-based), which is the value
// Hugging Face's LambdaLR schedulers give after `step` scheduler steps: linear warmup from 0
// over WarmupSteps, then cosine decay to 0 at TotalSteps (half a period), linear decay to 0,
// or constant.
func (s Schedule) At(step int) float64 {
	if step < s.WarmupSteps {
		return s.Peak * float64(step) / float64(max(1, s.WarmupSteps))
	}
	if s.Kind == SchedulerConstant {
		return s.Peak
	}
	progress := float64(step-s.WarmupSteps) / float64(max(1, s.TotalSteps-s.WarmupSteps))
	if s.Kind == SchedulerLinear {
		return s.Peak * max(0, 1-progress)
	}
	return s.Peak * max(0, 0.5*(1+math.Cos(math.Pi*progress)))
}
