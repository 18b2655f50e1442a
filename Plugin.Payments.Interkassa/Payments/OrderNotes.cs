using Shop.Abstractions.Domain;
using Shop.Abstractions.Orders;

namespace Plugin.Payments.Interkassa.Payments;

/// <summary>nopCommerce's <see cref="IOrderService.InsertOrderNoteAsync"/> takes a note the caller builds; the plugin's notes are dated by its clock.</summary>
public static class OrderNotes
{
    public static Task AddNoteAsync(this IOrderService orderService, int orderId, string note, bool displayToCustomer, TimeProvider time) =>
        orderService.InsertOrderNoteAsync(new OrderNote
        {
            OrderId = orderId, Note = note, DisplayToCustomer = displayToCustomer, CreatedOnUtc = time.GetUtcNow().UtcDateTime,
        });
}
