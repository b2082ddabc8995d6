package model

import (
	"math"
	"math/rand/v2"
	"sort"
)

// sampleToken picks the next token from logits: the most likely one (lowest id on ties) when
// temperature is 0, else a draw from softmax(logits/temperature) restricted to the nucleus
// (the most likely tokens whose probabilities add up to at least topP; 0 or 1 disables it).
func sampleToken(logits []float32, temperature, topP float64, rng *rand.Rand) int {
	if temperature == 0 {
		return argmax(logits)
	}
	probs := softmax(logits, temperature)
	order := make([]int, len(probs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return probs[order[a]] > probs[order[b]] })
	keep := len(order)
	if topP > 0 && topP < 1 {
		var mass float64
		for i, id := range order {
			mass += probs[id]
			if mass >= topP {
				keep = i + 1
				break
			}
		}
	}
	var total float64
	for _, id := range order[:keep] {
		total += probs[id]
	}
	u := rng.Float64() * total
	for _, id := range order[:keep] {
		u -= probs[id]
		if u < 0 {
			return id
		}
	}
	return order[keep-1] // rounding left u >= 0: the least likely kept token
}

func argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}

// softmax returns exp(x/temperature) normalised, computed in float64.
func softmax(x []float32, temperature float64) []float64 {
	top := float64(x[argmax(x)])
	out := make([]float64, len(x))
	var sum float64
	for i, v := range x {
		out[i] = math.Exp((float64(v) - top) / temperature)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
