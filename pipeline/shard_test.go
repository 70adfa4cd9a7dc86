package pipeline

import (
	"slices"
	"strings"
	"testing"
)

// Every item lands in exactly one shard, in order, and shard sizes differ by at most one.
func TestSelect(t *testing.T) {
	for n := 0; n <= 20; n++ {
		items := make([]int, n)
		for i := range items {
			items[i] = i
		}
		for count := 1; count <= 7; count++ {
			var all []int
			lo, hi := n, 0
			for i := range count {
				part := Select(Shard{Index: i, Count: count}, items)
				all = append(all, part...)
				lo, hi = min(lo, len(part)), max(hi, len(part))
			}
			if !slices.Equal(all, items) || hi-lo > 1 {
				t.Errorf("%d items in %d shards: %v (sizes %d..%d)", n, count, all, lo, hi)
			}
		}
	}
	if got := Select(Shard{}, []int{1, 2, 3}); len(got) != 3 {
		t.Errorf("the zero shard selects %v", got)
	}
}

func TestParseShard(t *testing.T) {
	for in, want := range map[string]string{"0/1": "0/1", "3/4": "3/4", " 2 / 8 ": "2/8"} {
		s, err := ParseShard(in)
		if err != nil || s.String() != want {
			t.Errorf("%q: %v %v", in, s, err)
		}
	}
	for in, want := range map[string]string{
		"4/4":  "the index must be in [0, 4), got 4 (indexes are 0-based)",
		"1/0":  "the count must be >= 1",
		"-1/3": "the index must be in [0, 3)",
		"3":    "want INDEX/COUNT",
		"a/b":  "want INDEX/COUNT",
	} {
		if _, err := ParseShard(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", in, err, want)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name  string
		env   map[string]string
		count int
		want  string // shard, "" for none, or "error: ..."
	}{
		{"no job array", nil, 0, ""},
		{"slurm from 0", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "8"}, 0, "3/8"},
		{"slurm from 1", map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "10"}, 0, "0/10"},
		{"slurm last from 1", map[string]string{"SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "10"}, 0, "9/10"},
		{"slurm with a step", map[string]string{"SLURM_ARRAY_TASK_ID": "25", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_STEP": "10", "SLURM_ARRAY_TASK_COUNT": "3"}, 0, "2/3"},
		{"slurm without min", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, "2/4"},
		{"slurm, count from the flag", map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, 6, "2/6"},
		{"slurm without count", map[string]string{"SLURM_ARRAY_TASK_ID": "2"}, 0, "error: SLURM_ARRAY_TASK_COUNT is not"},
		{"slurm id out of range", map[string]string{"SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "10"}, 0, "error: the index must be in [0, 10), got 10"},
		{"slurm id list", map[string]string{"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, 0, "error: is not SLURM_ARRAY_TASK_MIN=1 plus a multiple"},
		{"slurm garbage", map[string]string{"SLURM_ARRAY_TASK_ID": "x"}, 0, `error: SLURM_ARRAY_TASK_ID="x": want an integer`},
		{"k8s with flag", map[string]string{"JOB_COMPLETION_INDEX": "4"}, 5, "4/5"},
		{"k8s with env count", map[string]string{"JOB_COMPLETION_INDEX": "0", "KERNREG_SHARD_COUNT": "2"}, 0, "0/2"},
		{"k8s without count", map[string]string{"JOB_COMPLETION_INDEX": "0"}, 0, "error: pass --shards N or set KERNREG_SHARD_COUNT"},
		{"k8s out of range", map[string]string{"JOB_COMPLETION_INDEX": "5"}, 5, "error: JOB_COMPLETION_INDEX=5: the index must be in [0, 5)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, src, ok, err := ShardFromEnv(func(k string) string { return tc.env[k] }, tc.count)
			got := ""
			switch {
			case err != nil:
				got = "error: " + err.Error()
			case ok:
				got = s.String()
				if src == "" {
					t.Errorf("no source")
				}
			}
			if got != tc.want && !(strings.HasPrefix(tc.want, "error: ") && strings.Contains(got, strings.TrimPrefix(tc.want, "error: "))) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
