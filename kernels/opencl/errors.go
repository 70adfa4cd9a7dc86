package opencl

import (
	"errors"
	"fmt"
)

// Error is a failed OpenCL call: the function, its status and, for a program build, the
// compiler's log.
type Error struct {
	Call   string // the OpenCL function, e.g. clBuildProgram
	Status int32  // its cl_int status
	Detail string // the build log or another explanation; may be empty
}

func (e *Error) Error() string {
	s := fmt.Sprintf("opencl: %s failed (%s)", e.Call, statusName(status(e.Status)))
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Is makes errors.Is(err, ErrOutOfMemory) hold for the statuses that mean the device ran
// out of memory.
func (e *Error) Is(target error) bool {
	return target == ErrOutOfMemory && outOfMemory(status(e.Status))
}

// ErrOutOfMemory is matched (errors.Is) by every failure that means the device (or the
// host memory the driver needs) is exhausted.
var ErrOutOfMemory = errors.New("out of device memory")

const (
	clSuccess                 status = 0
	clDeviceNotFound          status = -1
	clMemObjectAllocFailure   status = -4
	clOutOfResources          status = -5
	clOutOfHostMemory         status = -6
	clBuildProgramFailure     status = -11
	clInvalidBufferSize       status = -61
	clPlatformNotFoundKHR     status = -1001
	clInvalidKernelName       status = -46
	clInvalidArgIndex         status = -49
	clInvalidWorkGroupSize    status = -54
	clInvalidGlobalWorkSize   status = -63
	clCompilerNotAvailable    status = -3
	clInvalidCommandQueueCode status = -36
)

func outOfMemory(s status) bool {
	return s == clMemObjectAllocFailure || s == clOutOfResources || s == clOutOfHostMemory
}

// check turns a status into nil or an *Error naming the call.
func check(call string, s status) error {
	if s == clSuccess {
		return nil
	}
	return &Error{Call: call, Status: int32(s)}
}

// statusName is the cl.h name of a status.
func statusName(s status) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return fmt.Sprintf("OpenCL status %d", int32(s))
}

var statusNames = map[status]string{
	0: "CL_SUCCESS", -1: "CL_DEVICE_NOT_FOUND", -2: "CL_DEVICE_NOT_AVAILABLE",
	-3: "CL_COMPILER_NOT_AVAILABLE", -4: "CL_MEM_OBJECT_ALLOCATION_FAILURE",
	-5: "CL_OUT_OF_RESOURCES", -6: "CL_OUT_OF_HOST_MEMORY",
	-7: "CL_PROFILING_INFO_NOT_AVAILABLE", -8: "CL_MEM_COPY_OVERLAP", -9: "CL_IMAGE_FORMAT_MISMATCH",
	-10: "CL_IMAGE_FORMAT_NOT_SUPPORTED", -11: "CL_BUILD_PROGRAM_FAILURE", -12: "CL_MAP_FAILURE",
	-13: "CL_MISALIGNED_SUB_BUFFER_OFFSET", -14: "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
	-15: "CL_COMPILE_PROGRAM_FAILURE", -16: "CL_LINKER_NOT_AVAILABLE", -17: "CL_LINK_PROGRAM_FAILURE",
	-18: "CL_DEVICE_PARTITION_FAILED", -19: "CL_KERNEL_ARG_INFO_NOT_AVAILABLE",
	-30: "CL_INVALID_VALUE", -31: "CL_INVALID_DEVICE_TYPE", -32: "CL_INVALID_PLATFORM",
	-33: "CL_INVALID_DEVICE", -34: "CL_INVALID_CONTEXT", -35: "CL_INVALID_QUEUE_PROPERTIES",
	-36: "CL_INVALID_COMMAND_QUEUE", -37: "CL_INVALID_HOST_PTR", -38: "CL_INVALID_MEM_OBJECT",
	-39: "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR", -40: "CL_INVALID_IMAGE_SIZE", -41: "CL_INVALID_SAMPLER",
	-42: "CL_INVALID_BINARY", -43: "CL_INVALID_BUILD_OPTIONS", -44: "CL_INVALID_PROGRAM",
	-45: "CL_INVALID_PROGRAM_EXECUTABLE", -46: "CL_INVALID_KERNEL_NAME",
	-47: "CL_INVALID_KERNEL_DEFINITION", -48: "CL_INVALID_KERNEL", -49: "CL_INVALID_ARG_INDEX",
	-50: "CL_INVALID_ARG_VALUE", -51: "CL_INVALID_ARG_SIZE", -52: "CL_INVALID_KERNEL_ARGS",
	-53: "CL_INVALID_WORK_DIMENSION", -54: "CL_INVALID_WORK_GROUP_SIZE",
	-55: "CL_INVALID_WORK_ITEM_SIZE", -56: "CL_INVALID_GLOBAL_OFFSET",
	-57: "CL_INVALID_EVENT_WAIT_LIST", -58: "CL_INVALID_EVENT", -59: "CL_INVALID_OPERATION",
	-60: "CL_INVALID_GL_OBJECT", -61: "CL_INVALID_BUFFER_SIZE", -62: "CL_INVALID_MIP_LEVEL",
	-63: "CL_INVALID_GLOBAL_WORK_SIZE", -64: "CL_INVALID_PROPERTY",
	-65: "CL_INVALID_IMAGE_DESCRIPTOR", -66: "CL_INVALID_COMPILER_OPTIONS",
	-67: "CL_INVALID_LINKER_OPTIONS", -68: "CL_INVALID_DEVICE_PARTITION_COUNT",
	-69: "CL_INVALID_PIPE_SIZE", -70: "CL_INVALID_DEVICE_QUEUE", -71: "CL_INVALID_SPEC_ID",
	-72:   "CL_MAX_SIZE_RESTRICTION_EXCEEDED",
	-1001: "CL_PLATFORM_NOT_FOUND_KHR",
}
