namespace TaskRuns.Emulator.RunWisp;

/// <summary>
/// The RunWisp daemon serves its web UI for any unknown GET path: 200 text/html. Mapped as the
/// origin-wide catch-all, so a client must check the content type before parsing JSON.
/// </summary>
internal static class RunWispWebUi
{
    private const string IndexHtml =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>RunWisp</title>\n" +
        "<script type=\"module\" crossorigin src=\"/assets/index.js\"></script>\n</head>\n<body>\n<div id=\"app\"></div>\n</body>\n</html>\n";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/{**path}", ["GET"], context =>
            Http.JsonResponse.WriteTextAsync(context, StatusCodes.Status200OK, IndexHtml, "text/html; charset=utf-8"));
    }
}
