package dataset

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// pcgStream is the second PCG seed word; the caller's seed is the first. Any fixed value works:
// it only has to stay the same so that a seed always gives the same permutation.
const pcgStream = 0x746f6f6c74756e65 // "tooltune"

// newRand returns a generator that depends only on seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, pcgStream)) }

// Shuffle returns the examples in a random order determined by seed, leaving the input as it is.
// The result shares the examples' messages and tools with the input.
func Shuffle(examples []Example, seed uint64) []Example {
	out := slices.Clone(examples)
	r := newRand(seed)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// Split divides examples into a training and an evaluation set, with evalFraction of them
// (rounded to the nearest whole example) held out for evaluation. The choice is random but
// determined by seed, and stratified by scenario so that every scenario is represented in the
// evaluation set in proportion to its size (largest-remainder rounding keeps the total exact).
// Both sets keep the examples in their input order, so a split is easy to compare with its
// source; shuffle the training set separately if needed.
func Split(examples []Example, evalFraction float64, seed uint64) (train, eval []Example, err error) {
	if math.IsNaN(evalFraction) || evalFraction < 0 || evalFraction > 1 {
		return nil, nil, fmt.Errorf("split: eval fraction %v is not between 0 and 1", evalFraction)
	}
	strata := stratify(examples)
	quota := allocate(strata, int(math.Round(evalFraction*float64(len(examples)))), len(examples))
	held := make([]bool, len(examples))
	r := newRand(seed)
	for k, members := range strata {
		for _, p := range r.Perm(len(members))[:quota[k]] {
			held[members[p]] = true
		}
	}
	for i, ex := range examples {
		if held[i] {
			eval = append(eval, ex)
		} else {
			train = append(train, ex)
		}
	}
	return train, eval, nil
}

// stratify groups example indices by scenario, groups ordered by first appearance so that the
// random draws, and so the split, do not depend on map iteration order.
func stratify(examples []Example) [][]int {
	pos := map[string]int{}
	var strata [][]int
	for i, ex := range examples {
		k, ok := pos[ex.Scenario]
		if !ok {
			k = len(strata)
			pos[ex.Scenario] = k
			strata = append(strata, nil)
		}
		strata[k] = append(strata[k], i)
	}
	return strata
}

// allocate shares want evaluation examples among the strata in proportion to their sizes with
// the largest-remainder method: each stratum gets the floor of its exact share, and the
// examples left over go to the strata with the largest fractional parts (earlier strata first
// on ties).
func allocate(strata [][]int, want, total int) []int {
	quota := make([]int, len(strata))
	if total == 0 {
		return quota
	}
	remainders := make([]int, len(strata)) // fractional parts, in units of 1/total
	given := 0
	for k, members := range strata {
		quota[k] = want * len(members) / total
		remainders[k] = want * len(members) % total
		given += quota[k]
	}
	order := make([]int, len(strata))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(remainders[b], remainders[a]) })
	for _, k := range order[:want-given] {
		quota[k]++
	}
	return quota
}
