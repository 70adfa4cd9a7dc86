// Command kernreg runs and inspects kernreg's registry of image-processing operations.
//
// Usage:
//
//	kernreg list [--library L] [--contract C] [--tag T] [--json]
//	kernreg info NAME [--json]
//	kernreg devices [--json]
//	kernreg apply NAME [--backend auto|cpu|opencl|cuda] [-p name=value]... [--slice-by-slice] IN.npy|IN.tif... OUT.npy|OUT.tif
//	kernreg demo [--out DIR] [--backend auto|cpu|opencl|cuda]
//	kernreg run PIPELINE.yaml INPUT... -o OUTDIR [--backend B] [--shard I/N | --shards N] [--explain] [--force] [--keep-going]
//	kernreg measure LABELS.npy [INTENSITY.npy] [--csv OUT]
//	kernreg --version
//
// Global flags: -v/--verbose makes apply report the library that ran and the time taken
// on stderr; --opencl-device chooses the OpenCL device (an index or platform#device ID
// from 'kernreg devices', gpu or cpu, or part of its name; default $KERNREG_OPENCL_DEVICE,
// else the first GPU); --help works on every command.
//
// # Commands
//
// list prints the registered functions sorted by key (library:name) as a table of key,
// contract, tags and reference, or with --json as an array of objects with exactly the
// keys key, name, library, contract, memory_type, module, original_name, doc, tags,
// params and ref. Each parameter has name, type, default (as a user types it; "" when
// the parameter is required) and doc, plus min, max and enum where they are set.
// Contracts print as PURE_2D, PURE_3D, FLEXIBLE and VOLUMETRIC_TO_SLICE; --contract
// accepts them in any case.
//
// info describes one function: its parameters (type, default, range or enum, doc), its
// image inputs and their dtypes, the output dtype and what its contract means for 2D and
// 3D inputs. NAME is a key or a bare name; a bare name describes the implementation
// apply would run (the first available library in registry.Preference order) and lists
// every library that has the operation, with why an unavailable one is unavailable.
//
// devices lists every backend kernreg knows (registry.KnownBackends): whether this build
// has it, whether it is available on this machine or why not, the devices of an
// available one (name, ID, type, vendor, platform, version, driver, memory, compute
// units, how programs are compiled for it where the backend has a choice: CUDA's NVRTC
// or embedded PTX, see KERNREG_CUDA_COMPILE in package kernels/cuda, and which one is
// selected), why bare names pass over an available backend (an
// OpenCL CPU device nobody selected), and the preference order in which a bare name
// picks a library.
//
// apply runs one function. There must be one IN file per image input of the function.
// Inputs are .npy arrays of 2 or 3 dimensions of any dtype imageio.ReadNPY reads, or
// TIFF files (.tif, .tiff) that package imageio/tiff reads holding one plane or Z stack
// of one channel and time point; each is converted to the dtype the function expects
// with registry.ConvertDType, which refuses lossy conversions (fractional values for a
// label input, say). Parameters are -p name=value in the syntax info shows
// (-p sigma=1,2,2); those not given take their defaults. The function's name, inputs and
// parameters are checked before any file is read. OUT must end in .npy, .tif or .tiff
// and receives float32, or uint32 for label results (a TIFF OUT is uncompressed, with
// OME-XML and the first input's pixel size when the result keeps its Y x X); it is
// written to a temporary file in OUT's directory and renamed into place, so an error
// never leaves a partial or missing OUT where there was one before.
//
// demo generates a synthetic 24x128x128 stack of about 20 nuclei (deterministically, in
// Go), runs maximum_z_projection, gaussian_filter, threshold_otsu, label and
// maximum_z_projection of the labels and of the smoothed stack on it, prints every step
// with the library that ran it and the time taken, and writes input.npy and one PNG
// preview per step into DIR (default ./kernreg-demo). If this build lacks one of the
// operations, demo fails before writing anything and names every missing one.
//
// run runs a pipeline file (package pipeline documents the format) over images: each
// INPUT is a .npy, .tif or .tiff file or a folder of them (not recursive). Images are
// sorted by name; IMAGE's results go to OUTDIR/IMAGE/ (NAME.npy per saved result,
// NAME.csv per measurement, run.json), a folder that appears only complete, so an
// interruption (Ctrl-C, SIGTERM) leaves no partial results and a rerun skips complete
// images (--force recomputes). Measurements of all images are gathered into
// OUTDIR/NAME.csv with an image column. The pipeline is checked whole before any image
// is read: each problem is printed on its own line as FILE:LINE:COL: message, followed
// by the usual error line "kernreg: FILE: N problems (above)". --explain prints the plan
// (library of each step, every memory conversion) on stdout and runs nothing. --shard
// I/N runs the I-th (0-based) of N contiguous parts of the sorted images; without it the
// shard comes from a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN,
// SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with
// --shards N or KERNREG_SHARD_COUNT). On stderr: a progress bar on a terminal, else
// one line per image; then a summary with the number of memory conversions made.
//
// measure measures every label of a label image with measure.Regions (the columns of
// skimage.measure.regionprops_table: label, area, centroid-K, bbox-K and, given an
// intensity image of the same shape, intensity_mean, intensity_min, intensity_max) and
// writes the table as CSV to stdout, or with --csv OUT through a temporary file renamed
// into place. LABELS.npy must hold non-negative integers (converted to uint32 as apply
// converts label inputs); INTENSITY.npy is converted to float32.
//
// # Errors and exit status
//
// Every error is one line on stderr, "kernreg: <message>"; multi-line messages (a
// compiler log) are folded onto it with " | ". Exit status:
//
//	0  success
//	1  the command could not be carried out: unknown function or parameter, bad
//	   parameter value, wrong number of IN files for the function, unreadable or
//	   corrupt input, lossy dtype conversion, backend not in this build or unavailable,
//	   kernel failure, unwritable OUT
//	2  the command line is malformed: unknown command, flag or help topic, missing flag
//	   value, wrong number of arguments for the command, -p without name=value or given
//	   twice, --backend or --contract outside its fixed set, a key (cpu:name) together
//	   with --backend, OUT not ending in .npy; the message ends with a pointer to --help
//
// The line is drawn at what can be judged from the command line alone: exit 2 means
// the invocation is wrong whatever the build, while everything that depends on what this
// build registers, on the machine or on the files is 1. An unknown function name is
// therefore 1, like a missing file: the same command succeeds with a build that has it.
package main
