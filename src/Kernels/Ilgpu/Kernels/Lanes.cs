namespace Engine.Kernels.Ilgpu;

/// <summary>
/// A grid-stride launch: <see cref="Threads"/> threads cover <see cref="Count"/> elements, thread t
/// taking t, t + Threads, t + 2 Threads, ... A GPU gets at most as many threads as it holds at
/// once (the usual grid-stride size); ILGPU's CPU emulator holds 4, so a launch is one group
/// instead of one group per 4 elements (each group costs the emulator a wake-up of its OS threads:
/// an elementwise op over 100,000 elements took 155 ms one thread per element, here).
/// </summary>
internal readonly record struct Lanes(int Count, int Threads);
