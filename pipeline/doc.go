// Package pipeline reads pipeline files, checks them against the registry, plans where
// every step runs and which memory conversions that takes, and runs the plan on images,
// one at a time (Plan.Run) or over folders of them (Batch, 'kernreg run').
//
// # The pipeline file
//
// A pipeline is a YAML mapping; unknown keys anywhere are errors. Example
// (examples/pipelines/nuclei.yaml):
//
//	version: 1                      # optional; 1 is the only version
//	description: Nuclei and their marker intensity.
//	channels: [dna, marker]         # optional: the input's channels, by name
//	ndim: 3                         # optional: 2 or 3 if the pipeline takes only planes or only volumes
//	backend: auto                   # optional: default backend of the op steps
//	steps:
//	  - name: smoothed
//	    op: gaussian_filter
//	    channel: dna
//	    params: {sigma: [1, 2, 2], mode: nearest}
//	  - op: threshold_otsu          # reads the previous result
//	  - name: labels
//	    op: label
//	    save: true
//	  - name: nuclei
//	    measure: regions
//	    inputs: [labels, marker]
//
// Top-level keys:
//
//	version      1 (the default)
//	description  free text, printed by --explain
//	channels     list of channel names. Without it the input is one image, read by steps
//	             as "input"; with it the input has these channels, each of which steps
//	             read by its name (or as "input" together with the step's channel key).
//	             A .npy input holds C channels as a C x Y x X array; a TIFF input (OME-
//	             TIFF or an ImageJ hyperstack) gives one plane or Z stack per channel,
//	             in the file's channel order. Time series are refused.
//	ndim         2 or 3: the rank of every input. Without it inputs may be 2D or 3D, and a
//	             step whose inputs must have one shape but would not for one of the ranks
//	             (a stack and its projection) is an error that suggests ndim.
//	backend      auto (the default), cpu, opencl or cuda: where op steps that do not name
//	             their own run. 'kernreg run --backend' (Options.Backend) replaces it.
//	steps        the list of steps, run in order
//
// Every step has exactly one of op, measure and convert, which says what it does:
//
//	op           a registered operation: a bare name (gaussian_filter), which runs on
//	             the step's backend, or a key (cpu:gaussian_filter)
//	measure      regions: measures the regions of a label image in an intensity image
//	             into a table (package measure: measure.Regions); the table is written
//	             as NAME.csv, and a batch gathers all images' rows into one CSV
//	convert      float32 or uint32: changes the dtype (registry.ConvertDType; to uint32
//	             the values must be non-negative integers, to float32 below 2^24). Label
//	             images are uint32 and image operations take float32, so a label image
//	             used as intensities needs this step; nothing is converted implicitly.
//
// and may have
//
//	name            the result's name, for later steps' input and for its file (NAME.npy,
//	                NAME.csv): a letter, then letters, digits, '_' or '-'. Unique; not
//	                "input" nor a channel's name. Default: stepN_OP (step3_label),
//	                stepN_measure, stepN_convert, N counting steps from 1.
//	input           the name of the image the step reads: "input" (the pipeline's
//	                input), a channel's name, or an earlier step's name. Default: the
//	                previous step's result; for the first step, the input.
//	inputs          the list of names, for operations with several image inputs
//	                (add_images: [a, b]) and for measure ([LABELS, INTENSITY]; default
//	                [previous result, input]). A two-input op must list them.
//	channel         a channel name or 0-based index: where the step reads "input", it
//	                reads this channel
//	params          a mapping of the operation's parameters ('kernreg info OP'): scalars
//	                (sigma: 2, mode: nearest) or lists (sigma: [1, 2, 2]). Parameters not
//	                given take their defaults. op steps only.
//	backend         auto, cpu, opencl or cuda, for this step. op steps only; measure and
//	                convert run on the host.
//	slice_by_slice  true: run a FLEXIBLE operation on each slice of a stack. An error on
//	                PURE_3D and VOLUMETRIC_TO_SLICE operations. op steps only.
//	save            true: write the result. Default false, except for measure steps,
//	                whose tables are written unless save: false. If no step saves
//	                anything, the last step's result is saved.
//
// YAML anchors work (params: &smooth {...}, then params: *smooth).
//
// # Checks
//
// Nothing runs before the whole file is checked. ParsePlan (and LoadPlan, 'kernreg run')
// reports every problem at once as an ErrorList, sorted, each as FILE:LINE:COL: message:
// YAML syntax; unknown, duplicate or misplaced keys (with the nearest known key); values
// of the wrong type; unknown operations (with the registry's hint), backends, channels
// and measurements; unknown parameters (with a suggestion) and bad values, each at its
// own position (Function.CheckNames, then Function.Bind, retried without each culprit);
// input names that are not defined, or defined only by a later step; the wrong number
// of inputs; dtypes that do not match (a uint32 label image given to a float32 input,
// with the convert step that fixes it, or a float32 image given to measure's labels);
// tables used as images; slice_by_slice where the contract forbids it; and inputs of one
// step that cannot have one shape. Shapes are followed symbolically through the
// registry's contract table (PURE_2D and FLEXIBLE keep the shape, PURE_3D keeps it too,
// a plane running as a 1-slice volume, VOLUMETRIC_TO_SLICE drops Z) for every rank the
// pipeline accepts; a result of an operation with a shape function (zoom) depends on the
// data, and is checked by Plan.Shapes when the image's shape is known, before the first
// step of that image runs.
//
// # Plans, memory and conversions
//
// Compile resolves each op step to one registry Function (bare names take the first
// available library in registry.Preference: the GPU when there is one) and plans the
// actions of a run: a step's inputs are converted (registry.To) into its function's
// memory type only where they are not there yet, and a copy, once made, serves every
// later step that needs it; results are copied to host memory to be saved; every copy is
// released right after its last use. Plan.Conversions is the number of conversions per
// image, Plan.Explain prints every action ('kernreg run --explain'), and Result reports
// the conversions a run made and each step's library and time. The pipeline's inputs
// arrive in host memory and belong to the caller.
//
// # Batches
//
// Batch runs a plan over images (CollectInputs: files, and every .npy, .tif and .tiff
// file directly inside folders, sorted by name; two images of one name are an error).
// Image IMAGE's results go to OUTDIR/IMAGE/: NAME.npy per saved image, NAME.csv per
// table, and run.json (the pipeline's path and sha256, the input's path, size and
// modification time, the outputs, the conversions and each step's library and time).
// The folder is assembled as OUTDIR/.IMAGE.tmp-* and renamed into place after its last
// file, so it exists only complete: an interrupted or failed image leaves nothing, and
// the next run removes such leftovers of its own images. An image whose folder has
// run.json for the same pipeline bytes and the same input file (size and modification
// time) and every output is skipped (Force recomputes). After the last image, each table
// is gathered from the images' folders into OUTDIR/NAME.csv with a first column "image"
// (written atomically; only when every image succeeded).
//
// # Shards
//
// A Shard I/N selects the I-th (0-based) of N contiguous, nearly equal blocks of the
// sorted images (Select); the blocks of 0/N..N-1/N are disjoint and cover the list, so
// N jobs sharing OUTDIR each do their part. ShardFromEnv finds the shard of a Slurm job
// array (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, divided by SLURM_ARRAY_TASK_STEP,
// of SLURM_ARRAY_TASK_COUNT: arrays given as a range, such as --array=1-16 or 0-30:2)
// or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, of a count passed by flag or
// KERNREG_SHARD_COUNT). A shard writes its tables as NAME.shard-I-of-N.csv; a run
// without a shard after all shards finished finds every image complete and writes the
// combined NAME.csv. examples/slurm/run.sbatch and examples/k8s/job.yaml show both.
package pipeline
