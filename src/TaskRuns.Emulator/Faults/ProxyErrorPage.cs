namespace TaskRuns.Emulator.Faults;

/// <summary>The HTML page of the "html" fault: what a reverse proxy answers when the API behind it is down.</summary>
internal static class ProxyErrorPage
{
    public const string Html =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
        "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}
