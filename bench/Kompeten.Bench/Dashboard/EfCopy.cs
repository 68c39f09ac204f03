using System.Text.RegularExpressions;
using Kompeten.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Kompeten.Bench.Dashboard;

/// <summary>
/// Npgsql binary COPY of entities, with the columns, value converters and store types read from
/// the EF model — so the loader follows the schema (snake_case names, enums stored as text) instead
/// of repeating it. Rows carry their ids (the generator assigns them); sequences are reset after.
/// </summary>
public static partial class EfCopy
{
    public static async Task<int> CopyAsync<T>(NpgsqlConnection connection, AppDbContext db, IEnumerable<T> rows) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(store)))
            .Where(c => c.Column is not null)
            .Select(c => (c.Column, Get: c.Property.GetGetter(), Converter: c.Property.GetTypeMapping().Converter,
                Type: Facets().Replace(c.Property.GetColumnType(), "")))
            .ToArray();
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Column}\""))}) FROM STDIN (FORMAT BINARY)";
        var count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(sql))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                foreach (var c in columns)
                {
                    var value = c.Get.GetClrValue(row);
                    if (value is not null && c.Converter is not null) value = c.Converter.ConvertToProvider(value);
                    if (value is null) await importer.WriteNullAsync();
                    else await importer.WriteAsync(value, c.Type);
                }
                count++;
            }
            await importer.CompleteAsync();
        }
        return count;
    }

    /// <summary>Sets a table's identity sequence past the largest id loaded.</summary>
    public static async Task ResetSequenceAsync(NpgsqlConnection connection, string table)
    {
        await using var cmd = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest((SELECT max(id) FROM \"{table}\"), 1))", connection);
        await cmd.ExecuteScalarAsync();
    }

    /// <summary>"character varying(200)" → "character varying": Npgsql takes the type name without its facets.</summary>
    [GeneratedRegex(@"\(\d+(,\s*\d+)?\)")]
    private static partial Regex Facets();
}
