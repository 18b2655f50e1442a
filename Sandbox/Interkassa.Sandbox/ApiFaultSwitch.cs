namespace Interkassa.Sandbox;

/// <summary>Makes the next N matching <c>/v1/</c> calls fail with a chosen status, to test a client's retries.</summary>
public sealed class ApiFaultSwitch
{
    private readonly Lock _gate = new();
    private int _remaining;
    private int _status = 503;
    private string? _pathContains;

    public void Set(ApiFaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            _remaining = Math.Max(0, request.FailNextCalls);
            _status = request.Status;
            _pathContains = string.IsNullOrEmpty(request.PathContains) ? null : request.PathContains;
        }
    }

    public ApiFaultRequest Current()
    {
        lock (_gate)
        {
            return new ApiFaultRequest(_remaining, _status, _pathContains);
        }
    }

    /// <summary>True (once per armed failure) when this call must fail with <paramref name="status"/>.</summary>
    public bool TryConsume(string path, out int status)
    {
        lock (_gate)
        {
            status = _status;
            if (_remaining <= 0 || (_pathContains is not null && !path.Contains(_pathContains, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            _remaining--;
            return true;
        }
    }
}
