using System;

namespace TaskRuns.Http
{
    /// <summary>"GET /v1/task/x/executions" for messages: method and path only, never the host's credentials.</summary>
    internal readonly struct HttpMethodAndPath
    {
        public HttpMethodAndPath(string method, Uri uri)
        {
            Method = method;
            Path = uri.PathAndQuery;
        }

        public string Method { get; }
        public string Path { get; }

        public override string ToString() => Method + " " + (Path.Length > 200 ? Path.Substring(0, 200) + "…" : Path);
    }
}
