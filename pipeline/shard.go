package pipeline

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count parts of a batch: Index is 0-based. The zero value (and 0/1) is
// the whole batch.
type Shard struct {
	Index, Count int
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.count()) }

func (s Shard) count() int { return max(s.Count, 1) }

// Sharded reports whether the shard is a proper part of the batch.
func (s Shard) Sharded() bool { return s.Count > 1 }

// Select returns the shard's part of the sorted list items: the contiguous block
// [Index*len/Count, (Index+1)*len/Count). Blocks differ in size by at most one, and
// together they are the list, each item in exactly one.
func Select[T any](s Shard, items []T) []T {
	n, c := len(items), s.count()
	return items[s.Index*n/c : (s.Index+1)*n/c]
}

// ParseShard parses "i/n" with 0 <= i < n.
func ParseShard(v string) (Shard, error) {
	is, ns, ok := strings.Cut(v, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT, e.g. 0/4", v)
	}
	i, err1 := strconv.Atoi(strings.TrimSpace(is))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want INDEX/COUNT, e.g. 0/4", v)
	}
	return newShard(i, n, "shard "+v)
}

func newShard(i, n int, what string) (Shard, error) {
	if n < 1 {
		return Shard{}, fmt.Errorf("%s: the count must be >= 1, got %d", what, n)
	}
	if i < 0 || i >= n {
		return Shard{}, fmt.Errorf("%s: the index must be in [0, %d), got %d (indexes are 0-based)", what, n, i)
	}
	return Shard{Index: i, Count: n}, nil
}

// ShardFromEnv finds the shard of a job array from its environment (getenv is
// os.Getenv in programs), and says where it came from; ok is false when the process is
// not part of one. It understands
//
//   - Slurm job arrays: SLURM_ARRAY_TASK_ID, less SLURM_ARRAY_TASK_MIN (ids may start
//     at 1 or anywhere), divided by SLURM_ARRAY_TASK_STEP when set, out of
//     SLURM_ARRAY_TASK_COUNT;
//   - Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX (0-based) out of count, which the
//     job passes through a flag or KERNREG_SHARD_COUNT (Kubernetes sets no count).
//
// count, when > 0, also overrides SLURM_ARRAY_TASK_COUNT.
func ShardFromEnv(getenv func(string) string, count int) (s Shard, source string, ok bool, err error) {
	atoi := func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("%s=%q: want an integer", name, v)
		}
		return n, true, nil
	}
	if count == 0 {
		c, set, err := atoi("KERNREG_SHARD_COUNT")
		if err != nil {
			return Shard{}, "", false, err
		}
		if set {
			count = c
		}
	}
	if id, set, err := atoi("SLURM_ARRAY_TASK_ID"); err != nil || set {
		if err != nil {
			return Shard{}, "", false, err
		}
		lo, _, err := atoi("SLURM_ARRAY_TASK_MIN")
		if err != nil {
			return Shard{}, "", false, err
		}
		step, stepSet, err := atoi("SLURM_ARRAY_TASK_STEP")
		if err != nil {
			return Shard{}, "", false, err
		}
		if !stepSet || step < 1 {
			step = 1
		}
		n := count
		if n == 0 {
			c, cset, err := atoi("SLURM_ARRAY_TASK_COUNT")
			if err != nil {
				return Shard{}, "", false, err
			}
			if !cset {
				return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass --shards N")
			}
			n = c
		}
		if (id-lo)%step != 0 {
			return Shard{}, "", false, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d is not SLURM_ARRAY_TASK_MIN=%d plus a multiple of SLURM_ARRAY_TASK_STEP=%d", id, lo, step)
		}
		src := fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d, SLURM_ARRAY_TASK_MIN=%d", id, lo)
		s, err := newShard((id-lo)/step, n, src)
		return s, src, err == nil, err
	}
	if idx, set, err := atoi("JOB_COMPLETION_INDEX"); err != nil || set {
		if err != nil {
			return Shard{}, "", false, err
		}
		if count == 0 {
			return Shard{}, "", false, fmt.Errorf("JOB_COMPLETION_INDEX is set but the number of shards is not: pass --shards N or set KERNREG_SHARD_COUNT (the Job's completions)")
		}
		src := fmt.Sprintf("JOB_COMPLETION_INDEX=%d", idx)
		s, err := newShard(idx, count, src)
		return s, src, err == nil, err
	}
	return Shard{}, "", false, nil
}
