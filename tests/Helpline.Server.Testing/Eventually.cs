namespace Helpline.Server.Testing;

/// <summary>
/// Waits for work that happens in the background (a hosted service, another process) to land. A wait, not a speed
/// assertion: the bound only stops a broken test from hanging the run.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms, failing after 15 s.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the condition was not met in 15 s");
    }
}
