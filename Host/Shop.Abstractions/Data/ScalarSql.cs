using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shop.Abstractions.Data;

/// <summary>
/// Addition to nopCommerce (there: the data provider's <c>ExecuteScalar</c>). A statement that hands back one value,
/// such as <c>INSERT … RETURNING "Id"</c>, sent the way <c>ExecuteSqlRaw</c> sends its statements: on the context's
/// connection and transaction, through its interceptors and command log, with every value as a parameter. It skips the
/// LINQ query pipeline that <c>SqlQuery</c> takes (building and comparing an expression tree on every call), which on
/// a short insert costs as much as the statement.
/// </summary>
public static class ScalarSql
{
    /// <summary>
    /// Runs <paramref name="sql"/>, whose <c>{0}</c>, <c>{1}</c> … placeholders stand for <paramref name="parameters"/>,
    /// and returns the first column of its first row converted to <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The statement returned no value.</exception>
    public static async Task<T> ExecuteScalarAsync<T>(this DatabaseFacade database, string sql, IReadOnlyList<object?> parameters,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        // A null may come as DBNull (what SqlQueryRaw needs); the command builder maps only null itself.
        var values = parameters.Select(value => value is DBNull ? null : value).ToArray();
        var command = database.GetService<IRawSqlCommandBuilder>().Build(sql, values!);
        var context = database.GetService<ICurrentDbContext>().Context;
        var value = await command.RelationalCommand.ExecuteScalarAsync(
            new RelationalCommandParameterObject(database.GetService<IRelationalConnection>(), command.ParameterValues, null, context,
                database.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.ExecuteSqlRaw),
            cancellationToken);
        return value is null or DBNull
            ? throw new InvalidOperationException("The statement returned no value.")
            : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }
}
