using System.Diagnostics;

namespace Cake.GitLabDocker.Tests;

/// <summary>Waits on a condition, never on a fixed delay; the bound is generous so a busy machine only makes it slower.</summary>
internal static class Wait
{
    /// <summary>Returns whether <paramref name="condition"/> held within <paramref name="bound"/>, checking every 50 ms.</summary>
    public static bool Until(Func<bool> condition, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > bound)
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }
}
