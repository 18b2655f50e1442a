using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Shop.Abstractions.Tasks;
using Shop.Web.Services.Tasks;
using Shop.Web.Web;

namespace Shop.Web.Pages.Admin;

/// <summary>Scheduled tasks with their last run, and "run now" (under the same lease as scheduled runs).</summary>
public sealed class TasksModel(IScheduleTaskService tasks, ScheduleTaskExecutor executor, ShopUi ui) : PageModel
{
    public IReadOnlyList<ScheduleTask> Tasks { get; private set; } = [];

    public async Task OnGetAsync() => Tasks = await tasks.GetAllTasksAsync();

    public async Task<IActionResult> OnPostRunAsync(int id)
    {
        var outcome = await executor.RunAsync(id, onlyWhenDue: false, HttpContext.RequestAborted);
        if (outcome == TaskRunOutcome.NotFound)
            return NotFound();
        if (outcome == TaskRunOutcome.Succeeded)
            TempData["Message"] = ui["Admin.Tasks.Outcome.Succeeded"];
        else
            TempData["Error"] = ui["Admin.Tasks.Outcome." + outcome];
        return RedirectToPage();
    }
}
