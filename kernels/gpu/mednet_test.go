package gpu

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
)

var updateNetworks = flag.Bool("update", false, "rewrite the generated median networks in src/median.cl")

// medianNetSizes are the windows with a median network: 3x3, 5x5, 3x3x3.
var medianNetSizes = []int{9, 25, 27}

// batcher is Batcher's odd-even merge sort for p (a power of two) wires: compare-exchanges
// (i, j), i < j, that leave the smaller value on wire i.
func batcher(p int) [][2]int {
	var ces [][2]int
	for q := 1; q < p; q += q {
		for k := q; k >= 1; k /= 2 {
			for j := k % q; j <= p-1-k; j += 2 * k {
				for i := 0; i <= min(k-1, p-j-k-1); i++ {
					if (i+j)/(2*q) == (i+j+k)/(2*q) {
						ces = append(ces, [2]int{i + j, i + j + k})
					}
				}
			}
		}
	}
	return ces
}

// medianNetwork is the part of Batcher's network for n values (padded with +Inf to a
// power of two) that the median, element n/2 of the sorted values, depends on: the
// compare-exchanges (a, b) of window values a and b (min into a, max into b), and the
// value that holds the median after them. Pads are resolved here: an exchange with a
// pad only moves a value from one wire to another, which needs no code.
func medianNetwork(n int) ([][2]int, int) {
	p := 1
	for p < n {
		p *= 2
	}
	wire := make([]int, p) // the value on each wire; -1 for a pad
	for w := range wire {
		wire[w] = w
		if w >= n {
			wire[w] = -1
		}
	}
	var live [][2]int
	for _, c := range batcher(p) {
		a, b := wire[c[0]], wire[c[1]]
		switch {
		case a < 0 && b < 0, b < 0: // nothing moves
		case a < 0:
			wire[c[0]], wire[c[1]] = b, a
		default:
			live = append(live, [2]int{a, b})
		}
	}
	at := wire[n/2]
	need := map[int]bool{at: true}
	var kept [][2]int
	for k := len(live) - 1; k >= 0; k-- {
		if c := live[k]; need[c[0]] || need[c[1]] {
			kept = append(kept, c)
			need[c[0]], need[c[1]] = true, true
		}
	}
	slices.Reverse(kept)
	return kept, at
}

// medianNetworkSource is the generated part of src/median.cl.
func medianNetworkSource() string {
	var b strings.Builder
	b.WriteString(netBegin + "\n")
	for _, n := range medianNetSizes {
		ces, at := medianNetwork(n)
		fmt.Fprintf(&b, "/* %d values: %d compare-exchanges; the median ends in w[%d]. */\n", n, len(ces), at)
		fmt.Fprintf(&b, "#define MEDIAN_AT_%d %d\n#define MEDIAN_NET_%d(w) \\\n", n, at, n)
		for i, c := range ces {
			end := " \\\n"
			if i == len(ces)-1 {
				end = "\n"
			}
			fmt.Fprintf(&b, "\tMIN_MAX(w[%d], w[%d])%s", c[0], c[1], end)
		}
	}
	b.WriteString(netEnd + "\n")
	return b.String()
}

const (
	netBegin = "/* BEGIN median networks: written by go test ./kernels/gpu -run TestMedianNetworks -update */"
	netEnd   = "/* END median networks */"
)

// TestMedianNetworks: every generated network leaves the median of its n values where it
// says, on all 0/1 inputs of 9 values and on random inputs with ties of 25 and 27; and
// src/median.cl holds the networks as generated (-update rewrites them).
func TestMedianNetworks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range medianNetSizes {
		ces, at := medianNetwork(n)
		check := func(v []float32) {
			w := slices.Clone(v)
			for _, c := range ces {
				a, b := w[c[0]], w[c[1]]
				w[c[0]], w[c[1]] = min(a, b), max(a, b)
			}
			s := slices.Clone(v)
			slices.Sort(s)
			if w[at] != s[n/2] {
				t.Fatalf("n=%d: median of %v is %v, the network gives %v", n, v, s[n/2], w[at])
			}
		}
		v := make([]float32, n)
		if n <= 16 {
			for bits := 0; bits < 1<<n; bits++ {
				for i := range v {
					v[i] = float32(bits >> i & 1)
				}
				check(v)
			}
		}
		for range 20000 {
			for i := range v {
				v[i] = float32(rng.IntN(n))
			}
			check(v)
		}
	}
	data, err := os.ReadFile("src/median.cl")
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	i, j := strings.Index(src, netBegin), strings.Index(src, netEnd)
	if i < 0 || j < i {
		t.Fatal("src/median.cl has no generated median networks section")
	}
	want := medianNetworkSource()
	if got := src[i : j+len(netEnd)+1]; got != want {
		if !*updateNetworks {
			t.Fatal("the median networks in src/median.cl are not the generated ones: go test ./kernels/gpu -run TestMedianNetworks -update")
		}
		if err := os.WriteFile("src/median.cl", []byte(src[:i]+want+src[j+len(netEnd)+1:]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
