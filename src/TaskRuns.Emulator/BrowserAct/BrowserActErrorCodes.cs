namespace TaskRuns.Emulator.BrowserAct;

/// <summary>BrowserAct error envelope codes (non-zero = error).</summary>
internal static class BrowserActErrorCodes
{
    public const int InvalidParameter = 400;
    public const int Unauthorized = 401;
    public const int WorkflowNotExist = 10111;
    public const int TaskNotExist = 10112;
    public const int TaskAlreadyFinished = 10121;
    public const int TaskNotResumable = 10122;
}
