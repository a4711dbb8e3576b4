namespace Kfork.Kern;

/// <summary>
/// arc4random(9) for a deterministic kernel: xoshiro256** seeded from the boot seed, so the same
/// program, profile and seed draw the same numbers (kern.randompid depends on it).
/// </summary>
public sealed class Arc4random
{
    private ulong s0, s1, s2, s3;

    public Arc4random(ulong seed)
    {
        // splitmix64 expands the seed so that small seeds still give well-mixed state.
        s0 = SplitMix(ref seed); s1 = SplitMix(ref seed); s2 = SplitMix(ref seed); s3 = SplitMix(ref seed);
    }

    public uint Next() => (uint)(NextUInt64() >> 32);

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
