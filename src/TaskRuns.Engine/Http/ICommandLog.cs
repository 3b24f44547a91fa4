namespace TaskRuns.Http
{
    /// <summary>Where background work reports progress text; the cmdlet forwards it to the Verbose/Warning streams on the pipeline thread.</summary>
    internal interface ICommandLog
    {
        void Verbose(string message);
        void Warning(string message);
    }

    internal sealed class NullCommandLog : ICommandLog
    {
        public static readonly NullCommandLog Instance = new();
        public void Verbose(string message) { }
        public void Warning(string message) { }
    }
}
