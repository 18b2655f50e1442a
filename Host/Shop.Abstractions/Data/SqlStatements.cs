using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shop.Abstractions.Data;

/// <summary>
/// Addition to nopCommerce (there: the data provider's <c>ExecuteScalar</c> and <c>Query</c>). A statement that hands
/// back a value or a row, such as <c>INSERT … RETURNING "Id"</c>, sent the way <c>ExecuteSqlRaw</c> sends its
/// statements: on the context's connection and transaction, through its interceptors and command log, with every value
/// as a parameter (<c>{0}</c>, <c>{1}</c> … in the text). It skips the LINQ query pipeline that <c>SqlQuery</c> and
/// <c>FromSql</c> take (building and comparing an expression tree on every call), which on a short write costs as much
/// as the statement.
/// </summary>
public static class SqlStatements
{
    /// <summary>Runs <paramref name="sql"/> and returns the first column of its first row as <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The statement returned no value.</exception>
    public static async Task<T> ExecuteScalarAsync<T>(this DatabaseFacade database, string sql, IReadOnlyList<object?> parameters,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var (command, parameterObject) = Build(database, sql, parameters);
        var value = await command.ExecuteScalarAsync(parameterObject, cancellationToken);
        return value is null or DBNull
            ? throw new InvalidOperationException("The statement returned no value.")
            : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="sql"/>; true when it returned a row, which <paramref name="readRow"/> has read.</summary>
    public static async Task<bool> ExecuteRowAsync(this DatabaseFacade database, string sql, IReadOnlyList<object?> parameters,
        Action<DbDataReader> readRow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(readRow);
        var (command, parameterObject) = Build(database, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(parameterObject, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return false;
        readRow(reader.DbDataReader);
        return true;
    }

    private static (IRelationalCommand Command, RelationalCommandParameterObject Parameters) Build(DatabaseFacade database, string sql,
        IReadOnlyList<object?> parameters)
    {
        // Null is a value like any other here; DBNull (what SqlQueryRaw and ExecuteSqlRaw need) is taken as null.
        var values = parameters.Select(value => value is DBNull ? null : value).ToArray();
        var command = database.GetService<IRawSqlCommandBuilder>().Build(sql, values!);
        return (command.RelationalCommand, new RelationalCommandParameterObject(database.GetService<IRelationalConnection>(),
            command.ParameterValues, null, database.GetService<ICurrentDbContext>().Context,
            database.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw));
    }
}
