using Kfork.Sys;

namespace Kfork.Kern;

/// <summary>kern_time.c on the virtual clock: clock_gettime and nanosleep cost no wall time.</summary>
public sealed partial class Kernel
{
    public const int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 4;
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>The virtual time in nanoseconds since boot.</summary>
    public long UptimeNanos => Ticks * (NanosPerSecond / Profile.Hz);

    /// <summary>clock_gettime: EINVAL for an unknown clock; both clocks count from boot.</summary>
    public Errno ClockGettime(int clock, out long sec, out long nsec)
    {
        sec = nsec = 0;
        if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) return Errno.EINVAL;
        long now = UptimeNanos;
        sec = now / NanosPerSecond;
        nsec = now % NanosPerSecond;
        return Errno.OK;
    }

    /// <summary>
    /// nanosleep: EINVAL for a negative or out-of-range interval; otherwise sleep at least that long
    /// (rounded up to whole ticks), interruptibly: a caught signal ends it with EINTR, and the time
    /// left is copied out to <paramref name="rmtp"/> when given.
    /// </summary>
    public Errno SysNanosleep(Lwp td, long sec, long nsec, ulong rmtp = 0)
    {
        if (sec < 0 || nsec < 0 || nsec >= NanosPerSecond) return Errno.EINVAL;
        long tickNanos = NanosPerSecond / Profile.Hz;
        long ticks = sec > long.MaxValue / NanosPerSecond / 2 ? int.MaxValue
            : (sec * NanosPerSecond + nsec + tickNanos - 1) / tickNanos;
        if (ticks == 0) return Errno.OK;
        int timo = (int)Math.Min(ticks, int.MaxValue);
        SleepContinuation then = rmtp == 0 ? NanosleepDone.Instance : new NanosleepRemaining(Ticks + timo, rmtp);
        var error = Tsleep(td, td, "nanslp", timo, true, then);
        return error == Errno.EJUSTRETURN ? error : then.Resume(this, td, error);
    }

    /// <summary>The timeout is nanosleep's normal end; a signal's EINTR passes through (never restarted).</summary>
    private sealed class NanosleepDone : SleepContinuation
    {
        public static readonly NanosleepDone Instance = new();
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError) =>
            sleepError == Errno.EAGAIN || sleepError == Errno.OK ? Errno.OK : Errno.EINTR;
    }

    /// <summary>As <see cref="NanosleepDone"/>, and on EINTR the unslept time goes to rmtp.</summary>
    private sealed class NanosleepRemaining(long deadlineTick, ulong rmtp) : SleepContinuation
    {
        public override Errno Resume(Kernel k, Lwp td, Errno sleepError)
        {
            var error = NanosleepDone.Instance.Resume(k, td, sleepError);
            if (error != Errno.EINTR) return error;
            long left = Math.Max(0, deadlineTick - k.Ticks) * (NanosPerSecond / k.Profile.Hz);
            var copy = CopyOutTimespec(td, rmtp, left / NanosPerSecond, left % NanosPerSecond);
            return copy != Errno.OK ? copy : Errno.EINTR;
        }
    }

    /// <summary>sched_yield: the caller goes to the back of the run queue.</summary>
    public Errno SysSchedYield(Lwp td)
    {
        if (td.Md != null) SetRunQueue(td);
        return Errno.OK;
    }
}
