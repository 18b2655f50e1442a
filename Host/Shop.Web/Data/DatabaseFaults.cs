using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Shop.Web.Data;

/// <summary>Tells a failure of the database (unreachable, refusing writes, timing out) from a bug.</summary>
public static class DatabaseFaults
{
    /// <summary>True when the exception or any exception inside it comes from the database provider or EF's update pipeline.</summary>
    public static bool IsDatabaseFault(Exception? exception) => exception switch
    {
        null => false,
        DbException or DbUpdateException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsDatabaseFault),
        _ => IsDatabaseFault(exception.InnerException),
    };
}
