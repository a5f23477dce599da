using System.Runtime.InteropServices;
using Engine.Kernels.Gpu;

namespace Engine.Kernels.OpenCl;

/// <summary>
/// The few OpenCL 1.2 entry points the backend uses, bound with <c>[LibraryImport]</c> to the ICD
/// loader <c>libOpenCL.so.1</c>. Handles are opaque pointers; sizes are <c>size_t</c> (nuint).
/// </summary>
internal static partial class OpenClNative
{
    private const string Library = "libOpenCL.so.1";

    public const int Success = 0;
    public const int DeviceNotFound = -1;
    public const int MemObjectAllocationFailure = -4;
    public const int OutOfResources = -5;
    public const int OutOfHostMemory = -6;
    public const int BuildProgramFailure = -11;
    public const int PlatformNotFoundKhr = -1001;

    public const ulong DeviceTypeCpu = 1 << 1;
    public const ulong DeviceTypeGpu = 1 << 2;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;

    public const uint DeviceType = 0x1000;
    public const uint DeviceMaxWorkGroupSize = 0x1004;
    public const uint DeviceGlobalMemSize = 0x101F;
    public const uint DeviceName = 0x102B;
    public const uint DeviceVendor = 0x102C;
    public const uint DeviceExtensions = 0x1030;
    public const uint PlatformName = 0x0902;
    public const uint ProgramBuildLog = 0x1183;

    public const ulong MemReadWrite = 1 << 0;

    [LibraryImport(Library, EntryPoint = "clGetPlatformIDs")]
    public static unsafe partial int GetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library, EntryPoint = "clGetPlatformInfo")]
    public static unsafe partial int GetPlatformInfo(nint platform, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clGetDeviceIDs")]
    public static unsafe partial int GetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library, EntryPoint = "clGetDeviceInfo")]
    public static unsafe partial int GetDeviceInfo(nint device, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clCreateContext")]
    public static unsafe partial nint CreateContext(nint* properties, uint numDevices, nint* devices, nint callback, nint userData, int* error);

    [LibraryImport(Library, EntryPoint = "clCreateCommandQueue")]
    public static unsafe partial nint CreateCommandQueue(nint context, nint device, ulong properties, int* error);

    [LibraryImport(Library, EntryPoint = "clCreateBuffer")]
    public static unsafe partial nint CreateBuffer(nint context, ulong flags, nuint size, void* hostPtr, int* error);

    [LibraryImport(Library, EntryPoint = "clReleaseMemObject")]
    public static partial int ReleaseMemObject(nint memory);

    [LibraryImport(Library, EntryPoint = "clEnqueueWriteBuffer")]
    public static unsafe partial int EnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* source,
        uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clEnqueueReadBuffer")]
    public static unsafe partial int EnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* destination,
        uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clCreateProgramWithSource")]
    public static unsafe partial nint CreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* error);

    [LibraryImport(Library, EntryPoint = "clBuildProgram", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int BuildProgram(nint program, uint numDevices, nint* devices, string options, nint callback, nint userData);

    [LibraryImport(Library, EntryPoint = "clGetProgramBuildInfo")]
    public static unsafe partial int GetProgramBuildInfo(nint program, nint device, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clCreateKernel", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial nint CreateKernel(nint program, string name, int* error);

    [LibraryImport(Library, EntryPoint = "clSetKernelArg")]
    public static unsafe partial int SetKernelArg(nint kernel, uint index, nuint size, void* value);

    [LibraryImport(Library, EntryPoint = "clEnqueueNDRangeKernel")]
    public static unsafe partial int EnqueueNDRangeKernel(nint queue, nint kernel, uint workDim, nuint* globalOffset, nuint* globalSize,
        nuint* localSize, uint numEvents, nint* waitList, nint* evt);

    [LibraryImport(Library, EntryPoint = "clFinish")]
    public static partial int Finish(nint queue);

    /// <summary>Throws with the OpenCL error name when <paramref name="status"/> is not success.</summary>
    public static void Check(int status, string what)
    {
        if (status != Success) throw new GpuException($"opencl: {what} failed with {ErrorName(status)} ({status})");
    }

    public static string ErrorName(int status) => status switch
    {
        -1 => "CL_DEVICE_NOT_FOUND",
        -2 => "CL_DEVICE_NOT_AVAILABLE",
        -3 => "CL_COMPILER_NOT_AVAILABLE",
        -4 => "CL_MEM_OBJECT_ALLOCATION_FAILURE",
        -5 => "CL_OUT_OF_RESOURCES",
        -6 => "CL_OUT_OF_HOST_MEMORY",
        -11 => "CL_BUILD_PROGRAM_FAILURE",
        -30 => "CL_INVALID_VALUE",
        -33 => "CL_INVALID_DEVICE",
        -34 => "CL_INVALID_CONTEXT",
        -36 => "CL_INVALID_COMMAND_QUEUE",
        -38 => "CL_INVALID_MEM_OBJECT",
        -44 => "CL_INVALID_PROGRAM",
        -45 => "CL_INVALID_PROGRAM_EXECUTABLE",
        -46 => "CL_INVALID_KERNEL_NAME",
        -48 => "CL_INVALID_KERNEL",
        -49 => "CL_INVALID_ARG_INDEX",
        -50 => "CL_INVALID_ARG_VALUE",
        -51 => "CL_INVALID_ARG_SIZE",
        -52 => "CL_INVALID_KERNEL_ARGS",
        -54 => "CL_INVALID_WORK_GROUP_SIZE",
        -55 => "CL_INVALID_WORK_ITEM_SIZE",
        -61 => "CL_INVALID_BUFFER_SIZE",
        -63 => "CL_INVALID_GLOBAL_WORK_SIZE",
        -1001 => "CL_PLATFORM_NOT_FOUND_KHR",
        _ => "CL error",
    };
}
