using System.Runtime.InteropServices;
using System.Text;

namespace Engine.Kernels.Ilgpu;

/// <summary>One OpenCL device as its driver reports it, and whether ILGPU can compile for it.</summary>
/// <param name="Name">The device's name.</param>
/// <param name="Platform">The platform (driver) it belongs to.</param>
/// <param name="CVersion">Its CL_DEVICE_OPENCL_C_VERSION, e.g. "OpenCL C 1.2 PoCL".</param>
/// <param name="GenericAddressSpace">Whether it reports CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT (OpenCL 3.0).</param>
public sealed record OpenClDeviceInfo(string Name, string Platform, string CVersion, bool GenericAddressSpace)
{
    /// <summary>What ILGPU lacks on this device, or null when it has what ILGPU needs (OpenCL C 2.0, or 3.0 with the generic address space).</summary>
    public string? Lacks => CMajor() switch
    {
        2 => null,
        >= 3 => GenericAddressSpace ? null : "OpenCL C 3.0 without the generic address space",
        _ => $"{CVersion.Trim()}, not 2.0",
    };

    private int CMajor()
    {
        // "OpenCL C <major>.<minor> <vendor text>"
        var parts = CVersion.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && int.TryParse(parts[2].Split('.')[0], out var major) ? major : 0;
    }
}

/// <summary>
/// Lists OpenCL devices through the ICD loader itself: ILGPU lists only devices it can use, so on
/// PoCL or NVIDIA's OpenCL (which lack what ILGPU needs) it finds nothing, and
/// <c>--device opencl</c> could not say what is there. Four entry points, read-only queries.
/// </summary>
public static partial class OpenClDevices
{
    private const string Library = "libOpenCL.so.1";
    private const uint PlatformName = 0x0902, DeviceName = 0x102B, DeviceOpenClCVersion = 0x103D, DeviceGenericAddressSpaceSupport = 0x1069;
    private const ulong DeviceTypeAll = 0xFFFFFFFF;

    /// <summary>Every device of every platform, or null and why not when there is no ICD loader.</summary>
    public static IReadOnlyList<OpenClDeviceInfo>? List(out string reason)
    {
        reason = "";
        try
        {
            return Enumerate();
        }
        catch (DllNotFoundException)
        {
            reason = $"no OpenCL ICD loader ({Library}) is installed";
            return null;
        }
    }

    private static unsafe List<OpenClDeviceInfo> Enumerate()
    {
        var result = new List<OpenClDeviceInfo>();
        uint count = 0;
        // -1001 (CL_PLATFORM_NOT_FOUND_KHR): the loader found no platform.
        if (GetPlatformIDs(0, null, &count) != 0 || count == 0) return result;
        var platforms = new nint[count];
        fixed (nint* p = platforms) GetPlatformIDs(count, p, null);
        foreach (var platform in platforms)
        {
            var platformName = Text((size, value, ret) => GetPlatformInfo(platform, PlatformName, size, value, ret));
            uint n = 0;
            if (GetDeviceIDs(platform, DeviceTypeAll, 0, null, &n) != 0 || n == 0) continue;
            var devices = new nint[n];
            fixed (nint* d = devices) GetDeviceIDs(platform, DeviceTypeAll, n, d, null);
            foreach (var device in devices)
            {
                uint generic = 0;
                // Before OpenCL 3.0 the query is unknown (an error): no generic address space reported.
                var hasGeneric = GetDeviceInfo(device, DeviceGenericAddressSpaceSupport, sizeof(uint), &generic, null) == 0 && generic != 0;
                result.Add(new OpenClDeviceInfo(
                    Text((size, value, ret) => GetDeviceInfo(device, DeviceName, size, value, ret)).Trim(), platformName,
                    Text((size, value, ret) => GetDeviceInfo(device, DeviceOpenClCVersion, size, value, ret)), hasGeneric));
            }
        }
        return result;
    }

    private unsafe delegate int InfoQuery(nuint size, void* value, nuint* sizeRet);

    private static unsafe string Text(InfoQuery query)
    {
        nuint size = 0;
        if (query(0, null, &size) != 0 || size == 0) return "?";
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes) if (query(size, b, null) != 0) return "?";
        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    [LibraryImport(Library, EntryPoint = "clGetPlatformIDs")]
    private static unsafe partial int GetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library, EntryPoint = "clGetPlatformInfo")]
    private static unsafe partial int GetPlatformInfo(nint platform, uint name, nuint size, void* value, nuint* sizeRet);

    [LibraryImport(Library, EntryPoint = "clGetDeviceIDs")]
    private static unsafe partial int GetDeviceIDs(nint platform, ulong type, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library, EntryPoint = "clGetDeviceInfo")]
    private static unsafe partial int GetDeviceInfo(nint device, uint name, nuint size, void* value, nuint* sizeRet);
}
