package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/pipeline"
	"github.com/kernreg/kernreg/registry"
)

func newRunCmd() *cobra.Command {
	var (
		outDir, backend, shardFlag string
		shards                     int
		explain, force, keepGoing  bool
	)
	cmd := &cobra.Command{
		Use:   "run PIPELINE.yaml INPUT... -o OUTDIR [--backend B] [--shard I/N] [--explain] [--force] [--keep-going]",
		Short: "Run a pipeline file over images and folders of images",
		Long: `Run a pipeline file (YAML; 'go doc github.com/kernreg/kernreg/pipeline' describes it)
over images. Each INPUT is a .npy, .tif or .tiff file, or a folder (a plate): every such
file directly inside it. Images are sorted by name; IMAGE.npy's results go to
OUTDIR/IMAGE/: one .npy per saved result, one .csv per measurement, and run.json, the
record of the run (pipeline digest, libraries, memory conversions, times). A folder
appears only when complete, so an interrupted run (Ctrl-C, SIGTERM, a crash) leaves no
partial results, and a rerun skips the images whose results are complete for the same
pipeline and input file (--force recomputes them). Measurements of all images are
gathered into OUTDIR/NAME.csv with an image column.

The whole pipeline is checked against the registry before any image is read; every
problem is printed as FILE:LINE:COL: message. --explain prints the plan instead of
running it: the library of every step and each memory conversion between backends.

Steps run on the best available backend (the GPU when there is one) unless the
pipeline, the step or --backend says otherwise; data stays in a backend's memory
between its steps and is converted only where the backend changes.

Sharding: --shard I/N (0-based I) runs the I-th of N contiguous parts of the sorted
images. Inside a Slurm job array the shard is taken from SLURM_ARRAY_TASK_ID (less
SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT; in a Kubernetes Indexed Job from
JOB_COMPLETION_INDEX with the count from --shards or KERNREG_SHARD_COUNT. A shard
writes its measurements to OUTDIR/NAME.shard-I-of-N.csv; a final run without a shard
finds every image complete and gathers them all into OUTDIR/NAME.csv.`,
		Example: `  kernreg run examples/pipelines/nuclei.yaml plate/ -o results/
  kernreg run --explain examples/pipelines/nuclei.yaml
  kernreg run --shard 3/16 nuclei.yaml plate/ -o results/`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || (len(args) < 2 && !explain) {
				return usagef("run takes PIPELINE and one or more INPUT files or folders, got %d argument(s)", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkBackend(backend); err != nil {
				return err
			}
			if outDir == "" && !explain {
				return usagef("run needs -o OUTDIR")
			}
			if shards < 0 {
				return usagef("--shards %d: want a count >= 1", shards)
			}
			r := pipelineRun{
				file: args[0], inputs: args[1:], outDir: outDir, explain: explain,
				force: force, keepGoing: keepGoing, verbose: verbose(cmd),
				stdout: cmd.OutOrStdout(), stderr: cmd.ErrOrStderr(),
			}
			if cmd.Flags().Changed("backend") {
				r.opts.Backend = backend
			}
			var err error
			if r.shard, r.shardFrom, err = shardOf(shardFlag, shards); err != nil {
				return err
			}
			// Slurm and Kubernetes stop jobs with SIGTERM; Ctrl-C is handled by the root.
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM)
			defer stop()
			return r.run(ctx)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&outDir, "out", "o", "", "folder for the results `OUTDIR` (made if missing)")
	addBackendFlag(cmd, &backend)
	fl.StringVar(&shardFlag, "shard", "", "run only shard `I/N` (0-based) of the sorted inputs")
	fl.IntVar(&shards, "shards", 0, "number of shards `N` when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fl.BoolVar(&explain, "explain", false, "print the plan (libraries, memory conversions, outputs) and exit")
	fl.BoolVar(&force, "force", false, "recompute images whose results are complete")
	fl.BoolVar(&keepGoing, "keep-going", false, "go on with the other images when one fails (exit status 1 at the end)")
	return cmd
}

// shardOf picks the shard: --shard, else the job array's environment.
func shardOf(flag string, count int) (pipeline.Shard, string, error) {
	if flag != "" {
		s, err := pipeline.ParseShard(flag)
		if err != nil {
			return s, "", &usageError{fmt.Errorf("--%w", err)}
		}
		if count != 0 && count != s.Count {
			return s, "", usagef("--shard %s and --shards %d disagree", flag, count)
		}
		return s, "--shard", nil
	}
	s, src, ok, err := pipeline.ShardFromEnv(os.Getenv, count)
	if err != nil {
		return s, "", err
	}
	if !ok && count != 0 {
		return s, "", usagef("--shards %d needs a shard index: --shard I/N, SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX", count)
	}
	return s, src, nil
}

type pipelineRun struct {
	file             string
	inputs           []string
	outDir           string
	opts             pipeline.Options
	shard            pipeline.Shard
	shardFrom        string
	explain          bool
	force, keepGoing bool
	verbose          bool
	stdout, stderr   io.Writer
}

// pipelineProblems is a pipeline file's list of problems, already printed one per line.
type pipelineProblems struct {
	file string
	n    int
}

func (e *pipelineProblems) Error() string {
	if e.n == 1 {
		return fmt.Sprintf("%s: 1 problem (above)", e.file)
	}
	return fmt.Sprintf("%s: %d problems (above)", e.file, e.n)
}

func (r *pipelineRun) run(ctx context.Context) error {
	plan, err := pipeline.LoadPlan(r.file, r.opts)
	if err != nil {
		var list pipeline.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(r.stderr, oneLine(e.Error()))
			}
			return &pipelineProblems{file: r.file, n: len(list)}
		}
		return err
	}
	var images []pipeline.Image
	if len(r.inputs) > 0 {
		if images, err = pipeline.CollectInputs(r.inputs); err != nil {
			return err
		}
	}
	if r.explain {
		return r.explainPlan(plan, images)
	}
	b := &pipeline.Batch{
		Plan: plan, Images: images, OutDir: r.outDir, Shard: r.shard,
		Force: r.force, KeepGoing: r.keepGoing,
	}
	var bar *progressBar
	if isTerminal(r.stderr) {
		bar = &progressBar{w: r.stderr}
		b.Progress = bar.update
		if r.verbose {
			b.Log = bar
		}
	} else {
		b.Log = r.stderr
	}
	if r.shard.Sharded() {
		fmt.Fprintf(r.stderr, "shard %v (%s): %d of %d images\n", r.shard, r.shardFrom, len(pipeline.Select(r.shard, images)), len(images))
	}
	res, err := b.Run(ctx)
	if bar != nil {
		bar.finish()
	}
	if res != nil {
		fmt.Fprintf(r.stderr, "%s\n", summary(res, r.outDir))
	}
	return err
}

// summary is the run log's last line.
func summary(res *pipeline.BatchResult, outDir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d image(s): %d run, %d complete already (skipped)", res.Images, res.Processed, res.Skipped)
	if len(res.Failed) > 0 {
		fmt.Fprintf(&b, ", %d failed", len(res.Failed))
	}
	fmt.Fprintf(&b, "; %d memory conversion(s)", res.Conversions)
	if len(res.Tables) > 0 {
		fmt.Fprintf(&b, "; measurements in %s", strings.Join(res.Tables, ", "))
	}
	fmt.Fprintf(&b, "; results in %s", outDir)
	return b.String()
}

// explainPlan prints the plan, with the shapes for the first image of the shard when
// there are inputs, and which images the run would process.
func (r *pipelineRun) explainPlan(plan *pipeline.Plan, images []pipeline.Image) error {
	mine := pipeline.Select(r.shard, images)
	var shape registry.Shape
	if len(mine) > 0 {
		ins, err := plan.ReadImage(mine[0].Path)
		if err != nil {
			return err
		}
		shape = ins[0].Shape()
	}
	if err := plan.Explain(r.stdout, shape); err != nil {
		return err
	}
	if len(images) > 0 && len(mine) == 0 {
		fmt.Fprintf(r.stdout, "\ninputs: %d image(s); shard %v (%s) has none of them\n", len(images), r.shard, r.shardFrom)
	}
	if len(mine) > 0 {
		what := fmt.Sprintf("%d image(s)", len(images))
		if r.shard.Sharded() {
			what = fmt.Sprintf("%d of %d image(s) (shard %v, %s)", len(mine), len(images), r.shard, r.shardFrom)
		}
		fmt.Fprintf(r.stdout, "\ninputs: %s, %s .. %s; shapes above are for %s\n", what, mine[0].Name, mine[len(mine)-1].Name, mine[0].Path)
	}
	return nil
}
