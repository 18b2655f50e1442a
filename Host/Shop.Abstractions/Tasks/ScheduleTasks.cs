namespace Shop.Abstractions.Tasks;

/// <summary>
/// Work the store runs periodically (nopCommerce's shape). Implementations are resolved from the container by type,
/// so register them; the store runs at most one execution of a task at a time across all its processes.
/// </summary>
public interface IScheduleTask
{
    Task ExecuteAsync();
}

/// <summary>
/// Addition to nopCommerce (optional): a task that can be stopped. The store calls this overload instead of
/// <see cref="IScheduleTask.ExecuteAsync()"/> when a task implements it, with a token cancelled at shutdown.
/// </summary>
public interface ICancellableScheduleTask : IScheduleTask
{
    Task ExecuteAsync(CancellationToken cancellationToken);
}

/// <summary>A scheduled task's stored definition and last run.</summary>
public class ScheduleTask
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Full name of the <see cref="IScheduleTask"/> type ("Namespace.Type, Assembly").</summary>
    public string Type { get; set; } = "";

    /// <summary>Interval between runs.</summary>
    public int Seconds { get; set; }

    public bool Enabled { get; set; } = true;

    public bool StopOnError { get; set; }

    public DateTime? LastStartUtc { get; set; }

    public DateTime? LastEndUtc { get; set; }

    public DateTime? LastSuccessUtc { get; set; }

    /// <summary>The last error message, or null after a successful run.</summary>
    public string? LastError { get; set; }
}

public interface IScheduleTaskService
{
    Task<ScheduleTask?> GetTaskByTypeAsync(string type);

    Task<IReadOnlyList<ScheduleTask>> GetAllTasksAsync();

    Task InsertTaskAsync(ScheduleTask task);

    Task UpdateTaskAsync(ScheduleTask task);

    Task DeleteTaskAsync(ScheduleTask task);
}
