package train

import (
	"math"
	"testing"
)

// Expected values are Hugging Face's get_*_schedule_with_warmup lambdas evaluated by hand.
func TestSchedule(t *testing.T) {
	tests := []struct {
		kind         string
		ratio        float64
		total, step  int
		want         float64
		wantWarmupSt int
	}{
		{SchedulerCosine, 0.2, 10, 0, 0, 2},
		{SchedulerCosine, 0.2, 10, 1, 0.5, 2},
		{SchedulerCosine, 0.2, 10, 2, 1, 2},
		{SchedulerCosine, 0.2, 10, 6, 0.5, 2},
		{SchedulerCosine, 0.2, 10, 4, 0.5 * (1 + math.Cos(math.Pi*0.25)), 2},
		{SchedulerCosine, 0.2, 10, 10, 0, 2},
		{SchedulerLinear, 0.2, 10, 4, 0.75, 2},
		{SchedulerLinear, 0.2, 10, 9, 0.125, 2},
		{SchedulerConstant, 0.2, 10, 1, 0.5, 2},
		{SchedulerConstant, 0.2, 10, 9, 1, 2},
		{SchedulerCosine, 0, 10, 0, 1, 0},
		{SchedulerCosine, 0.03, 100, 3, 1, 3},   // 0.03·100 is exactly 3
		{SchedulerLinear, 0.07, 100, 4, 0.5, 8}, // 0.07·100 = 7.000000000000001, rounded up to 8 as HF does
	}
	for _, tc := range tests {
		s, err := NewSchedule(tc.kind, 2e-4, tc.ratio, tc.total)
		if err != nil {
			t.Fatal(err)
		}
		if s.WarmupSteps != tc.wantWarmupSt {
			t.Errorf("%s ratio %g of %d: %d warmup steps, want %d", tc.kind, tc.ratio, tc.total, s.WarmupSteps, tc.wantWarmupSt)
		}
		if got := s.At(tc.step) / 2e-4; math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s ratio %g of %d, step %d: factor %g, want %g", tc.kind, tc.ratio, tc.total, tc.step, got, tc.want)
		}
	}
	if _, err := NewSchedule("polynomial", 1, 0, 10); err == nil {
		t.Error("unknown scheduler accepted")
	}
}
