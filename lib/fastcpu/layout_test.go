package fastcpu

import (
	"slices"
	"testing"
)

func TestGroupStride(t *testing.T) {
	tests := []struct {
		name       string
		dims, axes []int
		wantStride int
		wantOK     bool
	}{
		{"no axes", []int{3, 4}, nil, 0, true},
		{"last axis", []int{3, 4}, []int{1}, 1, true},
		{"first axis", []int{3, 4}, []int{0}, 4, true},
		{"two adjacent in order", []int{2, 3, 4}, []int{1, 2}, 1, true},
		{"two adjacent swapped", []int{2, 3, 4}, []int{2, 1}, 0, false},
		{"non-adjacent", []int{2, 3, 4}, []int{0, 2}, 0, false},
		{"non-adjacent across size-1 axis", []int{2, 1, 4}, []int{0, 2}, 1, true},
		{"only size-1 axes", []int{1, 5, 1}, []int{0, 2}, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := groupStride(tc.axes, tc.dims, rowMajorStrides(tc.dims))
			if ok != tc.wantOK || (ok && got != tc.wantStride) {
				t.Errorf("groupStride(%v, %v) = %d, %v; want %d, %v", tc.axes, tc.dims, got, ok, tc.wantStride, tc.wantOK)
			}
		})
	}
}

func TestNormalizedCopy(t *testing.T) {
	// x[i][j][k] = 100i + 10j + k with dims [2, 3, 2]; batch axis 2, cross axis 0,
	// contracting axis 1 gives out[k][i][j].
	dims := []int{2, 3, 2}
	var x []float32
	for i := range 2 {
		for j := range 3 {
			for k := range 2 {
				x = append(x, float32(100*i+10*j+k))
			}
		}
	}
	g := newAxisGroups(3, []int{1}, []int{2})
	got := normalizedCopy(x, dims, rowMajorStrides(dims), g)
	want := []float32{0, 10, 20, 100, 110, 120, 1, 11, 21, 101, 111, 121}
	if !slices.Equal(got, want) {
		t.Errorf("normalizedCopy = %v, want %v", got, want)
	}
}

func TestReduceLayout(t *testing.T) {
	tests := []struct {
		dims, axes            []int
		outer, reduced, inner int
		ok                    bool
	}{
		{[]int{2, 3, 4}, []int{2}, 6, 4, 1, true},
		{[]int{2, 3, 4}, []int{0}, 1, 2, 12, true},
		{[]int{2, 3, 4, 5}, []int{2, 1}, 2, 12, 5, true},
		{[]int{2, 3, 4}, []int{0, 2}, 0, 0, 0, false},
		{[]int{2, 3}, nil, 0, 0, 0, false},
	}
	for _, tc := range tests {
		outer, reduced, inner, ok := reduceLayout(tc.dims, tc.axes)
		if ok != tc.ok || outer != tc.outer || reduced != tc.reduced || inner != tc.inner {
			t.Errorf("reduceLayout(%v, %v) = %d, %d, %d, %v; want %d, %d, %d, %v",
				tc.dims, tc.axes, outer, reduced, inner, ok, tc.outer, tc.reduced, tc.inner, tc.ok)
		}
	}
}

func TestBroadcastPlanMergesAxes(t *testing.T) {
	tests := []struct {
		name                  string
		operand, out, axes    []int
		wantDims, wantStrides []int
	}{
		{"prefix", []int{3, 4}, []int{5, 3, 4}, []int{1, 2}, []int{5, 12}, []int{0, 1}},
		{"suffix", []int{3}, []int{3, 4, 5}, []int{0}, []int{3, 20}, []int{1, 0}},
		{"size-one axis", []int{3, 1}, []int{3, 7}, []int{0, 1}, []int{3, 7}, []int{1, 0}},
		{"scalar", []int{}, []int{2, 3}, []int{}, []int{6}, []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newBroadcastPlan(tc.operand, tc.out, tc.axes)
			if !slices.Equal(p.dims, tc.wantDims) || !slices.Equal(p.strides, tc.wantStrides) {
				t.Errorf("plan = %v / %v, want %v / %v", p.dims, p.strides, tc.wantDims, tc.wantStrides)
			}
		})
	}
}
