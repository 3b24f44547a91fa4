using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TaskRuns.EndToEnd.Tests.EmulatorApi;

/// <summary>RunWisp with auth switched off (<c>--runwisp-auth off</c>), in both daemon shapes, against auth on.</summary>
public sealed class RunWispAuthOffTests
{
    [Theory]
    [InlineData("seed", "/api/auth")]
    [InlineData("new", "/api/auth/login")]
    public async Task With_auth_off_requests_need_no_token_and_status_and_info_say_so(string shape, string loginPath)
    {
        await using var emulator = await OwnEmulator.StartAsync(o =>
        {
            o.RunWispApi = shape;
            o.RunWispAuthDisabled = true;
        });
        using var anonymous = emulator.Anonymous();

        using (var tasks = await anonymous.GetAsync("/api/tasks"))
        {
            Assert.Equal(200, (int)tasks.StatusCode);
        }

        var runs = await emulator.Json("/api/runs?limit=1", anonymous);
        var runId = runs.GetProperty(shape == "new" ? "items" : "runs")[0].GetProperty("id").GetString();
        using (var log = await anonymous.GetAsync($"/api/tasks/{runs.GetProperty(shape == "new" ? "items" : "runs")[0].GetProperty("task_name").GetString()}/runs/{runId}/log"))
        {
            Assert.Equal(200, (int)log.StatusCode);
        }

        var status = await emulator.Json("/api/auth/status", anonymous);
        Assert.True(status.GetProperty("auth_disabled").GetBoolean());
        Assert.True(status.GetProperty("authenticated").GetBoolean());
        var info = await emulator.Json("/api/info", anonymous);
        Assert.True(info.GetProperty("auth_disabled").GetBoolean());

        // A client that still logs in (here with a wrong password) gets a token, and the token works.
        var nonce = (await emulator.Json("/api/auth/challenge", anonymous)).GetProperty("nonce").GetString();
        var login = await emulator.PostJson(loginPath, JsonSerializer.Serialize(new { nonce, response = new string('0', 64) }), anonymous);
        using var withToken = emulator.Anonymous();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.GetProperty("token").GetString());
        using var authed = await withToken.GetAsync("/api/tasks");
        Assert.Equal(200, (int)authed.StatusCode);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("new")]
    public async Task With_auth_on_requests_without_a_token_get_401_and_status_and_info_say_auth_is_on(string shape)
    {
        await using var emulator = await OwnEmulator.StartAsync(o => o.RunWispApi = shape);
        using var anonymous = emulator.Anonymous();

        using var tasks = await anonymous.GetAsync("/api/tasks");
        Assert.Equal(401, (int)tasks.StatusCode);
        Assert.Equal("unauthorized", await tasks.Content.ReadAsStringAsync());
        var status = await emulator.Json("/api/auth/status", anonymous);
        Assert.False(status.GetProperty("auth_disabled").GetBoolean());
        Assert.False(status.GetProperty("authenticated").GetBoolean());
        Assert.False((await emulator.Json("/api/info", anonymous)).GetProperty("auth_disabled").GetBoolean());

        var nonce = (await emulator.Json("/api/auth/challenge", anonymous)).GetProperty("nonce").GetString();
        using var wrong = await anonymous.PostAsync(shape == "new" ? "/api/auth/login" : "/api/auth",
            new StringContent(JsonSerializer.Serialize(new { nonce, response = new string('0', 64) }), Encoding.UTF8, "application/json"));
        Assert.Equal(401, (int)wrong.StatusCode);
    }
}
