using Kompeten.Web.Data;
using Npgsql;

namespace Kompeten.Tests.Infrastructure;

public class ConnectionDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_and_connections_not_reset_by_default()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;Database=kompeten;Username=k"));
        tuned.MaxAutoPrepare.ShouldBe(200);
        tuned.AutoPrepareMinUsages.ShouldBe(2);
        tuned.NoResetOnClose.ShouldBeTrue();
        (tuned.Host, tuned.Database, tuned.Username).ShouldBe(("db", "kompeten", "k"));
    }

    [Fact]
    public void Settings_in_the_connection_string_win()
    {
        var own = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        own.MaxAutoPrepare.ShouldBe(0);
        own.NoResetOnClose.ShouldBeFalse();
    }
}
